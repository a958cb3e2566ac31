// The poller's public entry points: startPoller (a loop until stop()) and pollOnce (catch up
// with every source, then return). Both write their stats to the store after every cycle.
import { releasePollerLeases } from '../store/index.ts';
import { pollCycle, writeStatus, type CycleResult } from './poll-cycle.ts';
import { createPollerContext, type PollerContext, type PollerOptions } from './poller-context.ts';
import type { PollerStatsSnapshot } from './poller-stats.ts';
import { fetchExecution, registerActivePoller, unregisterActivePoller } from './fetch-on-demand.ts';
import { createRetentionHook } from './retention-hook.ts';

export interface PollerHandle {
  readonly pollerId: string;
  /** Finishes the request in flight, gives up its leases and closes the SDK clients. */
  stop(): Promise<void>;
  stats(): PollerStatsSnapshot;
  /** Resolves after the next complete cycle (tests, the CLI's progress). */
  nextCycle(): Promise<CycleResult>;
  /** Fetches one execution now (the API's on-demand fetch); false when no source has it. */
  fetchExecution(executionArn: string): Promise<boolean>;
}

export function startPoller(options: PollerOptions): PollerHandle {
  const ctx = createPollerContext(options);
  const retention = createRetentionHook(ctx, ctx.retention);
  let wake: (() => void) | null = null;
  let waiters: Array<(r: CycleResult) => void> = [];
  // The status row (GET /api/health: calls, throttles, liveness) is written after each cycle and
  // also every interval while one lasts: a cycle that throttling stretches with backoff (or a
  // backfill) would otherwise show nothing of it until it ends, and nothing at all when the
  // process is killed first (the soak saw 0 throttles that way).
  const heartbeat = setInterval(() => {
    if (!ctx.stopping) void writeStatus(ctx).catch(() => undefined);
  }, Math.max(1_000, ctx.poll.intervalMs));
  heartbeat.unref();
  const loop = (async () => {
    while (!ctx.stopping) {
      let result: CycleResult;
      try {
        result = await pollCycle(ctx);
        await runAfterCycle(ctx);
        retention?.afterCycle();
      } catch (error) {
        // Store failures: report and try again next interval.
        ctx.log(`steplens poll: cycle failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        result = { moreWork: false, progress: 0, errors: [] };
      }
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve(result);
      if (ctx.stopping) break;
      // Catching up (a backfill): go straight on; otherwise wait for the interval.
      if (result.moreWork) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ctx.poll.intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();
  const handle: PollerHandle = {
    pollerId: ctx.pollerId,
    async stop() {
      ctx.stopping = true;
      clearInterval(heartbeat);
      (wake as (() => void) | null)?.();
      await loop;
      await retention?.settle();
      unregisterActivePoller(handle);
      await writeStatus(ctx).catch(() => undefined);
      await releasePollerLeases(ctx.store, ctx.pollerId).catch(() => undefined);
      await Promise.all([...ctx.clients.values()].map((c) => c.close()));
    },
    stats: () => ctx.stats.snapshot(),
    nextCycle: () => new Promise((resolve) => waiters.push(resolve)),
    fetchExecution: (arn) => fetchExecution(ctx, arn),
  };
  registerActivePoller(handle);
  return handle;
}

export interface PollOnceResult {
  cycles: number;
  stats: PollerStatsSnapshot;
  errors: CycleResult['errors'];
}

/**
 * Catches up: cycles until no listing pass or terminal backlog is left (running executions are
 * read once), at most `maxCycles`. Returns the final stats.
 */
export async function pollOnce(options: PollerOptions & { maxCycles?: number }): Promise<PollOnceResult> {
  const ctx: PollerContext = createPollerContext(options);
  let cycles = 0;
  let last: CycleResult = { moreWork: false, progress: 0, errors: [] };
  try {
    do {
      last = await pollCycle(ctx);
      await runAfterCycle(ctx);
      cycles += 1;
    } while (last.moreWork && cycles < (options.maxCycles ?? 10_000) && !ctx.stopping);
    // Caught up: one pruning pass when due (awaited: the process exits after this).
    await createRetentionHook(ctx, ctx.retention)?.runNow();
    return { cycles, stats: ctx.stats.snapshot(), errors: last.errors };
  } finally {
    await releasePollerLeases(ctx.store, ctx.pollerId).catch(() => undefined);
    await Promise.all([...ctx.clients.values()].map((c) => c.close()));
  }
}

/** The afterCycle hook; its failure is one log line, never a failed cycle. */
async function runAfterCycle(ctx: PollerContext): Promise<void> {
  if (ctx.afterCycle === null || ctx.stopping) return;
  try {
    await ctx.afterCycle();
  } catch (error) {
    ctx.log(`steplens poll: after the cycle: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}
