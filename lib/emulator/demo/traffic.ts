// The demo's traffic generator: starts executions of the demo workflows continuously, as
// independent Poisson arrivals per workflow (IoT telemetry arrives in bursts), on the
// emulator's clock. One loop walks a merged schedule in emulated time, so for a given seed the
// sequence of (workflow, name, input) is fixed, whatever the client's latency: starts are fired
// without waiting for the previous one to answer, as independent producers would.
import type { Sleep } from './handlers.ts';
import { Rng } from './prng.ts';
import { INPUT_GENERATORS, type InputGenerator } from './traffic-inputs.ts';
import { EXPENSE_APPROVAL, IOT_INGESTION, IOT_INGESTION_STANDARD, MEDIA_PIPELINE, ORDER_FULFILMENT, SALES_ETL } from './workflows/index.ts';

/**
 * What the generator needs from the emulator: StartExecution and, optionally,
 * StartSyncExecution (used for part of the Express traffic). Back it with in-process calls or
 * with the SDK over HTTP. Resolved values are ignored; rejections are counted and reported.
 */
export interface DemoClient {
  startExecution(stateMachineArn: string, input: string, name?: string): Promise<unknown>;
  startSyncExecution?(stateMachineArn: string, input: string, name?: string): Promise<unknown>;
}

export interface TrafficProfile {
  /** Mean arrivals (bursts, for bursty profiles) per emulated minute at rate 1. */
  perMinute: number;
  /** Executions per arrival, uniform in [min, max]. */
  burst?: { min: number; max: number };
  /** Fraction started with StartSyncExecution when the client has it (Express only). */
  syncFraction?: number;
}

/** Default mix: ~130 executions per emulated minute in all. */
export const DEFAULT_TRAFFIC: Readonly<Record<string, TrafficProfile>> = {
  [ORDER_FULFILMENT]: { perMinute: 30 }, // an order every ~2 s
  [SALES_ETL]: { perMinute: 1 }, // heavy: ~30 Map iterations and a Map Run each
  [EXPENSE_APPROVAL]: { perMinute: 2 }, // occasional, and each stays open for minutes
  [MEDIA_PIPELINE]: { perMinute: 6 },
  [IOT_INGESTION]: { perMinute: 6, burst: { min: 4, max: 20 }, syncFraction: 0.25 }, // a burst every ~10 s
  [IOT_INGESTION_STANDARD]: { perMinute: 6 },
};

export interface DemoStart {
  workflow: string;
  stateMachineArn: string;
  name: string;
  /** JSON text, as sent. */
  input: string;
  sync: boolean;
  /** Emulated ms since the generator started. */
  at: number;
}

export interface DemoTrafficOptions {
  seed: number;
  /** Workflow name → state machine ARN. Only the workflows listed here get traffic. */
  stateMachineArns: Readonly<Record<string, string>>;
  /** Multiplies every rate (0.1 = a trickle, 5 = a load test). Default 1. */
  rate?: number;
  /** Override or extend DEFAULT_TRAFFIC per workflow. */
  profiles?: Readonly<Record<string, TrafficProfile>>;
  /** Emulated-time sleep (the emulator's clock). Default: real time. */
  sleep?: Sleep;
  /** Emulated now in epoch ms, for timestamps inside inputs. Default: Date.now. */
  now?: () => number;
  /** Called as each start is sent, in sequence order. */
  onStart?(start: DemoStart): void;
  /** Called when a start is rejected. Default: counted only. */
  onError?(error: unknown, start: DemoStart): void;
}

export interface DemoTraffic {
  /** Stops scheduling; resolves once the loop has ended and sent starts have settled. Idempotent. */
  stop(): Promise<void>;
  stats(): { started: number; failed: number };
}

interface Stream {
  workflow: string;
  stateMachineArn: string;
  profile: TrafficProfile;
  generate: InputGenerator;
  rng: Rng;
  seq: number;
  nextAt: number;
}

export function startDemoTraffic(client: DemoClient, options: DemoTrafficOptions): DemoTraffic {
  const rate = options.rate ?? 1;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const profiles = { ...DEFAULT_TRAFFIC, ...options.profiles };
  const controller = new AbortController();
  const inflight = new Set<Promise<void>>();
  let started = 0;
  let failed = 0;

  const streams: Stream[] = [];
  for (const [workflow, stateMachineArn] of Object.entries(options.stateMachineArns)) {
    const profile = profiles[workflow];
    const generate = INPUT_GENERATORS[workflow];
    if (!profile || !generate || profile.perMinute * rate <= 0) continue;
    // Each workflow's first execution goes out within the first seconds, so a new user sees
    // every workflow at once instead of waiting a minute for the slow ones.
    streams.push({ workflow, stateMachineArn, profile, generate, rng: Rng.derive(options.seed, `traffic:${workflow}`), seq: 0, nextAt: streams.length * 250 });
  }

  const send = (stream: Stream, at: number): void => {
    stream.seq += 1;
    const { name, input } = stream.generate({ rng: stream.rng, seq: stream.seq, now: now() });
    const wantsSync = stream.profile.syncFraction !== undefined && stream.rng.chance(stream.profile.syncFraction);
    const sync = wantsSync && client.startSyncExecution !== undefined;
    const start: DemoStart = { workflow: stream.workflow, stateMachineArn: stream.stateMachineArn, name, input: JSON.stringify(input), sync, at };
    started += 1;
    options.onStart?.(start);
    const call = async () => {
      if (sync && client.startSyncExecution) await client.startSyncExecution(start.stateMachineArn, start.input, start.name);
      else await client.startExecution(start.stateMachineArn, start.input, start.name);
    };
    const pending: Promise<void> = call().then(
      () => undefined,
      (error: unknown) => {
        failed += 1;
        options.onError?.(error, start);
      },
    );
    inflight.add(pending);
    void pending.finally(() => inflight.delete(pending));
  };

  const loop = async () => {
    let clock = 0;
    while (!controller.signal.aborted && streams.length > 0) {
      let next = streams[0] as Stream;
      for (const s of streams) if (s.nextAt < next.nextAt) next = s;
      const wait = next.nextAt - clock;
      if (wait > 0) {
        try {
          await sleep(wait, controller.signal);
        } catch {
          break; // aborted by stop()
        }
        if (controller.signal.aborted) break;
      }
      clock = next.nextAt;
      const burst = next.profile.burst ? next.rng.int(next.profile.burst.min, next.profile.burst.max) : 1;
      for (let i = 0; i < burst && !controller.signal.aborted; i++) send(next, clock);
      next.nextAt = clock + next.rng.exponential(60_000 / (next.profile.perMinute * rate));
    }
  };
  // Begin on a later tick, so no callback (onStart, the client) runs before this function has
  // returned its handle.
  const looping = Promise.resolve().then(loop);

  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        controller.abort();
        await looping;
        await Promise.allSettled([...inflight]);
      })();
      return stopping;
    },
    stats: () => ({ started, failed }),
  };
}

/** Real-time sleep with abort, for use without an emulator clock. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
