// Emulator throughput: executions/s of a 10-state machine (Pass, Choice,
// mocked Task, Succeed) run in-process and through the HTTP API with the SDK, and
// GetExecutionHistory requests/s. Targets: ≥ 5,000 executions/s in-process, ≥ 1,000
// StartExecution/s over HTTP. Every figure is the median of several timed repetitions after a
// warm-up, and comes with a baseline measured in the same run (these 2-core machines are noisy):
// a 1-state Pass machine for the in-process figures, and a no-op HTTP server (raw Node client and
// the SDK against it) for the HTTP ones. Reported, never asserted.
import { setMaxListeners } from 'node:events';
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { ExecutionHost } from '../../lib/emulator/engine-contract.ts';
import { startEmulator, type Emulator } from '../../lib/emulator/index.ts';
import { runExecution } from '../../lib/emulator/interpreter/index.ts';
import { createClock } from '../../lib/emulator/server/clock.ts';
import { EmulatorTaskRunner, parseMockConfig } from '../../lib/emulator/server/task-runner.ts';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/steplens-bench';
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** The benchmark machine: 10 states — 3 Pass, 3 Choice, 3 mocked Task, 1 Succeed. */
export const BENCH_DEFINITION = {
  Comment: 'StepLens emulator bench: 10 states',
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Parameters: { 'orderId.$': '$.orderId', 'amount.$': '$.amount', stage: 'init' }, Next: 'IsLarge' },
    IsLarge: {
      Type: 'Choice',
      Choices: [{ Variable: '$.amount', NumericGreaterThan: 1000, Next: 'Review' }],
      Default: 'Reserve',
    },
    Review: { Type: 'Pass', Result: { reviewed: true }, ResultPath: '$.review', Next: 'Reserve' },
    Reserve: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:reserve', ResultPath: '$.reservation', Next: 'Reserved' },
    Reserved: {
      Type: 'Choice',
      Choices: [{ Variable: '$.reservation.ok', BooleanEquals: true, Next: 'Charge' }],
      Default: 'Review',
    },
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:charge', 'Payload.$': '$' },
      ResultSelector: { 'charge.$': '$.Payload' },
      ResultPath: '$.charge',
      Next: 'Charged',
    },
    Charged: {
      Type: 'Choice',
      Choices: [{ Variable: '$.charge.charge.status', StringEquals: 'PAID', Next: 'Ship' }],
      Default: 'Review',
    },
    Ship: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:ship', ResultPath: '$.shipment', Next: 'Summarise' },
    Summarise: { Type: 'Pass', Parameters: { 'orderId.$': '$.orderId', 'tracking.$': '$.shipment.tracking' }, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

const ONE_PASS_DEFINITION = { StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } };

/** Step Functions Local mock config answering the three tasks (test case `Bench`). */
export const BENCH_MOCK_CONFIG = {
  StateMachines: {
    Bench: { TestCases: { Bench: { Reserve: 'Reserved', Charge: 'Paid', Ship: 'Shipped' } } },
    BenchExpress: { TestCases: { Bench: { Reserve: 'Reserved', Charge: 'Paid', Ship: 'Shipped' } } },
  },
  MockedResponses: {
    Reserved: { '0': { Return: { ok: true, sku: 'A-1' } } },
    Paid: { '0': { Return: { Payload: { status: 'PAID', id: 'ch_1' }, StatusCode: 200 } } },
    Shipped: { '0': { Return: { tracking: 'TRK-1' } } },
  },
};

const BENCH_INPUT = JSON.stringify({ orderId: 'o-1', amount: 42, items: [{ sku: 'A-1', qty: 2 }] });

export interface EmulatorBenchOptions {
  /** Timed repetitions per figure (median reported). Default 5. */
  repetitions?: number;
  /** Duration of one repetition, ms. Default 1000. */
  durationMs?: number;
  /** Warm-up before the repetitions, ms. Default 1000. */
  warmupMs?: number;
  /** Concurrent in-flight executions / requests. Default 32 in-process, 16 over HTTP. */
  inProcessConcurrency?: number;
  httpConcurrency?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Closed loop: `concurrency` workers call `op` back to back for `ms`; returns operations/s. */
async function closedLoop(op: () => Promise<unknown>, concurrency: number, ms: number): Promise<number> {
  let count = 0;
  const t0 = performance.now();
  const deadline = t0 + ms;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await op();
      count++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (count * 1000) / (performance.now() - t0);
}

async function rate(op: () => Promise<unknown>, concurrency: number, o: Required<EmulatorBenchOptions>): Promise<number> {
  await closedLoop(op, concurrency, o.warmupMs);
  const out: number[] = [];
  for (let i = 0; i < o.repetitions; i++) out.push(await closedLoop(op, concurrency, o.durationMs));
  return median(out);
}

// ---- in-process: the interpreter alone ------------------------------------------------------

function interpreterRunner(definition: Record<string, unknown>, stateMachineName: string): { run: () => Promise<unknown>; events: () => number } {
  const tasks = new EmulatorTaskRunner(parseMockConfig(BENCH_MOCK_CONFIG));
  const host: ExecutionHost = { clock: createClock(1), tasks, region: REGION };
  const stateMachineArn = `arn:aws:states:${REGION}:123456789012:stateMachine:${stateMachineName}`;
  const signal = new AbortController().signal;
  // Every concurrent execution listens on it (StopExecution), as the server's per-execution ones.
  setMaxListeners(0, signal);
  let n = 0;
  let lastEvents = 0;
  return {
    events: () => lastEvents,
    run: async () => {
      let events = 0;
      const outcome = await runExecution({
        executionArn: `arn:aws:states:${REGION}:123456789012:execution:${stateMachineName}:bench-${++n}`,
        stateMachineArn,
        definition,
        input: BENCH_INPUT,
        roleArn: ROLE_ARN,
        testCase: 'Bench',
        host,
        signal,
        emit: () => {
          events++;
        },
      });
      if (outcome.status !== 'SUCCEEDED') throw new Error(`bench execution ${outcome.status}: ${outcome.error ?? ''} ${outcome.cause ?? ''}`);
      lastEvents = events;
      return outcome;
    },
  };
}

// ---- HTTP helpers -------------------------------------------------------------------------------

function sfnClient(endpoint: string): SFNClient {
  return new SFNClient({ endpoint, region: REGION, credentials, maxAttempts: 1, disableHostPrefix: true });
}

/** A server that answers every request at once with a canned StartExecution response. */
async function startNoopServer(): Promise<{ server: Server; url: string; port: number }> {
  const body = JSON.stringify({ executionArn: `arn:aws:states:${REGION}:123456789012:execution:Noop:x`, startDate: 1.7e9 });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': '00000000-0000-0000-0000-000000000000' });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${port}`, port };
}

/** A raw keep-alive Node http POST (no SDK): the transport's ceiling. */
function rawPost(agent: Agent, port: number, target: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function health(url: string): Promise<{ running: number; executions: number }> {
  const response = await fetch(`${url}/health`);
  return (await response.json()) as { running: number; executions: number };
}

async function waitIdle(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await health(url)).running > 0) {
    if (Date.now() > deadline) throw new Error('executions still running after the bench');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// ---- the bench ------------------------------------------------------------------------------

export async function runEmulatorBench(options: EmulatorBenchOptions = {}): Promise<Record<string, number | string>> {
  const o: Required<EmulatorBenchOptions> = {
    repetitions: options.repetitions ?? 5,
    durationMs: options.durationMs ?? 1000,
    warmupMs: options.warmupMs ?? 1000,
    inProcessConcurrency: options.inProcessConcurrency ?? 32,
    httpConcurrency: options.httpConcurrency ?? 16,
  };
  const r: Record<string, number | string> = {};
  const round = (n: number): number => Math.round(n);

  // 1. In-process, the interpreter alone (runExecution with the mock-config task runner).
  const tenStates = interpreterRunner(BENCH_DEFINITION, 'Bench');
  const onePass = interpreterRunner(ONE_PASS_DEFINITION, 'OnePass');
  r.inProcessExecutionsPerSecond = round(await rate(tenStates.run, o.inProcessConcurrency, o));
  r.inProcessEventsPerExecution = tenStates.events();
  r.baselineInProcessOnePassExecutionsPerSecond = round(await rate(onePass.run, o.inProcessConcurrency, o));
  r.inProcessSequentialExecutionsPerSecond = round(await rate(tenStates.run, 1, o));

  // 2. The emulator: in-process service calls and the HTTP API with the SDK.
  const emulator: Emulator = await startEmulator({ port: 0, mockConfig: BENCH_MOCK_CONFIG, onError: () => undefined });
  const noop = await startNoopServer();
  const sdk = sfnClient(emulator.url);
  const noopSdk = sfnClient(noop.url);
  const agent = new Agent({ keepAlive: true, maxSockets: o.httpConcurrency });
  try {
    const { stateMachineArn } = await sdk.send(
      new CreateStateMachineCommand({ name: 'Bench', definition: JSON.stringify(BENCH_DEFINITION), roleArn: ROLE_ARN }),
    );
    const { stateMachineArn: expressArn } = await sdk.send(
      new CreateStateMachineCommand({ name: 'BenchExpress', type: 'EXPRESS', definition: JSON.stringify(BENCH_DEFINITION), roleArn: ROLE_ARN }),
    );
    if (!stateMachineArn || !expressArn) throw new Error('CreateStateMachine returned no ARN');
    const target = `${stateMachineArn}#Bench`;
    const expressTarget = `${expressArn}#Bench`;

    // CreateStateMachine (definition validation), in-process, distinct names.
    let machines = 0;
    const definitionText = JSON.stringify(BENCH_DEFINITION);
    const createStarted = performance.now();
    while (performance.now() - createStarted < o.durationMs || machines < 5) {
      await emulator.callSfn('CreateStateMachine', { name: `Create-${machines++}`, definition: definitionText, roleArn: ROLE_ARN });
    }
    r.createStateMachinePerSecond = round((machines * 1000) / (performance.now() - createStarted));

    // In-process through the service (callSfn: validation, records, history storage, wire JSON).
    r.inProcessServiceSyncExecutionsPerSecond = round(
      await rate(() => emulator.callSfn('StartSyncExecution', { stateMachineArn: expressTarget, input: BENCH_INPUT }), o.inProcessConcurrency, o),
    );

    // HTTP: baselines first (a no-op server, raw Node client and SDK).
    const rawBody = JSON.stringify({ stateMachineArn: target, input: BENCH_INPUT });
    r.baselineRawHttpNoopRequestsPerSecond = round(
      await rate(() => rawPost(agent, noop.port, 'AWSStepFunctions.StartExecution', rawBody), o.httpConcurrency, o),
    );
    r.baselineSdkNoopRequestsPerSecond = round(
      await rate(() => noopSdk.send(new StartExecutionCommand({ stateMachineArn: target, input: BENCH_INPUT })), o.httpConcurrency, o),
    );

    // StartExecution over HTTP with the SDK (the target), then the completion rate: a fixed
    // batch started as fast as possible, timed until the last execution has closed.
    r.httpStartExecutionsPerSecond = round(
      await rate(() => sdk.send(new StartExecutionCommand({ stateMachineArn: target, input: BENCH_INPUT })), o.httpConcurrency, o),
    );
    await waitIdle(emulator.url);
    r.rawHttpStartExecutionsPerSecond = round(
      await rate(() => rawPost(agent, emulator.port, 'AWSStepFunctions.StartExecution', rawBody), o.httpConcurrency, o),
    );
    await waitIdle(emulator.url);
    const completed: number[] = [];
    const batch = Math.max(500, Math.round((o.durationMs / 1000) * 1000));
    for (let i = 0; i < o.repetitions; i++) {
      let left = batch;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: o.httpConcurrency }, async () => {
          while (left-- > 0) await sdk.send(new StartExecutionCommand({ stateMachineArn: target, input: BENCH_INPUT }));
        }),
      );
      await waitIdle(emulator.url);
      completed.push((batch * 1000) / (performance.now() - t0));
    }
    r.httpExecutionsCompletedPerSecond = round(median(completed));
    r.httpStartSyncExecutionsPerSecond = round(
      await rate(() => sdk.send(new StartSyncExecutionCommand({ stateMachineArn: expressTarget, input: BENCH_INPUT })), o.httpConcurrency, o),
    );

    // GetExecutionHistory of one closed execution (its whole history in one page).
    const { executionArn } = await sdk.send(new StartExecutionCommand({ stateMachineArn: target, input: BENCH_INPUT, name: 'history-probe' }));
    await waitIdle(emulator.url);
    const history = await sdk.send(new GetExecutionHistoryCommand({ executionArn }));
    r.historyEvents = history.events?.length ?? 0;
    r.getExecutionHistoryPerSecond = round(await rate(() => sdk.send(new GetExecutionHistoryCommand({ executionArn })), o.httpConcurrency, o));
    r.executionsStored = (await health(emulator.url)).executions;
  } finally {
    sdk.destroy();
    noopSdk.destroy();
    agent.destroy();
    await emulator.close();
    await new Promise<void>((resolve) => noop.server.close(() => resolve()));
    noop.server.closeAllConnections();
  }
  r.inProcessVsOnePassBaseline = `${(Number(r.inProcessExecutionsPerSecond) / Number(r.baselineInProcessOnePassExecutionsPerSecond)).toFixed(2)}×`;
  r.httpStartVsSdkNoopBaseline = `${(Number(r.httpStartExecutionsPerSecond) / Number(r.baselineSdkNoopRequestsPerSecond)).toFixed(2)}×`;
  r.settings = `median of ${o.repetitions} × ${o.durationMs} ms after ${o.warmupMs} ms warm-up; concurrency ${o.inProcessConcurrency} in-process, ${o.httpConcurrency} HTTP; targets ≥ 5,000 exec/s in-process, ≥ 1,000 StartExecution/s HTTP`;
  return r;
}
