// Retention in the process that ingests (README "Retention"): after a poll cycle the poller starts
// a pruning pass in the background when one is due (lib/store runRetentionPass: the "retention"
// lease, so one process of several prunes; small batches with pauses, so the next cycles' saves
// take turns with it). Never more than one pass at a time per poller; stop() waits for it.
import { runRetentionPass, type RetentionRun, type RetentionRunPolicy } from '../store/index.ts';
import type { PollerContext } from './poller-context.ts';

export interface RetentionHook {
  /** Starts a pass in the background when due and none runs; returns at once. */
  afterCycle(): void;
  /** A pass now, awaited (pollOnce at its end; tests). Null when one is running already. */
  runNow(): Promise<RetentionRun | null>;
  /** Waits for the pass in flight (it stops after its current batch once ctx.stopping is set). */
  settle(): Promise<void>;
}

export function createRetentionHook(ctx: PollerContext, policy: RetentionRunPolicy | null): RetentionHook | null {
  if (policy === null) return null;
  let running: Promise<RetentionRun | null> | null = null;
  /** Epoch ms before which no pass is due (saves a cursor read every cycle). */
  let nextCheckAt = 0;

  const run = (): Promise<RetentionRun | null> => {
    if (running !== null) return Promise.resolve(null);
    running = (async () => {
      try {
        const result = await runRetentionPass(ctx.store, policy, { owner: ctx.pollerId, leaseTtlMs: ctx.leaseTtlMs, shouldStop: () => ctx.stopping });
        const now = Date.now();
        if (!result.ran) {
          // Not due: check again when it will be; held elsewhere: when that holder's pass may be over.
          nextCheckAt = result.reason === 'not-due' && result.last ? Date.parse(result.last.at) + policy.intervalMs : now + Math.min(policy.intervalMs, ctx.leaseTtlMs);
        } else {
          nextCheckAt = result.finished ? now + policy.intervalMs : now;
          if (result.executions > 0) {
            ctx.log(`steplens poll: retention pruned the events of ${result.executions} execution${result.executions === 1 ? '' : 's'} (${result.events} events, ${result.batches} batches, ${result.durationMs} ms)`);
          }
        }
        return result;
      } catch (error) {
        nextCheckAt = Date.now() + Math.min(policy.intervalMs, 60_000);
        ctx.log(`steplens poll: retention: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  return {
    afterCycle() {
      if (ctx.stopping || running !== null || Date.now() < nextCheckAt) return;
      void run();
    },
    runNow: run,
    async settle() {
      await running;
    },
  };
}
