// The fault soak (issue 11 item 7). Everything runs as a user runs it, in processes of its own,
// over a PostgreSQL server the soak starts for itself (private-postgres.ts):
//   - two `steplens emulator --aws-quotas` processes: "baseline" without faults, "soak" with
//     `--fault-rate R --fault-seed <seed>`; each gets the same steady workload (soak-workload.ts)
//     while its phase lasts;
//   - `steplens poll` over both (a new process after each kill; the same poller id, as a
//     restarted poller on the same host and folder has);
//   - `steplens serve` over the same store, read by N concurrent API clients (api-clients.ts)
//     from start to end.
// Phase 1 (baseline): workload on the fault-free emulator, nothing killed: the latency figures
// "with no faults". Phase 2 (faults): workload on the faulty emulator, the poller SIGKILLed at
// seeded random moments (5–20 s apart) and restarted 0.2–2 s later, PostgreSQL stopped (fast
// shutdown) once at a seeded moment in the middle 35–60 % of the phase and started again after
// `pgDownMs`, and the baseline emulator (the poller's other source, its workload over) SIGKILLed
// once at a seeded moment 10–25 % into the phase, once the store holds all it had, and started
// again on the same port after `emulatorDownMs`: empty (it keeps executions in memory only), its
// machines created again and a workload of new executions on it until the phase ends; and a
// throttling storm at 65–80 % of the phase: for `stormMs`, 12 loops drain the faulty emulator's
// ListExecutions bucket (--aws-quotas: 200 tokens, 5/s), as another tool on the same account
// would, so the poller's own listing calls get ThrottlingException. Then the workload stops, the kills stop, the poller catches up, and every execution
// either emulator holds (listed from it, not what the soak thinks it started) is compared with the
// store event by event: id, previousEventId, type, timestamp and details, as parsed from the
// emulator's own answer (GetExecutionHistory; CloudWatch Logs records for Express).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseHistory } from '../../../lib/history/index.ts';
import { readPollerHealth, type PollerStatsSnapshot } from '../../../lib/poller/index.ts';
import { closeAllStores, countIngestBacklog, countRows, getExecution, getStoredHistoryHead, listPollerCursors, openStore, type Store } from '../../../lib/store/index.ts';
import { mulberry32 } from '../../helpers/prng.ts';
import { repoRoot } from '../../helpers/run-steplens.ts';
import { freePort } from '../../helpers/steplens-server.ts';
import { startApiClients, summarize, type LatencySummary } from './api-clients.ts';
import { allPages, startEmulatorProcess, type EmulatorProcess, type Json } from './emulator-process.ts';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.ts';
import { createSoakMachines, driveWorkload, type SoakMachine, type WorkloadDriver } from './soak-workload.ts';

export interface SoakOptions {
  /** Length of the phase with faults, kills and the PostgreSQL restart (default 100 s). */
  faultSeconds?: number;
  /** Length of the fault-free phase whose API latency is the baseline (default 30 s). */
  baselineSeconds?: number;
  clients?: number;
  faultRate?: number;
  seed?: number;
  /** How long PostgreSQL stays down (default 5 s). */
  pgDownMs?: number;
  /** How long the killed emulator stays down (default 3 s). */
  emulatorDownMs?: number;
  /** How long the throttling storm lasts (default 8 s). */
  stormMs?: number;
  /** Longest wait for the poller to catch up once the workload stops (default 240 s). */
  catchUpSeconds?: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  options: Required<Omit<SoakOptions, 'log'>>;
  executions: { standard: number; express: number; total: number };
  eventsCompared: number;
  storedExecutions: number;
  storedEvents: number;
  /** Executions of the emulators absent from the store, incomplete there, or with fewer events. */
  missing: number;
  /** Stored executions no emulator has, executions with more stored events than the source, repeated event ids. */
  duplicated: number;
  /** Executions with the right number of events of which one differs. */
  differing: number;
  mismatches: string[];
  /** Source errors naming throttling shown by the poller's health (store) or /api/health, distinct. */
  throttlesSurfaced: string[];
  /** Other source errors the poller's health showed at some moment, distinct (faults that outlasted the poller's retries). */
  sourceErrorsShown: string[];
  /** Source errors in the health once the poller caught up (the user's view at the end). */
  sourceErrorsAtEnd: string[];
  /** Throttled responses the poller absorbed (sum over its lifetimes of the last count sampled). */
  throttledAbsorbed: number;
  kills: number;
  /** Poller exits the soak did not cause: [ms into the fault phase, exit code or signal, last log line]. */
  pollerExits: Array<{ atMs: number; code: string; duringOutage: boolean; lastLine: string }>;
  pgRestart: { atMs: number; downMs: number } | null;
  /** The baseline emulator's SIGKILL: when (ms into the fault phase), how long it was down, how many executions it held, whether the store held them all before the kill. */
  emulatorRestart: { atMs: number; downMs: number; executionsBefore: number; storedBeforeKill: boolean } | null;
  /** ThrottlingException answers the workload and the check got from the emulators (the poller's are in throttledAbsorbed). */
  throttlesInjected: number;
  /**
   * The throttling storm: when (ms into the fault phase), its calls and how many were throttled;
   * and the poller's own ListExecutions calls and ThrottlingException answers over the storm
   * (+ one poll interval), from its health counters (null: a kill or the store's outage hid one end).
   */
  storm: { atMs: number; ms: number; calls: number; throttled: number; pollerListCalls: number | null; pollerThrottled: number | null } | null;
  workloadFailures: string[];
  emulatorRetries: { baseline: Record<string, number>; soak: Record<string, number> };
  api: {
    baseline: LatencySummary;
    faults: LatencySummary;
    /** Answers sent while PostgreSQL was down (+ 2 s), by "status error". */
    outageAnswers: Record<string, number>;
    /** Non-200 answers outside the outage window, and answers in it other than 503 with a JSON error. */
    errors: Record<string, number>;
    errorCount: number;
  };
  serverRssMb: { start: number; afterBaseline: number; peak: number; end: number };
  /** Highest resident memory of a poller process, sampled every 2 s. */
  pollerPeakRssMb: number;
  catchUpMs: number;
  elapsedMs: number;
}

const POLL = { intervalMs: 2_000, runningRefreshMs: 2_000, discoveryIntervalMs: 600_000, logsOverlapMs: 10_000, logsLookbackMs: 3_600_000 };
/** Answers sent this long after PostgreSQL accepts connections again still count as the outage's (pools reconnecting). */
const OUTAGE_GRACE_MS = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The environment of the soak's steplens processes: no sign-in (the clients read the API as on a loopback install). */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^STEPLENS_(AUTH_TOKEN|OIDC_|SESSION_SECRET|POLLER_ID|REDACTION)/.test(key)) delete env[key];
  return { ...env, ...extra };
}

interface ServeProcess {
  baseUrl: string;
  pid: number;
  log: () => string;
  stop(): Promise<void>;
}

async function startServe(databaseUrl: string, configFile: string): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'steplens.mjs'), 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: repoRoot,
    // STEPLENS_SOAK_SERVE_NODE_OPTIONS (e.g. --max-old-space-size=256): the server's heap limit, to tell a leak from a heap V8 lets grow.
    env: childEnv({ DATABASE_URL: databaseUrl, STEPLENS_CONFIG: configFile, ...(process.env.STEPLENS_SOAK_SERVE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.STEPLENS_SOAK_SERVE_NODE_OPTIONS } : {}) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`steplens serve exited (${child.exitCode}) before answering (is the app built? npm run build):\n${log.slice(-3000)}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`steplens serve did not answer /api/health in 120 s:\n${log.slice(-3000)}`);
    }
    await sleep(300);
  }
  return {
    baseUrl,
    pid: child.pid as number,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : -1;
  } catch {
    return -1;
  }
}

/** `steplens poll` as a supervised process: restarted by the soak after each kill (and after an exit it did not cause). */
class PollerProcess {
  private child: ChildProcess | null = null;
  private killedByUs = false;
  private tail: string[] = [];
  private exited: Promise<void> = Promise.resolve();
  /** Each lifetime's last sampled throttled count, summed at each restart. */
  throttledBefore = 0;
  throttledNow = 0;
  /** When this lifetime began (epoch ms): the status row is the previous process's until the new one writes it. */
  startedAt = 0;

  constructor(
    private readonly databaseUrl: string,
    private configFile: string,
    private readonly onUnexpectedExit: (code: string, lastLine: string) => void,
  ) {}

  start(configFile = this.configFile): void {
    this.configFile = configFile;
    this.killedByUs = false;
    this.throttledBefore += this.throttledNow;
    this.throttledNow = 0;
    this.startedAt = Date.now();
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'steplens.mjs'), 'poll'], {
      cwd: repoRoot,
      env: childEnv({ DATABASE_URL: this.databaseUrl, STEPLENS_CONFIG: configFile, STEPLENS_POLLER_ID: 'soak-poller' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.tail.push(...chunk.toString().split('\n').filter((l) => l.trim() !== ''));
      if (this.tail.length > 200) this.tail = this.tail.slice(-200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        if (this.child === child) this.child = null;
        // The line naming the error (an uncaught error's output ends with a stack and "Node.js vX").
        const errorLine = [...this.tail].reverse().find((l) => /error/i.test(l) && !/^\s+at /.test(l));
        if (!this.killedByUs) this.onUnexpectedExit(signal ?? `exit ${code}`, (errorLine ?? this.tail.at(-1) ?? '').trim().slice(0, 300));
        resolve();
      }),
    );
    this.child = child;
  }

  get running(): boolean {
    return this.child !== null;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (child === null) return;
    this.killedByUs = true;
    child.kill(signal);
    await this.exited;
  }

  logTail(lines = 30): string {
    return this.tail.slice(-lines).join('\n');
  }
}

interface Expected {
  arn: string;
  /** The emulator's events as lib/history parses them (what the store must hold). */
  events: ReturnType<typeof parseHistory>['events'];
}

/** Every execution the emulator holds, with its events, read from it (through its faults and quotas). */
async function emulatorTruth(emulator: EmulatorProcess, machines: readonly SoakMachine[]): Promise<Expected[]> {
  const out: Expected[] = [];
  for (const machine of machines) {
    if (machine.logGroup !== null) {
      const records = await allPages((body) => emulator.logs('FilterLogEvents', body), { logGroupName: machine.logGroup, limit: 10_000 }, 'events');
      const byArn = new Map<string, Json[]>();
      for (const entry of records) {
        const record = JSON.parse(String(entry.message)) as Json;
        const arn = String(record.execution_arn);
        byArn.set(arn, [...(byArn.get(arn) ?? []), record]);
      }
      for (const [arn, list] of byArn) out.push({ arn, events: parseHistory(list).events });
      continue;
    }
    const listed = await allPages((body) => emulator.sfn('ListExecutions', body), { stateMachineArn: machine.arn, maxResults: 1000 }, 'executions');
    const arns = listed.map((e) => String(e.executionArn));
    // Four at a time: GetExecutionHistory's bucket (20/s) is the limit, not the connections.
    for (let i = 0; i < arns.length; i += 4) {
      const batch = await Promise.all(
        arns.slice(i, i + 4).map(async (arn) => {
          const events = await allPages((body) => emulator.sfn('GetExecutionHistory', body), { executionArn: arn, maxResults: 1000 }, 'events');
          return { arn, events: parseHistory(events).events };
        }),
      );
      out.push(...batch);
    }
  }
  return out;
}

async function waitUntilNoneRunning(emulator: EmulatorProcess, machines: readonly SoakMachine[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const machine of machines.filter((m) => m.logGroup === null)) {
    for (;;) {
      const page = await emulator.sfn('ListExecutions', { stateMachineArn: machine.arn, statusFilter: 'RUNNING', maxResults: 1 });
      if (((page.executions as unknown[] | undefined) ?? []).length === 0) break;
      if (Date.now() > deadline) throw new Error(`executions of ${machine.arn} still RUNNING after ${timeoutMs} ms`);
      await sleep(1_000);
    }
  }
}

/** Waits until the store holds every execution of `want` complete with at least its events (the poller caught up); false at `deadline`. PostgreSQL may be down meanwhile. */
async function waitStored(store: Store, want: readonly Expected[], deadline: number): Promise<boolean> {
  const pending = new Map(want.map((e) => [e.arn, e.events.length]));
  for (;;) {
    try {
      for (const [arn, count] of pending) {
        const head = await getStoredHistoryHead(store, arn);
        if (head !== null && head.historyComplete && head.maxEventId >= count) pending.delete(arn);
      }
    } catch {
      // the store is down: try again
    }
    if (pending.size === 0) return true;
    if (Date.now() > deadline) return false;
    await sleep(1_000);
  }
}

/**
 * Calls ListExecutions as fast as 12 loops can for `ms`, with no retry, counting the
 * ThrottlingException answers. ListExecutions has the smallest bucket the poller uses every cycle:
 * the storm's ~100 calls/s (a loaded 2-core machine) empty it in about 2 s; larger buckets
 * (GetExecutionHistory 400 + 20/s) would outlast a short storm.
 */
async function throttleStorm(emulator: EmulatorProcess, stateMachineArn: string, ms: number): Promise<{ calls: number; throttled: number }> {
  const calls: Array<[string, Json]> = [['ListExecutions', { stateMachineArn, maxResults: 1 }]];
  const until = Date.now() + ms;
  let count = 0;
  let throttled = 0;
  const loop = async (offset: number) => {
    for (let i = offset; Date.now() < until; i++) {
      const [operation, body] = calls[i % calls.length] as [string, Json];
      count += 1;
      try {
        const response = await fetch(emulator.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${operation}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        if (/ThrottlingException/.test(await response.text())) throttled += 1;
      } catch {
        // an injected dropped connection: the storm goes on
      }
    }
  };
  await Promise.all(Array.from({ length: 12 }, (_, i) => loop(i)));
  return { calls: count, throttled };
}

/** The poller's cumulative ListExecutions calls and throttled answers (its health row), with the process they belong to; null while the store is down. */
/**
 * The counters of the poller lifetime started last (its own status row, a running total since it
 * started). Not the health's sum: that adds every lifetime reported in the last 5 minutes, and
 * drops when a killed one's row ages out of the window, so a difference of two sums can be negative.
 */
async function pollerCounters(store: Store): Promise<{ pollerId: string; listCalls: number; throttled: number } | null> {
  try {
    const rows = (await listPollerCursors(store, 'status:')).map((row) => row.value as Partial<PollerStatsSnapshot> | null);
    let newest: Partial<PollerStatsSnapshot> | null = null;
    for (const s of rows) if (s && typeof s.startedAt === 'string' && (newest === null || s.startedAt > (newest.startedAt ?? ''))) newest = s;
    if (newest === null || typeof newest.pollerId !== 'string') return null;
    return { pollerId: newest.pollerId, listCalls: newest.apiCalls?.ListExecutions ?? 0, throttled: newest.throttled ?? 0 };
  } catch {
    return null;
  }
}

/** JSON's view of a value (undefined members dropped), so a stored and a parsed event compare by content. */
const plain = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

export async function runSoak(options: SoakOptions = {}): Promise<SoakResult> {
  const opts = {
    faultSeconds: options.faultSeconds ?? 100,
    baselineSeconds: options.baselineSeconds ?? 30,
    clients: options.clients ?? 20,
    faultRate: options.faultRate ?? 0.2,
    seed: options.seed ?? 20261203,
    pgDownMs: options.pgDownMs ?? 5_000,
    emulatorDownMs: options.emulatorDownMs ?? 3_000,
    stormMs: options.stormMs ?? 8_000,
    catchUpSeconds: options.catchUpSeconds ?? 240,
  };
  const log = options.log ?? (() => {});
  const t0 = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'steplens-soak-'));
  const cleanups: Array<() => Promise<void>> = [];
  let pgServer: PrivatePostgres | null = null;
  let poller: PollerProcess | null = null;
  try {
    pgServer = await startPrivatePostgres();
    const pgs = pgServer;
    cleanups.push(() => pgs.stop());
    log(`  PostgreSQL of the soak's own on 127.0.0.1:${pgServer.port}`);
    const baseline = await startEmulatorProcess(['--aws-quotas']);
    cleanups.push(() => baseline.stop());
    const faulty = await startEmulatorProcess(['--aws-quotas', '--fault-rate', String(opts.faultRate), '--fault-seed', String(opts.seed)]);
    cleanups.push(() => faulty.stop());
    log(`  emulators: baseline ${baseline.url} (--aws-quotas), soak ${faulty.url} (--aws-quotas --fault-rate ${opts.faultRate} --fault-seed ${opts.seed})`);

    // Migrates the new database (steplens serve does not), and reads the health for the soak.
    const store: Store = await openStore(pgServer.url);
    cleanups.push(() => closeAllStores());
    const baselineMachines = await createSoakMachines(baseline, 'base');
    const soakMachines = await createSoakMachines(faulty, 'soak');

    const writeConfig = (name: string, sources: Json[]) => {
      const file = path.join(dir, name);
      writeFileSync(file, JSON.stringify({ sources, poll: POLL, quota: { fraction: 1 } }));
      return file;
    };
    const baselineSource = { id: 'baseline', kind: 'endpoint', endpoint: baseline.url };
    const soakSource = { id: 'soak', kind: 'endpoint', endpoint: faulty.url };
    const baselineConfig = writeConfig('baseline.json', [baselineSource]);
    const bothConfig = writeConfig('both.json', [baselineSource, soakSource]);

    const server = await startServe(pgServer.url, bothConfig);
    cleanups.push(() => server.stop());
    const rss = { start: rssMb(server.pid), afterBaseline: -1, peak: 0, end: -1 };
    log(`  steplens serve on ${server.baseUrl}: ${rss.start} MB resident`);

    let phase2Start = Number.POSITIVE_INFINITY;
    let outage: { from: number; to: number } | null = null;
    const pollerExits: SoakResult['pollerExits'] = [];
    let stopSupervising = false;
    const supervised = new PollerProcess(pgServer.url, baselineConfig, (code, lastLine) => {
      const at = Date.now();
      const duringOutage = outage !== null && at >= outage.from && at <= outage.to + 10_000;
      pollerExits.push({ atMs: at - phase2Start, code, duringOutage, lastLine });
      log(`  poller exited by itself (${code}${duringOutage ? ', PostgreSQL down' : ''}): ${lastLine}`);
      // As a service manager would: start it again a second later.
      setTimeout(() => {
        if (!supervised.running && !stopSupervising) supervised.start();
      }, 1_000);
    });
    poller = supervised;

    // Health as the dashboard shows it, every 2 s (fails while PostgreSQL is down: skipped).
    const throttles = new Set<string>();
    const sourceErrors = new Set<string>();
    let sampling = true;
    let pollerPeakRssMb = 0;
    const sampler = (async () => {
      while (sampling) {
        rss.peak = Math.max(rss.peak, rssMb(server.pid));
        const pollerPid = supervised.pid;
        if (pollerPid !== null) pollerPeakRssMb = Math.max(pollerPeakRssMb, rssMb(pollerPid));
        try {
          const health = await readPollerHealth(store);
          // Only this lifetime's row (same poller id): the last one's count is in throttledBefore already.
          if (health.poller.updatedAt !== null && Date.parse(health.poller.updatedAt) >= supervised.startedAt) supervised.throttledNow = Math.max(supervised.throttledNow, health.poller.throttled);
          for (const source of health.sources) {
            if (source.error === null) continue;
            (/throttl|rate exceeded/i.test(source.error) ? throttles : sourceErrors).add(`${source.id}: ${source.error}`);
          }
        } catch {
          // the store is down
        }
        await sleep(2_000);
      }
    })();

    const clients = startApiClients(server.baseUrl, opts.clients, opts.seed);
    supervised.start();

    // Phase 1: no faults.
    const phase1Start = Date.now();
    const baselineWork = driveWorkload(baseline, baselineMachines, 'b');
    await sleep(opts.baselineSeconds * 1000);
    const phase1End = Date.now();
    await baselineWork.stop();
    rss.afterBaseline = rssMb(server.pid);
    log(`  baseline phase: ${baselineWork.started()} executions started in ${opts.baselineSeconds} s; server ${rss.afterBaseline} MB`);

    // Phase 2: faults, kills, the PostgreSQL restart. The poller now polls both emulators.
    await supervised.kill('SIGTERM');
    phase2Start = Date.now();
    supervised.start(bothConfig);
    const phase2End = phase2Start + opts.faultSeconds * 1000;
    const soakWork = driveWorkload(faulty, soakMachines, 's');
    const killRandom = mulberry32(opts.seed);
    const pgRandom = mulberry32(opts.seed + 1);
    let kills = 0;
    const killing = (async () => {
      for (;;) {
        await sleep(Math.min(5_000 + killRandom() * 15_000, phase2End - Date.now()));
        if (Date.now() >= phase2End) return;
        await supervised.kill('SIGKILL');
        kills += 1;
        log(`  ${((Date.now() - phase2Start) / 1000).toFixed(1)} s: poller SIGKILLed (${kills})`);
        await sleep(200 + killRandom() * 1_800);
        if (!supervised.running) supervised.start();
      }
    })();
    let pgRestart: SoakResult['pgRestart'] = null;
    const restarting = (async () => {
      await sleep(phase2Start + (0.35 + 0.25 * pgRandom()) * opts.faultSeconds * 1000 - Date.now());
      const from = Date.now();
      outage = { from, to: Number.POSITIVE_INFINITY };
      log(`  ${((from - phase2Start) / 1000).toFixed(1)} s: PostgreSQL stopping`);
      const { downAt, upAt } = await (pgServer as PrivatePostgres).restart(opts.pgDownMs);
      outage = { from, to: upAt };
      pgRestart = { atMs: downAt - phase2Start, downMs: upAt - downAt };
      log(`  ${((upAt - phase2Start) / 1000).toFixed(1)} s: PostgreSQL accepting connections again (${upAt - downAt} ms down)`);
    })();
    // The baseline emulator killed and started again (empty), once the store holds what it had.
    const emulatorRandom = mulberry32(opts.seed + 2);
    const beforeKill: Expected[] = [];
    let emulatorRestart: SoakResult['emulatorRestart'] = null;
    let restartedMachines: SoakMachine[] = [];
    let restartedWork: WorkloadDriver | null = null;
    const emulatorFault = (async () => {
      await sleep(phase2Start + (0.1 + 0.15 * emulatorRandom()) * opts.faultSeconds * 1000 - Date.now());
      await waitUntilNoneRunning(baseline, baselineMachines, 120_000);
      beforeKill.push(...(await emulatorTruth(baseline, baselineMachines)));
      // Up to a minute (the phase waits for it): a loaded machine slows the poller down.
      const storedBeforeKill = await waitStored(store, beforeKill, Date.now() + 60_000);
      const downAt = Date.now();
      log(`  ${((downAt - phase2Start) / 1000).toFixed(1)} s: baseline emulator SIGKILLed (${beforeKill.length} executions, ${storedBeforeKill ? 'all stored' : 'NOT all stored yet'})`);
      await baseline.killAndRestart(opts.emulatorDownMs);
      const upAt = Date.now();
      restartedMachines = await createSoakMachines(baseline, 'base');
      restartedWork = driveWorkload(baseline, restartedMachines, 'r');
      emulatorRestart = { atMs: downAt - phase2Start, downMs: upAt - downAt, executionsBefore: beforeKill.length, storedBeforeKill };
      log(`  ${((upAt - phase2Start) / 1000).toFixed(1)} s: baseline emulator listening again (empty), workload on it resumed`);
    })();
    let storm: SoakResult['storm'] = null;
    const storming = (async () => {
      await sleep(phase2Start + (0.65 + 0.15 * mulberry32(opts.seed + 3)()) * opts.faultSeconds * 1000 - Date.now());
      const machine = soakMachines.find((m) => m.logGroup === null) as SoakMachine;
      const from = Date.now();
      const before = await pollerCounters(store);
      log(`  ${((from - phase2Start) / 1000).toFixed(1)} s: throttling storm (${opts.stormMs} ms)`);
      const answered = await throttleStorm(faulty, machine.arn, opts.stormMs);
      const ms = Date.now() - from;
      // The poller writes its counters after each cycle: one interval more for the storm's last one.
      await sleep(POLL.intervalMs + 500);
      const after = await pollerCounters(store);
      const same = before !== null && after !== null && before.pollerId === after.pollerId;
      storm = { atMs: from - phase2Start, ms, ...answered, pollerListCalls: same ? after.listCalls - before.listCalls : null, pollerThrottled: same ? after.throttled - before.throttled : null };
      log(`  ${((Date.now() - phase2Start) / 1000).toFixed(1)} s: storm over: ${answered.calls} calls, ${answered.throttled} throttled; the poller meanwhile: ${same ? `${storm.pollerListCalls} ListExecutions calls, ${storm.pollerThrottled} throttled` : 'restarted or the store down (not counted)'}`);
    })();
    await Promise.all([killing, restarting, emulatorFault, storming]);
    await soakWork.stop();
    await (restartedWork as WorkloadDriver | null)?.stop();
    const phase2Stop = Date.now();
    await clients.stop();
    rss.end = rssMb(server.pid);
    log(`  fault phase: ${soakWork.started()} executions started, ${kills} kills; server ${rss.end} MB`);

    // Catch up: everything ends, the emulators are read, the poller finishes.
    if (!supervised.running) supervised.start();
    const catchUpStart = Date.now();
    // What the baseline emulator holds now (after its restart: what ran on it since) beside what it held before.
    const baselineNow = restartedMachines.length > 0 ? restartedMachines : baselineMachines;
    await waitUntilNoneRunning(baseline, baselineNow, 120_000);
    await waitUntilNoneRunning(faulty, soakMachines, 120_000);
    const expected = [...beforeKill, ...(await emulatorTruth(baseline, baselineNow)), ...(await emulatorTruth(faulty, soakMachines))];
    const expectedEvents = expected.reduce((n, e) => n + e.events.length, 0);
    const deadline = catchUpStart + opts.catchUpSeconds * 1000;
    // Settled: no backlog and no new row for 20 s (what is still missing then never comes).
    let last = '';
    let lastChange = Date.now();
    for (;;) {
      const rows = await countRows(store);
      const backlog = await countIngestBacklog(store);
      if (rows.executions >= expected.length && rows.events >= expectedEvents && backlog === 0) break;
      const now = `${rows.executions}/${rows.events}/${backlog}`;
      if (now !== last) [last, lastChange] = [now, Date.now()];
      if (backlog === 0 && Date.now() - lastChange > 20_000) {
        log(`  the poller settled short of the emulators: ${rows.executions}/${expected.length} executions, ${rows.events}/${expectedEvents} events`);
        break;
      }
      if (Date.now() > deadline) {
        log(`  gave up waiting for the poller: ${rows.executions}/${expected.length} executions, ${rows.events}/${expectedEvents} events\n${supervised.logTail()}`);
        break;
      }
      await sleep(1_000);
    }
    // One more cycle's worth, so the health the user sees is the caught-up poller's.
    await sleep(POLL.intervalMs + 500);
    const endHealth = await readPollerHealth(store);
    for (const line of server.log().split('\n').filter((l) => /on-demand|expired/i.test(l)).slice(-10)) log(`  serve: ${line}`);
    const catchUpMs = Date.now() - catchUpStart;
    stopSupervising = true;
    sampling = false;
    await sampler;
    await supervised.kill('SIGTERM');

    // The comparison, event by event.
    const mismatches: string[] = [];
    let missing = 0;
    let duplicated = 0;
    let differing = 0;
    let matched = 0;
    for (const want of expected) {
      const stored = await getExecution(store, want.arn);
      if (stored === null) {
        missing += 1;
        mismatches.push(`${want.arn}: not in the store (source ${want.events.length} events)`);
        continue;
      }
      matched += 1;
      const got = stored.events;
      if (new Set(got.map((e) => e.id)).size !== got.length || got.length > want.events.length) {
        duplicated += 1;
        mismatches.push(`${want.arn}: stored ${got.length} events (${new Set(got.map((e) => e.id)).size} ids), source ${want.events.length}`);
        continue;
      }
      if (!stored.execution.historyComplete || got.length < want.events.length) {
        missing += 1;
        mismatches.push(`${want.arn}: stored ${got.length} events (complete ${String(stored.execution.historyComplete)}), source ${want.events.length}`);
        continue;
      }
      for (let i = 0; i < got.length; i++) {
        const g = got[i];
        const w = want.events[i];
        const a = plain({ id: g?.id, previousEventId: g?.previousEventId, type: g?.type, timestamp: g?.timestamp, details: g?.details });
        const b = plain({ id: w?.id, previousEventId: w?.previousEventId, type: w?.type, timestamp: w?.timestamp, details: w?.details });
        if (!isDeepStrictEqual(a, b)) {
          differing += 1;
          mismatches.push(`${want.arn}: event ${i + 1} differs: stored ${JSON.stringify(a).slice(0, 300)} · source ${JSON.stringify(b).slice(0, 300)}`);
          break;
        }
      }
    }
    const rows = await countRows(store);
    if (rows.executions > matched) {
      duplicated += rows.executions - matched;
      mismatches.push(`${rows.executions - matched} stored executions that neither emulator has`);
    }

    // The API: latency per phase, and what it answered while PostgreSQL was down.
    const samples = clients.samples;
    const window = outage as { from: number; to: number } | null;
    // A request overlaps the outage when it was answered after the stop began and sent before the grace ended.
    const inOutage = (at: number, ms: number) => window !== null && at + ms >= window.from && at <= window.to + OUTAGE_GRACE_MS;
    const outageAnswers: Record<string, number> = {};
    const errors: Record<string, number> = {};
    for (const s of samples) {
      if (s.status === 200) continue;
      const key = `${s.status} ${s.route}: ${s.error ?? ''}`.slice(0, 200);
      if (inOutage(s.at, s.ms)) {
        outageAnswers[key] = (outageAnswers[key] ?? 0) + 1;
        // The documented answer while the store is down: 503 with a one-line JSON error.
        if (s.status === 503 && s.error !== undefined && !s.error.includes('\n')) continue;
      }
      errors[key] = (errors[key] ?? 0) + 1;
    }
    for (const t of clients.healthThrottles) throttles.add(t);
    const standardCount = expected.filter((e) => !/:express:/.test(e.arn)).length;
    return {
      options: opts,
      executions: { standard: standardCount, express: expected.length - standardCount, total: expected.length },
      eventsCompared: expectedEvents,
      storedExecutions: rows.executions,
      storedEvents: rows.events,
      missing,
      duplicated,
      differing,
      mismatches,
      throttlesSurfaced: [...throttles],
      sourceErrorsShown: [...sourceErrors],
      sourceErrorsAtEnd: endHealth.sources.filter((s) => s.error !== null).map((s) => `${s.id}: ${s.error}`),
      throttledAbsorbed: supervised.throttledBefore + supervised.throttledNow,
      kills,
      pollerExits,
      pgRestart,
      emulatorRestart,
      throttlesInjected: (baseline.retries.ThrottlingException ?? 0) + (faulty.retries.ThrottlingException ?? 0) + ((storm as SoakResult['storm'])?.throttled ?? 0),
      storm,
      workloadFailures: [...baselineWork.failures, ...soakWork.failures, ...((restartedWork as WorkloadDriver | null)?.failures ?? [])],
      emulatorRetries: { baseline: baseline.retries, soak: faulty.retries },
      api: {
        baseline: summarize(samples, phase1Start, phase1End),
        faults: summarize(samples, phase2Start, phase2Stop),
        outageAnswers,
        errors,
        errorCount: Object.values(errors).reduce((a, b) => a + b, 0),
      },
      serverRssMb: rss,
      pollerPeakRssMb,
      catchUpMs,
      elapsedMs: Date.now() - t0,
    };
  } finally {
    await poller?.kill('SIGKILL').catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

const n = (x: number) => x.toLocaleString('en-US');

/** The figures, as npm run soak prints them. */
export function formatSoak(r: SoakResult): string[] {
  const b = r.api.baseline;
  const f = r.api.faults;
  const lines = [
    `soak: --fault-rate ${r.options.faultRate} --aws-quotas, ${r.options.faultSeconds} s of faults after ${r.options.baselineSeconds} s without, ${r.options.clients} API clients, seed ${r.options.seed}`,
    `  executions compared ${n(r.executions.total)} (${n(r.executions.standard)} Standard, ${n(r.executions.express)} Express) · events compared ${n(r.eventsCompared)} · stored ${n(r.storedExecutions)} executions, ${n(r.storedEvents)} events`,
    `  missing ${r.missing} · duplicated ${r.duplicated} · differing ${r.differing} · throttles surfaced ${r.throttlesSurfaced.length} (throttled responses absorbed by the poller ≥ ${n(r.throttledAbsorbed)})`,
    `  poller SIGKILLed ${r.kills}× · exits it made itself ${r.pollerExits.length}${r.pollerExits.length ? ` (${r.pollerExits.map((e) => `${(e.atMs / 1000).toFixed(1)} s ${e.code}${e.duringOutage ? ' store down' : ''}`).join(', ')})` : ''} · PostgreSQL restarted at ${r.pgRestart ? `${(r.pgRestart.atMs / 1000).toFixed(1)} s, down ${n(r.pgRestart.downMs)} ms` : 'never'} · baseline emulator SIGKILLed at ${r.emulatorRestart ? `${(r.emulatorRestart.atMs / 1000).toFixed(1)} s holding ${n(r.emulatorRestart.executionsBefore)} executions (${r.emulatorRestart.storedBeforeKill ? 'all stored' : 'not all stored'}), down ${n(r.emulatorRestart.downMs)} ms` : 'never'} · caught up ${(r.catchUpMs / 1000).toFixed(1)} s after the workload stopped`,
    `  dashboard API, ${r.options.clients} clients: with faults ${n(f.requests)} requests, ${f.perSecond}/s, p50 ${f.p50} ms, p95 ${f.p95} ms (p99 ${f.p99}, max ${n(f.max)})`,
    `                       no faults   ${n(b.requests)} requests, ${b.perSecond}/s, p50 ${b.p50} ms, p95 ${b.p95} ms (p99 ${b.p99}, max ${n(b.max)})`,
    `  API errors ${r.api.errorCount} · answers while PostgreSQL was down: ${Object.entries(r.api.outageAnswers).map(([k, v]) => `${v}× ${k}`).join('; ') || 'none'}`,
    `  server resident memory: start ${r.serverRssMb.start} MB · after the baseline ${r.serverRssMb.afterBaseline} MB · peak ${r.serverRssMb.peak} MB · end ${r.serverRssMb.end} MB · poller peak ${r.pollerPeakRssMb} MB`,
    `  throttling injected (--aws-quotas): ${r.storm ? `storm at ${(r.storm.atMs / 1000).toFixed(1)} s for ${n(r.storm.ms)} ms, ${n(r.storm.calls)} calls, ${n(r.storm.throttled)} throttled, the poller's ListExecutions meanwhile ${r.storm.pollerListCalls === null ? 'not counted' : `${n(r.storm.pollerListCalls)} calls, ${n(r.storm.pollerThrottled ?? 0)} throttled`}; ` : 'no storm; '}${n(r.throttlesInjected)} ThrottlingException answers to the soak's own calls in all, ≥ ${n(r.throttledAbsorbed)} to the poller (absorbed)`,
    `  emulator calls retried by the workload and the check (faults/throttles): ${Object.entries(r.emulatorRetries.soak).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'} · source errors shown at some moment ${r.sourceErrorsShown.length}, at the end ${r.sourceErrorsAtEnd.length} · ${(r.elapsedMs / 1000).toFixed(0)} s in all`,
  ];
  for (const [k, v] of Object.entries(r.api.errors).slice(0, 10)) lines.push(`  API error: ${v}× ${k}`);
  for (const e of r.sourceErrorsShown.slice(0, 5)) lines.push(`  source error shown: ${e}`);
  for (const m of r.mismatches.slice(0, 10)) lines.push(`  mismatch: ${m}`);
  for (const w of r.workloadFailures.slice(0, 5)) lines.push(`  workload call failed: ${w}`);
  return lines;
}
