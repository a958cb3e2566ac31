// N concurrent clients reading the dashboard's HTTP API in a closed loop (each sends its next
// request when the last one's body has arrived), with a seeded mix of what the pages ask for:
// the executions list (all, failed only, one machine), an execution's detail (slim) and its
// events, the state machines with their stats, a state machine's state overlay, the failure
// clusters and /api/health. Each answer is timed to its last byte and classed by status.
import { mulberry32 } from '../../helpers/prng.ts';

export interface ApiSample {
  /** When it was sent (epoch ms). */
  at: number;
  ms: number;
  /** HTTP status; 0 = no answer (connection refused or reset). */
  status: number;
  route: string;
  /** The `error` of a JSON error body, or the first 200 characters of another one. */
  error?: string;
}

export interface ApiClients {
  /** Everything answered so far, in the order answered. */
  samples: ApiSample[];
  /** Throttle-like source errors seen in /api/health answers (should stay empty). */
  healthThrottles: Set<string>;
  stop(): Promise<void>;
}

const STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED', 'SUCCEEDED', 'RUNNING'];

export function startApiClients(baseUrl: string, count: number, seed: number): ApiClients {
  const samples: ApiSample[] = [];
  const healthThrottles = new Set<string>();
  const known = { executions: [] as string[], machines: [] as string[] };
  let stopping = false;

  const remember = (route: string, body: unknown) => {
    if (typeof body !== 'object' || body === null) return;
    const items = (body as { items?: unknown }).items;
    if (!Array.isArray(items)) return;
    if (route === 'list') {
      const arns = items.map((i) => (i as { executionArn?: unknown }).executionArn).filter((a): a is string => typeof a === 'string');
      if (arns.length > 0) known.executions = [...arns, ...known.executions].slice(0, 500);
    } else if (route === 'state-machines') {
      known.machines = items.map((i) => (i as { stateMachineArn?: unknown }).stateMachineArn).filter((a): a is string => typeof a === 'string');
    }
  };

  const pick = <T>(random: () => number, list: readonly T[]): T | undefined => list[Math.floor(random() * list.length)];

  const nextRequest = (random: () => number): { route: string; path: string } => {
    const r = random();
    const execution = pick(random, known.executions);
    const machine = pick(random, known.machines);
    if (r < 0.25 || (r < 0.6 && execution === undefined)) {
      const which = random();
      if (which < 0.5) return { route: 'list', path: '/api/executions?limit=50' };
      if (which < 0.8 || machine === undefined) return { route: 'list', path: `/api/executions?limit=50&status=${pick(random, STATUSES)}` };
      return { route: 'list', path: `/api/executions?limit=50&stateMachineArn=${encodeURIComponent(machine)}` };
    }
    if (r < 0.45 && execution !== undefined) return { route: 'detail', path: `/api/executions/${encodeURIComponent(execution)}?runs=slim` };
    if (r < 0.6 && execution !== undefined) return { route: 'events', path: `/api/executions/${encodeURIComponent(execution)}/events?limit=200` };
    if (r < 0.75) return { route: 'state-machines', path: '/api/state-machines?stats=1' };
    if (r < 0.85 && machine !== undefined) return { route: 'states', path: `/api/state-machines/${encodeURIComponent(machine)}/states?last=200` };
    if (r < 0.92) return { route: 'clusters', path: '/api/failure-clusters' };
    return { route: 'health', path: '/api/health' };
  };

  const client = async (index: number) => {
    const random = mulberry32(seed * 1000 + index);
    while (!stopping) {
      const { route, path } = nextRequest(random);
      const at = Date.now();
      const t0 = performance.now();
      let status = 0;
      let error: string | undefined;
      try {
        const response = await fetch(baseUrl + path, { signal: AbortSignal.timeout(60_000) });
        status = response.status;
        const text = await response.text();
        let body: unknown = null;
        try {
          body = JSON.parse(text);
        } catch {
          body = null;
        }
        if (status === 200) {
          remember(route, body);
          if (route === 'health') {
            for (const source of ((body as { sources?: Array<{ id?: string; error?: string | null }> } | null)?.sources ?? [])) {
              if (source.error && /throttl|rate exceeded/i.test(source.error)) healthThrottles.add(`${source.id}: ${source.error}`);
            }
          }
        } else {
          const message = (body as { error?: unknown } | null)?.error;
          error = typeof message === 'string' ? message : text.slice(0, 200);
        }
      } catch (e) {
        error = (e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message;
        // A refused connection answers at once: pause as a browser's retry would, not a busy loop.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      samples.push({ at, ms: performance.now() - t0, status, route, ...(error !== undefined ? { error } : {}) });
    }
  };

  const running = Array.from({ length: count }, (_, i) => client(i));
  return {
    samples,
    healthThrottles,
    async stop() {
      stopping = true;
      await Promise.all(running);
    },
  };
}

export interface LatencySummary {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Answers that were not 200, by "status error". */
  notOk: Record<string, number>;
}

/** Latency of the 200 answers sent in [from, to); every other answer counted in notOk. */
export function summarize(samples: readonly ApiSample[], from: number, to: number): LatencySummary {
  const window = samples.filter((s) => s.at >= from && s.at < to);
  const ok = window.filter((s) => s.status === 200).map((s) => s.ms).sort((a, b) => a - b);
  const q = (p: number) => (ok.length === 0 ? -1 : Math.round(ok[Math.min(ok.length - 1, Math.max(0, Math.ceil(p * ok.length) - 1))] as number));
  const notOk: Record<string, number> = {};
  for (const s of window) {
    if (s.status === 200) continue;
    const key = `${s.status} ${s.error ?? ''}`.trim().slice(0, 160);
    notOk[key] = (notOk[key] ?? 0) + 1;
  }
  const seconds = (to - from) / 1000;
  return { requests: window.length, seconds, perSecond: Math.round(window.length / seconds), p50: q(0.5), p95: q(0.95), p99: q(0.99), max: ok.length ? Math.round(ok[ok.length - 1] as number) : -1, notOk };
}
