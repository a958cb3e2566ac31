// The built-in Step Functions + CloudWatch Logs emulator (DESIGN.md §2.4): one HTTP port that
// @aws-sdk/client-sfn, @aws-sdk/client-cloudwatch-logs and the AWS CLI talk to unchanged.
// Used by `steplens emulator`, `steplens start` (demo mode) and the tests.
import type { AddressInfo } from 'node:net';
import type { EmulatorClock, TaskHandler } from './engine-contract.ts';
import { runExecution, validateDefinition } from './interpreter/index.ts';
import { ApiError } from './server/api-error.ts';
import { CallbackService } from './server/callbacks.ts';
import { createClock } from './server/clock.ts';
import type { DefinitionDiagnostic, EmulatorEngine } from './server/engine.ts';
import { DEFAULT_FAULT_SEED, FaultInjector } from './server/faults.ts';
import { createEmulatorServer } from './server/http-server.ts';
import { LogsService } from './server/logs-service.ts';
import { QuotaLimiter } from './server/quotas.ts';
import { SfnService } from './server/sfn-service.ts';
import { EmulatorTaskRunner, parseMockConfig } from './server/task-runner.ts';

export type { DefinitionDiagnostic, EmulatorEngine } from './server/engine.ts';
export type { MockConfig } from './server/task-runner.ts';
export { parseMockConfig } from './server/task-runner.ts';
export { DEFAULT_FAULT_SEED } from './server/faults.ts';

export const DEFAULT_EMULATOR_PORT = 8083;

export interface EmulatorOptions {
  /** Default 8083; 0 picks a free port (tests). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Step Functions Local MockConfigFile.json contents (validated with parseMockConfig). */
  mockConfig?: unknown;
  /** Enforce AWS's API token buckets (ThrottlingException "Rate exceeded"). */
  awsQuotas?: boolean;
  /** Share of requests (0..1) answered with a 5xx, delayed, or dropped. */
  faultRate?: number;
  /** PRNG seed of the faults (default DEFAULT_FAULT_SEED): same seed, same faults. */
  faultSeed?: number;
  /** Emulated time runs K times faster than the wall clock (waits, retries, timestamps). */
  timeScale?: number;
  /** Closed executions older than N emulated seconds answer ExecutionDoesNotExist. */
  retentionSeconds?: number;
  /** The ASL interpreter; default lib/emulator/interpreter. Tests may inject a fake. */
  engine?: EmulatorEngine;
  /** Unexpected exceptions (bugs) inside request handling; default: printed to stderr. */
  onError?: (error: unknown) => void;
}

export interface Emulator {
  /** `http://<host>:<port>` — the endpoint for SDK clients and `aws --endpoint-url`. */
  url: string;
  host: string;
  port: number;
  clock: EmulatorClock;
  /** A JavaScript task implementation for a resource ARN (mock config test cases win). */
  registerTaskHandler(resourceArn: string, handler: TaskHandler): void;
  /** Replaces the mock config (validated; throws an Error naming the problem). */
  setMockConfig(config: unknown): void;
  /**
   * Calls a Step Functions operation in-process, exactly as the HTTP API would answer it
   * (wire shapes, epoch-seconds timestamps); rejects with ApiError { type, message }.
   */
  callSfn(operation: string, input: Record<string, unknown>, region?: string): Promise<Record<string, unknown>>;
  /** The same for CloudWatch Logs operations. */
  callLogs(operation: string, input: Record<string, unknown>, region?: string): Promise<Record<string, unknown>>;
  /** CreateStateMachine in-process (the demo's DemoEmulator interface); region us-east-1. */
  createStateMachine(input: {
    name: string;
    type?: 'STANDARD' | 'EXPRESS';
    definition: string;
    roleArn: string;
    loggingConfiguration?: unknown;
    tags?: { key: string; value: string }[];
  }): Promise<{ stateMachineArn: string; creationDate: number }>;
  /** StartExecution in-process; `stateMachineArn` may carry `#<TestCase>`. */
  startExecution(stateMachineArn: string, input: string, name?: string): Promise<{ executionArn: string; startDate: number }>;
  /** StartSyncExecution in-process (EXPRESS): resolves when the execution closes. */
  startSyncExecution(stateMachineArn: string, input: string, name?: string): Promise<Record<string, unknown>>;
  /** CreateLogGroup in-process; succeeds when the group already exists. */
  createLogGroup(logGroupName: string, region?: string): Promise<void>;
  /** SendTaskSuccess in-process (the demo's simulated approver answers task tokens with it). */
  sendTaskSuccess(taskToken: string, output: string): Promise<Record<string, unknown>>;
  /** Workers waiting in GetActivityTask on an activity now: what a test waits for instead of a fixed delay. */
  activityWorkers(activityArn: string): number;
  /** Stops accepting requests, aborts running executions, closes the port. */
  close(): Promise<void>;
}

export { ApiError };

/** Thrown by startEmulator when the port is taken (the CLI prints a one-line error). */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is already in use`);
    this.name = 'PortInUseError';
  }
}

/**
 * The interpreter as the server's engine. Its validation lists structural errors (each fails the
 * definition) followed by asl-validator's findings, which are advisory (WARNING), because
 * asl-validator rejects definitions AWS accepts (DESIGN.md §3).
 */
export const interpreterEngine: EmulatorEngine = {
  runExecution,
  validateDefinition(definition, options) {
    return validateDefinition(definition, { advisory: options?.warnings !== false }).diagnostics.map((d): DefinitionDiagnostic => {
      const advisory = d.message.startsWith('asl-validator:');
      const code = /^([A-Z][A-Z_]+): /.exec(d.message);
      return {
        severity: advisory ? 'WARNING' : 'ERROR',
        code: code?.[1] ?? 'SCHEMA_VALIDATION_FAILED',
        message: code ? d.message.slice(code[0].length) : d.message,
        ...(d.path !== undefined ? { location: d.path } : {}),
      };
    });
  },
};

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? DEFAULT_EMULATOR_PORT;
  const clock = createClock(options.timeScale ?? 1);
  const tasks = new EmulatorTaskRunner(options.mockConfig === undefined ? undefined : parseMockConfig(options.mockConfig));
  const callbacks = new CallbackService(clock);
  tasks.callbacks = callbacks;
  const engine = options.engine ?? interpreterEngine;
  const logs = new LogsService();
  const onError = options.onError ?? ((error: unknown) => console.error('steplens emulator: internal error:', error));
  const sfn = new SfnService({
    engine,
    clock,
    tasks,
    logs,
    ...(options.retentionSeconds !== undefined ? { retentionSeconds: options.retentionSeconds } : {}),
    hasTestCase: (name, testCase) => tasks.mockConfig?.StateMachines?.[name]?.TestCases?.[testCase] !== undefined,
    callbacks,
    mocksState: (name, testCase, state) => tasks.mockConfig?.StateMachines?.[name]?.TestCases?.[testCase]?.[state] !== undefined,
  });
  const server = createEmulatorServer({
    sfn,
    logs,
    ...(options.awsQuotas ? { quotas: new QuotaLimiter() } : {}),
    ...(options.faultRate ? { faults: new FaultInjector(options.faultRate, options.faultSeed ?? DEFAULT_FAULT_SEED) } : {}),
    onError,
  });

  await new Promise<void>((resolve, reject) => {
    const onListenError = (error: NodeJS.ErrnoException): void => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(requestedPort) : error);
    };
    server.once('error', onListenError);
    server.listen(requestedPort, host, () => {
      server.off('error', onListenError);
      resolve();
    });
  });
  server.on('error', onError);
  const port = (server.address() as AddressInfo).port;
  const pruneTimer = setInterval(() => sfn.prune(), 5000);
  pruneTimer.unref();

  const call = async (
    operations: Record<string, (body: Record<string, unknown>, ctx: { region: string }) => unknown>,
    operation: string,
    input: Record<string, unknown>,
    region: string,
  ): Promise<Record<string, unknown>> => {
    const handler = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
    if (!handler) throw new ApiError('UnknownOperationException', `Unknown operation ${operation}`);
    // A JSON round trip gives callers exactly the wire form (and isolates them from our records).
    return JSON.parse(JSON.stringify((await handler(input, { region })) ?? {})) as Record<string, unknown>;
  };

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    clock,
    registerTaskHandler: (resourceArn, handler) => tasks.register(resourceArn, handler),
    setMockConfig: (config) => {
      tasks.mockConfig = parseMockConfig(config);
    },
    callSfn: (operation, input, region = 'us-east-1') => call(sfn.operations, operation, input, region),
    callLogs: (operation, input, region = 'us-east-1') => call(logs.operations, operation, input, region),
    createStateMachine: async (input) =>
      (await call(sfn.operations, 'CreateStateMachine', { ...input }, 'us-east-1')) as { stateMachineArn: string; creationDate: number },
    startExecution: async (stateMachineArn, input, name) =>
      (await call(sfn.operations, 'StartExecution', { stateMachineArn, input, ...(name !== undefined ? { name } : {}) }, 'us-east-1')) as {
        executionArn: string;
        startDate: number;
      },
    startSyncExecution: (stateMachineArn, input, name) =>
      call(sfn.operations, 'StartSyncExecution', { stateMachineArn, input, ...(name !== undefined ? { name } : {}) }, 'us-east-1'),
    sendTaskSuccess: (taskToken, output) => call(sfn.operations, 'SendTaskSuccess', { taskToken, output }, 'us-east-1'),
    activityWorkers: (activityArn) => callbacks.waitingWorkers(activityArn),
    createLogGroup: async (logGroupName, region = 'us-east-1') => {
      logs.ensureGroup(region, logGroupName);
    },
    close: () =>
      (closing ??= (async () => {
        clearInterval(pruneTimer);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await sfn.stopAll();
        await closed;
      })()),
  };
}
