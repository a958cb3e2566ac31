// `steplens emulator` in a process of its own, and plain JSON calls to it over HTTP (AWS JSON 1.0
// for Step Functions, 1.1 for CloudWatch Logs; the emulator checks no signature and takes the
// Region us-east-1 when there is none). Its injected faults and quotas apply to these calls too,
// so every call retries 500/503, dropped connections and ThrottlingException with backoff, as an
// SDK would. A faulted request is refused before the emulator acts on it (lib/emulator faults),
// so a retried StartExecution never starts a second execution.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../helpers/run-steplens.ts';

export type Json = Record<string, unknown>;

export interface EmulatorProcess {
  url: string;
  child: ChildProcess;
  /** Calls that needed a retry (fault or throttle), by answer. */
  retries: Record<string, number>;
  sfn(operation: string, body: Json): Promise<Json>;
  logs(operation: string, body: Json): Promise<Json>;
  stop(): Promise<void>;
  /**
   * SIGKILLs the emulator, waits `downMs` (calls meanwhile are refused and retried), starts a new
   * one with the same flags on the same port and resolves once it listens. The new one is empty:
   * the emulator keeps its executions in memory only.
   */
  killAndRestart(downMs: number): Promise<void>;
}

interface Spawned {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

/** Runs `steplens emulator --port <port> ...flags` and resolves once it prints where it listens. */
async function spawnEmulator(flags: string[], port: number): Promise<Spawned> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'steplens.mjs'), 'emulator', '--port', String(port), ...flags], {
    cwd: repoRoot,
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`steplens emulator ${flags.join(' ')} did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /emulator listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`steplens emulator exited (${code}) before listening:\n${output}`));
    });
  });
  // Stop keeping its output (a long soak would hold all of it), but keep draining the pipes.
  child.stdout?.removeAllListeners('data').resume();
  child.stderr?.removeAllListeners('data').resume();
  return { child, url, exited };
}

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

export async function startEmulatorProcess(flags: string[]): Promise<EmulatorProcess> {
  let current = await spawnEmulator(flags, 0);
  const url = current.url;
  const port = Number(new URL(url).port);
  const retries: Record<string, number> = {};
  const call = (target: string, contentType: string) => (operation: string, body: Json) => callWithRetries(url, `${target}.${operation}`, contentType, body, retries);
  const emulator: EmulatorProcess = {
    url,
    child: current.child,
    retries,
    sfn: call('AWSStepFunctions', 'application/x-amz-json-1.0'),
    logs: call('Logs_20140328', 'application/x-amz-json-1.1'),
    async stop() {
      if (alive(current.child)) {
        current.child.kill('SIGTERM');
        await current.exited;
      }
    },
    async killAndRestart(downMs) {
      if (alive(current.child)) {
        current.child.kill('SIGKILL');
        await current.exited;
      }
      await new Promise((resolve) => setTimeout(resolve, downMs));
      current = await spawnEmulator(flags, port);
      emulator.child = current.child;
    },
  };
  return emulator;
}

const MAX_ATTEMPTS = 30;

async function callWithRetries(url: string, target: string, contentType: string, body: Json, retries: Record<string, number>): Promise<Json> {
  let lastProblem = '';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    let retryAs: string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': contentType, 'x-amz-target': target },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      const json = text ? (JSON.parse(text) as Json) : {};
      if (response.ok) return json;
      const type = String(json.__type ?? '').split('#').pop() ?? '';
      lastProblem = `${response.status} ${type}: ${String(json.message ?? '')}`;
      if (response.status >= 500) retryAs = String(response.status);
      else if (type === 'ThrottlingException') retryAs = 'ThrottlingException';
      else throw new EmulatorCallError(target, response.status, type, String(json.message ?? text));
    } catch (error) {
      if (error instanceof EmulatorCallError) throw error;
      lastProblem = (error as Error).message;
      retryAs = 'connection';
    }
    retries[retryAs] = (retries[retryAs] ?? 0) + 1;
    // Full jitter, 50 ms doubling to 2 s: the workload keeps its pace without hammering a bucket.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2_000, 50 * 2 ** attempt)));
  }
  throw new Error(`${target}: no answer after ${MAX_ATTEMPTS} attempts (last: ${lastProblem})`);
}

export class EmulatorCallError extends Error {
  override name = 'EmulatorCallError';

  constructor(
    readonly target: string,
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(`${target}: ${status} ${type}: ${message}`);
  }
}

/** Every page of a paginated call, its `key` items concatenated. */
export async function allPages(call: (body: Json) => Promise<Json>, body: Json, key: string): Promise<Json[]> {
  const items: Json[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call({ ...body, ...(nextToken ? { nextToken } : {}) });
    items.push(...((page[key] as Json[] | undefined) ?? []));
    nextToken = page.nextToken as string | undefined;
  } while (nextToken);
  return items;
}
