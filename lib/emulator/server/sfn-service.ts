import { createHash, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type {
  EmittedEvent,
  EmulatorClock,
  ExecutionHost,
  ExecutionOutcome,
  MapRunOutcome,
  MapRunRequest,
  TaskRequest,
  TaskResult,
  TaskRunner,
} from '../engine-contract.ts';
import {
  ApiError,
  decodeToken,
  encodeToken,
  isPosition,
  optionalBoolean,
  optionalInt,
  optionalString,
  requiredString,
  validationError,
} from './api-error.ts';
import { ACCOUNT_ID, expectArn, isValidName, parseStatesArn, stateMachineArn } from './arn.ts';
import type { CallbackService } from './callbacks.ts';
import type { DefinitionDiagnostic, EmulatorEngine } from './engine.ts';
import { levelIncludes, toEpochSeconds, toHistoryEvent, toLogRecord, type LogLevel } from './history-wire.ts';
import type { LogsService } from './logs-service.ts';
import { childInput, describeChild, nestedPattern, startResponse, type NestedPattern } from './nested-executions.ts';
import { EmulatorTaskRunner, lookupMock } from './task-runner.ts';

/** Step Functions (AWSStepFunctions.*): state machines, executions, Map Runs, tags. */

type MachineType = 'STANDARD' | 'EXPRESS';
/** PENDING_REDRIVE: a Map Run child waiting for its turn in a redriven Map Run (redrive-map-run.html). */
type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

interface LoggingConfiguration {
  level: LogLevel;
  includeExecutionData: boolean;
  destinations?: { cloudWatchLogsLogGroup: { logGroupArn: string } }[];
}

interface StateMachineRecord {
  arn: string;
  name: string;
  region: string;
  type: MachineType;
  definition: string;
  parsed: Record<string, unknown>;
  roleArn: string;
  loggingConfiguration: LoggingConfiguration;
  tracingConfiguration: { enabled: boolean };
  description?: string;
  creationDate: number;
  updateDate: number;
  revisionId?: string;
  tags: Map<string, string>;
  seq: number;
}

interface ExecutionRecord {
  arn: string;
  /** The state machine (Map Run children: `…:stateMachine:<sm>/<label>`). */
  stateMachineArn: string;
  /** The root state machine's name (log streams, mock configs). */
  rootName: string;
  name: string;
  region: string;
  type: MachineType;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  traceHeader?: string;
  events: EmittedEvent[];
  definition: string;
  parsed: Record<string, unknown>;
  roleArn: string;
  loggingConfiguration: LoggingConfiguration;
  tracingConfiguration: { enabled: boolean };
  updateDate: number;
  revisionId?: string;
  label?: string;
  testCase: string | null;
  mapRunArn?: string;
  redriveCount: number;
  redriveDate?: number;
  redriveToken?: string;
  seq: number;
  controller?: AbortController;
  done?: Promise<void>;
  /** Set when the run closed (outcome recorded); a late outcome of a forced stop is ignored. */
  closed: boolean;
  logStream?: string;
}

interface MapRunRecord {
  arn: string;
  executionArn: string;
  stateMachineArn: string;
  startDate: number;
  stopDate?: number;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  maxConcurrency: number;
  toleratedFailureCount: number;
  toleratedFailurePercentage: number;
  itemCount: number;
  children: ExecutionRecord[];
  /** The child execution of each item (undefined: never started). */
  byItem: (ExecutionRecord | undefined)[];
  redriveCount: number;
  redriveDate?: number;
  seq: number;
}

export interface SfnContext {
  region: string;
  /** Aborted when the HTTP client disconnects before the answer (long polls stop then). */
  signal?: AbortSignal;
}

export interface SfnServiceOptions {
  engine: EmulatorEngine;
  clock: EmulatorClock;
  tasks: TaskRunner;
  logs: LogsService;
  /** Closed executions older than this (emulated seconds) answer ExecutionDoesNotExist. */
  retentionSeconds?: number;
  /** Mock config test cases known per state machine name (StartExecution on `<arn>#<case>`). */
  hasTestCase?: (stateMachineName: string, testCase: string) => boolean;
  /** Task tokens and activities: adds their operations (SendTask*, *Activity*, GetActivityTask). */
  callbacks?: CallbackService;
  /** Whether the mock config answers a state of a test case (a mocked activity needs no activity). */
  mocksState?: (stateMachineName: string, testCase: string, stateName: string) => boolean;
}

const TERMINAL = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);
/** Closed Express executions kept (for Map Run children and StartSyncExecution); older ones are dropped. */
const MAX_CLOSED_EXPRESS = 10_000;
const REDRIVE_WINDOW_MS = 14 * 24 * 3600 * 1000;
const STOP_GRACE_MS = 5000;

const executionDoesNotExist = (arn: string): ApiError => new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
const stateMachineDoesNotExist = (arn: string): ApiError =>
  new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
const typeNotSupported = (): ApiError =>
  new ApiError('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');
const expressNotValid = (): ApiError => new ApiError('InvalidArn', "Invalid Arn: 'Resource type not valid in this context: express'");

/** `{}`-free JSON text check for execution input (InvalidExecutionInput). */
function checkInput(input: string | undefined): string {
  if (input === undefined) return '{}';
  if (Buffer.byteLength(input) > 262144) throw validationError('input', '…', 'Member must have length less than or equal to 262144');
  try {
    JSON.parse(input);
  } catch (error) {
    throw new ApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${(error as Error).message}'`);
  }
  return input;
}

function parseLogging(value: unknown): LoggingConfiguration {
  if (value === undefined || value === null) return { level: 'OFF', includeExecutionData: false };
  if (typeof value !== 'object' || Array.isArray(value)) throw new ApiError('SerializationException', 'Expected a structure for loggingConfiguration');
  const raw = value as Record<string, unknown>;
  const level = raw.level ?? 'OFF';
  if (level !== 'ALL' && level !== 'ERROR' && level !== 'FATAL' && level !== 'OFF') {
    throw validationError('loggingConfiguration.level', level, 'Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]');
  }
  const config: LoggingConfiguration = { level, includeExecutionData: raw.includeExecutionData === true };
  const destinations = raw.destinations;
  if (destinations !== undefined) {
    if (!Array.isArray(destinations) || destinations.length > 1) {
      throw new ApiError('InvalidLoggingConfiguration', 'Invalid Logging Configuration: Exactly one destination is allowed.');
    }
    config.destinations = destinations.map((d: unknown) => {
      const arn = (d as { cloudWatchLogsLogGroup?: { logGroupArn?: unknown } })?.cloudWatchLogsLogGroup?.logGroupArn;
      if (typeof arn !== 'string' || !/^arn:aws[\w-]*:logs:[^:]+:\d{12}:log-group:[^:]+:\*$/.test(arn)) {
        throw new ApiError(
          'InvalidLoggingConfiguration',
          `Invalid Logging Configuration: The CloudWatch Logs Resource Policy ARN '${String(arn)}' is invalid (it must be a log group ARN ending with ':*').`,
        );
      }
      return { cloudWatchLogsLogGroup: { logGroupArn: arn } };
    });
  }
  if (level !== 'OFF' && !config.destinations?.length) {
    throw new ApiError('InvalidLoggingConfiguration', 'Invalid Logging Configuration: Must specify exactly one Log Destination.');
  }
  return config;
}

/** tracingConfiguration: `{ enabled: boolean }` (null or absent: disabled). */
function parseTracing(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ApiError('SerializationException', 'Expected a structure for tracingConfiguration');
  const enabled = (value as { enabled?: unknown }).enabled;
  if (enabled !== undefined && enabled !== null && typeof enabled !== 'boolean') {
    throw new ApiError('SerializationException', 'Expected a boolean for tracingConfiguration.enabled');
  }
  return enabled === true;
}

/** AWS's limit on a definition: 1,048,576 bytes (CreateStateMachine API reference). */
const MAX_DEFINITION_BYTES = 1_048_576;

function checkDefinitionSize(definition: string): void {
  if (Buffer.byteLength(definition) > MAX_DEFINITION_BYTES) {
    throw validationError('definition', '…', `Member must have length less than or equal to ${MAX_DEFINITION_BYTES}`);
  }
}

function wireLogging(config: LoggingConfiguration): Record<string, unknown> {
  return {
    level: config.level,
    includeExecutionData: config.includeExecutionData,
    ...(config.destinations ? { destinations: config.destinations } : {}),
  };
}

function parseTags(value: unknown): [string, string][] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw validationError('tags', value, 'Member must be a list');
  return value.map((t: unknown) => {
    const tag = t as { key?: unknown; value?: unknown };
    if (typeof tag?.key !== 'string' || tag.key.length < 1 || tag.key.length > 128) {
      throw validationError('tags.member.key', tag?.key, 'Member must have length between 1 and 128');
    }
    return [tag.key, typeof tag.value === 'string' ? tag.value : ''];
  });
}

function parseType(value: unknown): MachineType {
  if (value === undefined || value === null) return 'STANDARD';
  if (value !== 'STANDARD' && value !== 'EXPRESS') throw validationError('type', value, 'Member must satisfy enum value set: [STANDARD, EXPRESS]');
  return value;
}

/** AWS's InvalidDefinition message: the first error, `'<CODE>: <message> at <location>'`. */
function invalidDefinition(errors: DefinitionDiagnostic[]): ApiError {
  const text = errors
    .map((d) => `${d.code}: ${d.message}${d.location ? ` at ${d.location}` : ''}`)
    .join(', ');
  return new ApiError('InvalidDefinition', `Invalid State Machine Definition: '${text}'`);
}

export class SfnService {
  private readonly machines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, ExecutionRecord>();
  /** Executions per state machine ARN (and per Map Run ARN), in start order. */
  private readonly byParent = new Map<string, ExecutionRecord[]>();
  private readonly mapRuns = new Map<string, MapRunRecord>();
  private readonly mapRunsByExecution = new Map<string, MapRunRecord[]>();
  private readonly closedExpress: string[] = [];
  private readonly streamSuffixes = new Map<string, string>();
  private seq = 0;

  constructor(private readonly options: SfnServiceOptions) {
    if (options.callbacks) Object.assign(this.operations, options.callbacks.operations);
  }

  private get clock(): EmulatorClock {
    return this.options.clock;
  }

  // ---- lookups ----------------------------------------------------------------------------

  private expired(exec: ExecutionRecord): boolean {
    const retention = this.options.retentionSeconds;
    return retention !== undefined && exec.stopDate !== undefined && exec.status !== 'RUNNING' && this.clock.now() - exec.stopDate > retention * 1000;
  }

  private machine(arn: string): StateMachineRecord {
    const parsed = expectArn(arn, 'stateMachine');
    if (parsed.resource.includes('/')) {
      throw new ApiError('ValidationException', `Service does not support the operation for a Map Run state machine ARN: '${arn}'`);
    }
    const machine = this.machines.get(arn);
    if (!machine) throw stateMachineDoesNotExist(arn);
    return machine;
  }

  /** An execution visible to the API: not expired; Express only when a Map Run dispatched it. */
  private execution(arn: string, allowExpress = false): ExecutionRecord {
    const parsed = expectArn(arn, 'execution', 'express');
    const exec = this.executions.get(arn);
    if (parsed.resourceType === 'express' && !(allowExpress || exec?.mapRunArn)) throw expressNotValid();
    if (!exec || this.expired(exec)) throw executionDoesNotExist(arn);
    return exec;
  }

  /** Drops executions past retention (memory); lookups already hide them. */
  prune(): void {
    if (this.options.retentionSeconds === undefined) return;
    for (const [arn, exec] of this.executions) {
      if (this.expired(exec)) this.executions.delete(arn);
    }
    for (const [parent, list] of this.byParent) this.byParent.set(parent, list.filter((e) => this.executions.has(e.arn)));
  }

  // ---- execution lifecycle ----------------------------------------------------------------

  private logTarget(exec: ExecutionRecord): { region: string; group: string } | null {
    const config = exec.loggingConfiguration;
    const arn = config.destinations?.[0]?.cloudWatchLogsLogGroup.logGroupArn;
    if (config.level === 'OFF' || !arn) return null;
    const match = /^arn:aws[\w-]*:logs:([^:]+):\d+:log-group:(.+):\*$/.exec(arn);
    return match ? { region: match[1] ?? exec.region, group: match[2] ?? '' } : null;
  }

  /** `states/<sm>/<YYYY-MM-DD-HH-MM>/<8 hex>`, one stream per state machine and minute. */
  private streamName(exec: ExecutionRecord, group: string): string {
    const minute = new Date(exec.startDate).toISOString().slice(0, 16).replace(/[T:]/g, '-');
    const key = `${group}\u0000${exec.rootName}\u0000${minute}`;
    let suffix = this.streamSuffixes.get(key);
    if (!suffix) {
      suffix = createHash('sha256').update(`${key}\u0000${randomUUID()}`).digest('hex').slice(0, 8);
      this.streamSuffixes.set(key, suffix);
    }
    return `states/${exec.rootName}/${minute}/${suffix}`;
  }

  private writeLog(exec: ExecutionRecord, event: EmittedEvent): void {
    const target = this.logTarget(exec);
    if (!target || !levelIncludes(exec.loggingConfiguration.level, event.type)) return;
    const logs = this.options.logs;
    const group = logs.ensureGroup(target.region, target.group);
    exec.logStream ??= this.streamName(exec, target.group);
    const stream = logs.ensureStream(group, exec.logStream);
    logs.append(group, stream, [
      { timestamp: event.timestamp, message: toLogRecord(event, exec.arn, exec.redriveCount, exec.loggingConfiguration.includeExecutionData) },
    ]);
  }

  private ensureValidationStream(config: LoggingConfiguration, region: string): void {
    const arn = config.destinations?.[0]?.cloudWatchLogsLogGroup.logGroupArn;
    if (config.level === 'OFF' || !arn) return;
    const match = /^arn:aws[\w-]*:logs:([^:]+):\d+:log-group:(.+):\*$/.exec(arn);
    if (!match) return;
    const group = this.options.logs.ensureGroup(match[1] ?? region, match[2] ?? '');
    this.options.logs.ensureStream(group, 'log_stream_created_by_aws_to_validate_log_delivery_subscriptions');
  }

  private host(exec: ExecutionRecord): ExecutionHost {
    return {
      clock: this.clock,
      tasks: this.tasksFor(exec),
      region: exec.region,
      runMapRun: (request, onStarted) => this.runMapRun(exec, request, onStarted),
      ...(this.options.callbacks
        ? {
            activityExists: (arn: string, stateName: string) =>
              this.options.callbacks?.activityExists(arn) === true ||
              (exec.testCase !== null && this.options.mocksState?.(exec.rootName, exec.testCase, stateName) === true),
          }
        : {}),
    };
  }

  // ---- states:startExecution tasks ------------------------------------------------------------

  /**
   * One execution's task runner: `states:startExecution[.sync[:2]|.waitForTaskToken]` tasks start a
   * child execution in this emulator (unless a mock config test case or a registered handler
   * answers them); every other task goes to the shared runner.
   */
  private tasksFor(parent: ExecutionRecord): TaskRunner {
    const base = this.options.tasks;
    const runner: TaskRunner = {
      run: (request) => {
        const pattern = nestedPattern(request.resource);
        return pattern && !this.answeredElsewhere(request) ? this.runNested(parent, request, pattern) : base.run(request);
      },
    };
    if (base.writesActivityStarted) runner.writesActivityStarted = (request) => base.writesActivityStarted?.(request) === true;
    return runner;
  }

  private answeredElsewhere(request: TaskRequest): boolean {
    const base = this.options.tasks;
    return base instanceof EmulatorTaskRunner && (lookupMock(base.mockConfig, request).found || base.findHandler(request) !== undefined);
  }

  /**
   * Starts the child as StartExecution would. Request-response answers the StartExecution result;
   * `.waitForTaskToken` reports it as the submission and waits for the token; `.sync`/`.sync:2`
   * report it, wait for the child and answer its DescribeExecution (nested-executions.ts). A
   * cancelled `.sync` attempt (the parent stopped or timed out, the task timed out, a sibling
   * failed) stops the child, as AWS does.
   */
  private async runNested(parent: ExecutionRecord, request: TaskRequest, pattern: NestedPattern): Promise<TaskResult> {
    const params = typeof request.parameters === 'object' && request.parameters !== null ? (request.parameters as Record<string, unknown>) : {};
    const body: Record<string, unknown> = { stateMachineArn: params.StateMachineArn, input: childInput(params.Input) };
    if (params.Name !== undefined) body.name = params.Name;
    const callbacks = this.options.callbacks;
    const token = pattern === 'callback' ? request.taskToken : undefined;
    // The token waits before the child starts: the child may answer it at once.
    const answered = token !== undefined && callbacks ? callbacks.wait(request) : undefined;
    let started: { executionArn: string };
    try {
      started = this.operations.StartExecution?.(body, { region: parent.region }) as { executionArn: string };
    } catch (error) {
      const failure: TaskResult =
        error instanceof ApiError
          ? { ok: false, error: `StepFunctions.${error.type.endsWith('Exception') ? error.type : `${error.type}Exception`}`, cause: error.message }
          : { ok: false, error: 'States.TaskFailed', cause: error instanceof Error ? error.message : String(error) };
      if (answered && token !== undefined && callbacks) {
        callbacks.settle(token, failure);
        return answered;
      }
      return failure;
    }
    const child = this.executions.get(started.executionArn);
    const response = startResponse(started.executionArn, child?.startDate ?? this.clock.now(), randomUUID(), JSON.stringify(started).length + 20);
    if (pattern === 'request-response') return { ok: true, output: response };
    request.reportSubmitted?.(response);
    if (answered) return answered;
    if (!child) return { ok: false, error: 'States.TaskFailed', cause: `The child execution ${started.executionArn} is not known` };
    const stopChild = (): void => {
      if (child.status === 'RUNNING') void Promise.resolve(this.operations.StopExecution?.({ executionArn: child.arn }, { region: parent.region })).catch(() => undefined);
    };
    const cancelled = new Promise<'cancelled'>((resolve) => {
      if (request.signal.aborted) resolve('cancelled');
      else request.signal.addEventListener('abort', () => resolve('cancelled'), { once: true });
    });
    const closed = (async () => {
      while (!child.closed) await child.done;
      return 'closed' as const;
    })();
    if ((await Promise.race([closed, cancelled])) === 'cancelled') {
      stopChild();
      throw new Error('the task was cancelled; its child execution is stopped');
    }
    const nested = {
      arn: child.arn,
      stateMachineArn: child.stateMachineArn,
      name: child.name,
      status: child.status,
      startDate: child.startDate,
      input: child.input,
      ...(child.stopDate !== undefined ? { stopDate: child.stopDate } : {}),
      ...(child.output !== undefined ? { output: child.output } : {}),
      ...(child.error !== undefined ? { error: child.error } : {}),
      ...(child.cause !== undefined ? { cause: child.cause } : {}),
    };
    const described = describeChild(nested, pattern === 'sync:2' ? 'sync:2' : 'sync');
    return child.status === 'SUCCEEDED' ? { ok: true, output: described } : { ok: false, error: 'States.TaskFailed', cause: JSON.stringify(described) };
  }

  private register(exec: ExecutionRecord, parentKey: string): void {
    this.executions.set(exec.arn, exec);
    let list = this.byParent.get(parentKey);
    if (!list) this.byParent.set(parentKey, (list = []));
    list.push(exec);
  }

  private launch(exec: ExecutionRecord, redrive?: { previousEvents: EmittedEvent[]; redriveCount: number }): void {
    const controller = new AbortController();
    // Every concurrent Map iteration, branch and task attempt may listen on it.
    setMaxListeners(0, controller.signal);
    exec.controller = controller;
    exec.closed = false;
    const emit = (event: EmittedEvent): void => {
      if (exec.closed) return;
      if (event.type === 'ExecutionStarted' && exec.events.length === 0) exec.startDate = event.timestamp;
      exec.events.push(event);
      this.writeLog(exec, event);
    };
    let run: Promise<ExecutionOutcome>;
    try {
      run = this.options.engine.runExecution({
        executionArn: exec.arn,
        stateMachineArn: exec.stateMachineArn,
        definition: exec.parsed,
        input: exec.input,
        roleArn: exec.roleArn,
        testCase: exec.testCase,
        host: this.host(exec),
        signal: controller.signal,
        emit,
        ...(redrive ? { redrive } : {}),
      });
    } catch (error) {
      run = Promise.reject(error);
    }
    exec.done = run.then(
      (outcome) => this.close(exec, outcome),
      (error: unknown) =>
        this.close(exec, {
          status: 'FAILED',
          error: 'States.Runtime',
          cause: `The emulator's interpreter failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
    );
  }

  /** Records the outcome; appends the terminal event if the interpreter did not emit one. */
  private close(exec: ExecutionRecord, outcome: ExecutionOutcome): void {
    if (exec.closed) return;
    const last = exec.events.at(-1);
    if (!last || !TERMINAL.has(last.type)) {
      const type = { SUCCEEDED: 'ExecutionSucceeded', FAILED: 'ExecutionFailed', ABORTED: 'ExecutionAborted', TIMED_OUT: 'ExecutionTimedOut' }[outcome.status];
      const details: Record<string, unknown> =
        outcome.status === 'SUCCEEDED'
          ? { output: outcome.output ?? '{}', outputDetails: { truncated: false } }
          : { ...(outcome.error !== undefined ? { error: outcome.error } : {}), ...(outcome.cause !== undefined ? { cause: outcome.cause } : {}) };
      const event: EmittedEvent = { id: (last?.id ?? 0) + 1, previousEventId: last?.id ?? 0, type, timestamp: this.clock.now(), details };
      exec.events.push(event);
      this.writeLog(exec, event);
    }
    exec.closed = true;
    exec.status = outcome.status;
    exec.stopDate = exec.events.at(-1)?.timestamp ?? this.clock.now();
    if (outcome.output !== undefined) exec.output = outcome.output;
    else delete exec.output;
    if (outcome.error !== undefined) exec.error = outcome.error;
    else delete exec.error;
    if (outcome.cause !== undefined) exec.cause = outcome.cause;
    else delete exec.cause;
    delete exec.controller;
    if (exec.type === 'EXPRESS' && !exec.mapRunArn) {
      exec.events = []; // Express histories live only in CloudWatch Logs.
      this.closedExpress.push(exec.arn);
      while (this.closedExpress.length > MAX_CLOSED_EXPRESS) {
        const arn = this.closedExpress.shift();
        const old = arn === undefined ? undefined : this.executions.get(arn);
        if (old && arn !== undefined) {
          this.executions.delete(arn);
          const list = this.byParent.get(old.stateMachineArn);
          const index = list?.indexOf(old) ?? -1;
          if (list && index >= 0) list.splice(index, 1);
        }
      }
    }
  }

  private newExecution(
    machine: StateMachineRecord,
    name: string,
    input: string,
    testCase: string | null,
    traceHeader: string | undefined,
  ): ExecutionRecord {
    const arn =
      machine.type === 'EXPRESS'
        ? `arn:aws:states:${machine.region}:${ACCOUNT_ID}:express:${machine.name}:${name}:${randomUUID()}`
        : `arn:aws:states:${machine.region}:${ACCOUNT_ID}:execution:${machine.name}:${name}`;
    return {
      arn,
      stateMachineArn: machine.arn,
      rootName: machine.name,
      name,
      region: machine.region,
      type: machine.type,
      status: 'RUNNING',
      startDate: this.clock.now(),
      input,
      ...(traceHeader !== undefined ? { traceHeader } : {}),
      events: [],
      definition: machine.definition,
      parsed: machine.parsed,
      roleArn: machine.roleArn,
      loggingConfiguration: machine.loggingConfiguration,
      tracingConfiguration: machine.tracingConfiguration,
      updateDate: machine.updateDate,
      ...(machine.revisionId !== undefined ? { revisionId: machine.revisionId } : {}),
      testCase,
      redriveCount: 0,
      seq: ++this.seq,
      closed: false,
    };
  }

  // ---- Map Runs -----------------------------------------------------------------------------

  private async runMapRun(parent: ExecutionRecord, request: MapRunRequest, onStarted: (arn: string) => void): Promise<MapRunOutcome> {
    const earlier = request.redrive ? this.mapRuns.get(request.redrive.mapRunArn) : undefined;
    if (earlier && earlier.executionArn === parent.arn) return this.redriveMapRun(parent, earlier, request);
    const label = request.label ?? randomUUID().replace(/-/g, '').slice(0, 8);
    const region = parent.region;
    const base = `${parent.rootName}/${label}`;
    const run: MapRunRecord = {
      arn: `arn:aws:states:${region}:${ACCOUNT_ID}:mapRun:${base}:${randomUUID()}`,
      executionArn: parent.arn,
      stateMachineArn: `arn:aws:states:${region}:${ACCOUNT_ID}:stateMachine:${base}`,
      startDate: this.clock.now(),
      status: 'RUNNING',
      maxConcurrency: request.maxConcurrency,
      toleratedFailureCount: request.toleratedFailureCount ?? 0,
      toleratedFailurePercentage: request.toleratedFailurePercentage ?? 0,
      itemCount: request.items.length,
      children: [],
      byItem: [],
      redriveCount: 0,
      seq: ++this.seq,
    };
    this.mapRuns.set(run.arn, run);
    const siblings = this.mapRunsByExecution.get(parent.arn) ?? [];
    siblings.push(run);
    this.mapRunsByExecution.set(parent.arn, siblings);
    onStarted(run.arn);
    const results: unknown[] = new Array<unknown>(request.items.length).fill(null);
    return this.driveMapRun(parent, run, request, label, results, [...request.items.keys()]);
  }

  /**
   * RedriveExecution of a parent whose Map Run did not succeed (redrive-map-run.html): the same
   * Map Run runs again; children that succeeded keep their results, Standard children that failed,
   * timed out or were aborted are redriven (same ARN, history appended after ExecutionRedriven),
   * Express ones start again under the same ARN, items that never started start now.
   */
  private async redriveMapRun(parent: ExecutionRecord, run: MapRunRecord, request: MapRunRequest): Promise<MapRunOutcome> {
    run.status = 'RUNNING';
    delete run.stopDate;
    run.redriveCount++;
    run.redriveDate = this.clock.now();
    const results: unknown[] = new Array<unknown>(run.itemCount).fill(null);
    const todo: number[] = [];
    // Unsuccessful children wait as PENDING_REDRIVE until their turn (MaxConcurrency); those whose
    // turn never comes (the run failed or was aborted first) go back to what they were.
    const waiting = new Map<ExecutionRecord, ExecutionStatus>();
    for (let index = 0; index < run.itemCount; index++) {
      const child = run.byItem[index];
      if (child?.status === 'SUCCEEDED') {
        results[index] = child.output === undefined ? null : (JSON.parse(child.output) as unknown);
        continue;
      }
      todo.push(index);
      if (child) {
        waiting.set(child, child.status);
        child.status = 'PENDING_REDRIVE';
      }
    }
    const label = run.stateMachineArn.slice(run.stateMachineArn.lastIndexOf('/') + 1);
    try {
      return await this.driveMapRun(parent, run, request, label, results, todo);
    } finally {
      for (const [child, status] of waiting) if (child.status === 'PENDING_REDRIVE') child.status = status;
    }
  }

  /** Runs the Map Run's `todo` items as child executions, MaxConcurrency at a time. */
  private async driveMapRun(parent: ExecutionRecord, run: MapRunRecord, request: MapRunRequest, label: string, results: unknown[], todo: number[]): Promise<MapRunOutcome> {
    const base = `${parent.rootName}/${label}`;
    const region = parent.region;
    const definition = JSON.stringify(request.processorDefinition);
    const total = run.itemCount;
    const limit = request.maxConcurrency > 0 ? request.maxConcurrency : Math.max(1, todo.length);
    let next = 0;
    let failed = 0;
    let exceeded = false;
    const tooMany = (): boolean => {
      if (request.toleratedFailureCount === undefined && request.toleratedFailurePercentage === undefined) return failed > 0;
      if (request.toleratedFailureCount !== undefined && failed > request.toleratedFailureCount) return true;
      return request.toleratedFailurePercentage !== undefined && total > 0 && (failed * 100) / total > request.toleratedFailurePercentage;
    };
    const abortChildren = (): void => {
      for (const child of run.children) child.controller?.abort({});
    };
    request.signal.addEventListener('abort', abortChildren, { once: true });

    const worker = async (): Promise<void> => {
      while (next < todo.length && !exceeded && !request.signal.aborted) {
        const index = todo[next++] as number;
        const before = run.byItem[index];
        if (before) {
          // Redrive: a Standard child is redriven (history appended), an Express one starts again.
          before.status = 'RUNNING';
          delete before.stopDate;
          if (before.type === 'STANDARD') {
            before.redriveCount++;
            before.redriveDate = this.clock.now();
            this.launch(before, { previousEvents: [...before.events], redriveCount: before.redriveCount });
          } else {
            before.events = [];
            before.startDate = this.clock.now();
            this.launch(before);
          }
          await before.done;
          settle(index, before);
          continue;
        }
        const name = randomUUID();
        const child: ExecutionRecord = {
          arn:
            request.executionType === 'EXPRESS'
              ? `arn:aws:states:${region}:${ACCOUNT_ID}:express:${base}:${name}:${randomUUID()}`
              : `arn:aws:states:${region}:${ACCOUNT_ID}:execution:${base}:${name}`,
          stateMachineArn: run.stateMachineArn,
          rootName: parent.rootName,
          name,
          region,
          type: request.executionType,
          status: 'RUNNING',
          startDate: this.clock.now(),
          input: JSON.stringify(request.items[index] ?? null),
          events: [],
          definition,
          parsed: request.processorDefinition,
          roleArn: parent.roleArn,
          loggingConfiguration: parent.loggingConfiguration,
          tracingConfiguration: parent.tracingConfiguration,
          updateDate: parent.updateDate,
          ...(parent.revisionId !== undefined ? { revisionId: parent.revisionId } : {}),
          label,
          testCase: request.testCase,
          mapRunArn: run.arn,
          redriveCount: 0,
          seq: ++this.seq,
          closed: false,
        };
        run.children.push(child);
        run.byItem[index] = child;
        this.register(child, run.arn);
        this.launch(child);
        await child.done;
        settle(index, child);
      }
    };
    const settle = (index: number, child: ExecutionRecord): void => {
      if (child.status === 'SUCCEEDED') {
        results[index] = child.output === undefined ? null : (JSON.parse(child.output) as unknown);
      } else {
        failed++;
        if (tooMany() && !exceeded) {
          exceeded = true;
          abortChildren();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, Math.max(todo.length, 1)) }, worker));
    request.signal.removeEventListener('abort', abortChildren);
    run.stopDate = this.clock.now();
    if (request.signal.aborted) {
      run.status = 'ABORTED';
      return { mapRunArn: run.arn, status: 'ABORTED', results };
    }
    if (exceeded) {
      run.status = 'FAILED';
      return {
        mapRunArn: run.arn,
        status: 'FAILED',
        results,
        error: 'States.ExceedToleratedFailureThreshold',
        cause: 'The specified tolerated failure threshold was exceeded',
      };
    }
    run.status = 'SUCCEEDED';
    return { mapRunArn: run.arn, status: 'SUCCEEDED', results };
  }

  // ---- wire shapes ----------------------------------------------------------------------------

  private redriveStatus(exec: ExecutionRecord): { redriveStatus: string; redriveStatusReason?: string } {
    if (exec.type === 'EXPRESS') return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is EXPRESS and cannot be redriven' };
    if (exec.status === 'RUNNING' || exec.status === 'SUCCEEDED') {
      return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: `Execution is ${exec.status} and cannot be redriven` };
    }
    if (exec.mapRunArn) return { redriveStatus: 'REDRIVABLE_BY_MAP_RUN' };
    return { redriveStatus: 'REDRIVABLE' };
  }

  private listItem(exec: ExecutionRecord): Record<string, unknown> {
    return {
      executionArn: exec.arn,
      stateMachineArn: exec.stateMachineArn,
      name: exec.name,
      status: exec.status,
      startDate: toEpochSeconds(exec.startDate),
      ...(exec.stopDate !== undefined && exec.status !== 'RUNNING' ? { stopDate: toEpochSeconds(exec.stopDate) } : {}),
      ...(exec.mapRunArn ? { mapRunArn: exec.mapRunArn } : {}),
      ...(exec.type === 'STANDARD' ? { redriveCount: exec.redriveCount } : {}),
      ...(exec.redriveDate !== undefined ? { redriveDate: toEpochSeconds(exec.redriveDate) } : {}),
    };
  }

  private syncResponse(exec: ExecutionRecord, includeData: boolean): Record<string, unknown> {
    const duration = Math.max(0, (exec.stopDate ?? exec.startDate) - exec.startDate);
    return {
      executionArn: exec.arn,
      stateMachineArn: exec.stateMachineArn,
      name: exec.name,
      startDate: toEpochSeconds(exec.startDate),
      stopDate: toEpochSeconds(exec.stopDate ?? exec.startDate),
      status: exec.status,
      ...(exec.error !== undefined ? { error: exec.error } : {}),
      ...(exec.cause !== undefined ? { cause: exec.cause } : {}),
      ...(includeData ? { input: exec.input } : {}),
      inputDetails: { included: includeData },
      ...(includeData && exec.output !== undefined ? { output: exec.output } : {}),
      ...(exec.status === 'SUCCEEDED' ? { outputDetails: { included: includeData } } : {}),
      ...(exec.traceHeader !== undefined ? { traceHeader: exec.traceHeader } : {}),
      // Express billing: 64 MB, duration rounded up to the next 100 ms.
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: Math.max(100, Math.ceil(duration / 100) * 100) },
    };
  }

  private validate(definitionText: string, warnings = false): { parsed: Record<string, unknown>; diagnostics: DefinitionDiagnostic[] } {
    checkDefinitionSize(definitionText);
    let parsed: unknown;
    try {
      parsed = JSON.parse(definitionText);
    } catch (error) {
      return {
        parsed: {},
        diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: (error as Error).message }],
      };
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { parsed: {}, diagnostics: [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'The definition must be a JSON object' }] };
    }
    const record = parsed as Record<string, unknown>;
    let diagnostics: DefinitionDiagnostic[];
    try {
      diagnostics = this.options.engine.validateDefinition(record, { warnings });
    } catch (error) {
      diagnostics = [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: (error as Error).message }];
    }
    return { parsed: record, diagnostics };
  }

  // ---- operations -----------------------------------------------------------------------------

  readonly operations: Record<string, (body: Record<string, unknown>, ctx: SfnContext) => unknown> = {
    CreateStateMachine: (body, ctx) => {
      const name = requiredString(body, 'name');
      const definition = requiredString(body, 'definition');
      const roleArn = requiredString(body, 'roleArn');
      if (!isValidName(name)) throw new ApiError('InvalidName', `Invalid Name: '${name}'`);
      const type = parseType(body.type);
      const loggingConfiguration = parseLogging(body.loggingConfiguration);
      const tags = parseTags(body.tags);
      const { parsed, diagnostics } = this.validate(definition);
      const errors = diagnostics.filter((d) => d.severity === 'ERROR');
      if (errors.length) throw invalidDefinition(errors);
      const arn = stateMachineArn(ctx.region, name);
      const existing = this.machines.get(arn);
      if (existing) {
        if (existing.definition === definition && existing.roleArn === roleArn && existing.type === type) {
          return { stateMachineArn: arn, creationDate: toEpochSeconds(existing.creationDate) };
        }
        throw new ApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
      }
      const now = this.clock.now();
      const tracing = parseTracing(body.tracingConfiguration);
      const description = optionalString(body, 'versionDescription');
      this.machines.set(arn, {
        arn,
        name,
        region: ctx.region,
        type,
        definition,
        parsed,
        roleArn,
        loggingConfiguration,
        tracingConfiguration: { enabled: tracing },
        ...(description !== undefined ? { description } : {}),
        creationDate: now,
        updateDate: now,
        tags: new Map(tags),
        seq: ++this.seq,
      });
      this.ensureValidationStream(loggingConfiguration, ctx.region);
      return { stateMachineArn: arn, creationDate: toEpochSeconds(now) };
    },

    UpdateStateMachine: (body) => {
      const machine = this.machine(requiredString(body, 'stateMachineArn'));
      const definition = optionalString(body, 'definition');
      const roleArn = optionalString(body, 'roleArn');
      if (definition === undefined && roleArn === undefined && body.loggingConfiguration === undefined && body.tracingConfiguration === undefined) {
        throw new ApiError('MissingRequiredParameter', 'Either the definition, the roleArn, the loggingConfiguration or the tracingConfiguration must be specified');
      }
      if (definition !== undefined) {
        const { parsed, diagnostics } = this.validate(definition);
        const errors = diagnostics.filter((d) => d.severity === 'ERROR');
        if (errors.length) throw invalidDefinition(errors);
        machine.definition = definition;
        machine.parsed = parsed;
      }
      if (roleArn !== undefined) machine.roleArn = roleArn;
      if (body.loggingConfiguration !== undefined) {
        machine.loggingConfiguration = parseLogging(body.loggingConfiguration);
        this.ensureValidationStream(machine.loggingConfiguration, machine.region);
      }
      if (body.tracingConfiguration !== undefined) {
        machine.tracingConfiguration = { enabled: parseTracing(body.tracingConfiguration) };
      }
      machine.updateDate = this.clock.now();
      machine.revisionId = randomUUID();
      return { updateDate: toEpochSeconds(machine.updateDate), revisionId: machine.revisionId };
    },

    DeleteStateMachine: (body) => {
      const arn = requiredString(body, 'stateMachineArn');
      expectArn(arn, 'stateMachine');
      this.machines.delete(arn); // idempotent, as in AWS; running executions keep their snapshot
      return {};
    },

    ListStateMachines: (body, ctx) => {
      const maxResults = optionalInt(body, 'maxResults', 0, 1000) || 100;
      const after = decodeToken(optionalString(body, 'nextToken'), 'sm', 'InvalidToken', isPosition) as number | undefined;
      const all = [...this.machines.values()].filter((m) => m.region === ctx.region && (after === undefined || m.seq > after));
      const page = all.slice(0, maxResults);
      const last = page.at(-1);
      return {
        stateMachines: page.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: toEpochSeconds(m.creationDate) })),
        ...(all.length > maxResults && last ? { nextToken: encodeToken('sm', last.seq) } : {}),
      };
    },

    DescribeStateMachine: (body) => {
      const machine = this.machine(requiredString(body, 'stateMachineArn'));
      const metadataOnly = optionalString(body, 'includedData') === 'METADATA_ONLY';
      return {
        stateMachineArn: machine.arn,
        name: machine.name,
        status: 'ACTIVE',
        definition: metadataOnly ? '{}' : machine.definition,
        roleArn: machine.roleArn,
        type: machine.type,
        creationDate: toEpochSeconds(machine.creationDate),
        loggingConfiguration: wireLogging(machine.loggingConfiguration),
        tracingConfiguration: machine.tracingConfiguration,
        ...(machine.revisionId !== undefined ? { revisionId: machine.revisionId } : {}),
        ...(machine.description !== undefined ? { description: machine.description } : {}),
      };
    },

    DescribeStateMachineForExecution: (body) => {
      const exec = this.execution(requiredString(body, 'executionArn'));
      const name = exec.stateMachineArn.split(':stateMachine:')[1] ?? exec.rootName;
      return {
        stateMachineArn: exec.stateMachineArn,
        name,
        definition: optionalString(body, 'includedData') === 'METADATA_ONLY' ? '{}' : exec.definition,
        roleArn: exec.roleArn,
        updateDate: toEpochSeconds(exec.updateDate),
        loggingConfiguration: wireLogging(exec.loggingConfiguration),
        tracingConfiguration: exec.tracingConfiguration,
        ...(exec.mapRunArn ? { mapRunArn: exec.mapRunArn } : {}),
        ...(exec.label !== undefined ? { label: exec.label } : {}),
        ...(exec.revisionId !== undefined ? { revisionId: exec.revisionId } : {}),
      };
    },

    StartExecution: (body) => {
      const { machine, testCase } = this.startTarget(requiredString(body, 'stateMachineArn'));
      const requestedName = optionalString(body, 'name');
      if (requestedName !== undefined && !isValidName(requestedName)) throw new ApiError('InvalidName', `Invalid Name: '${requestedName}'`);
      const input = checkInput(optionalString(body, 'input'));
      const name = requestedName ?? randomUUID();
      if (machine.type === 'STANDARD') {
        const arn = `arn:aws:states:${machine.region}:${ACCOUNT_ID}:execution:${machine.name}:${name}`;
        const existing = this.executions.get(arn);
        if (existing && !this.expired(existing)) {
          // AWS: the same name and input while RUNNING is idempotent.
          if (existing.status === 'RUNNING' && existing.input === input) {
            return { executionArn: existing.arn, startDate: toEpochSeconds(existing.startDate) };
          }
          throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
        }
      }
      const exec = this.newExecution(machine, name, input, testCase, optionalString(body, 'traceHeader'));
      this.register(exec, machine.arn);
      this.launch(exec);
      return { executionArn: exec.arn, startDate: toEpochSeconds(exec.startDate) };
    },

    StartSyncExecution: async (body) => {
      const { machine, testCase } = this.startTarget(requiredString(body, 'stateMachineArn'));
      if (machine.type !== 'EXPRESS') throw typeNotSupported();
      const requestedName = optionalString(body, 'name');
      if (requestedName !== undefined && !isValidName(requestedName)) throw new ApiError('InvalidName', `Invalid Name: '${requestedName}'`);
      const input = checkInput(optionalString(body, 'input'));
      const exec = this.newExecution(machine, requestedName ?? randomUUID(), input, testCase, optionalString(body, 'traceHeader'));
      this.register(exec, machine.arn);
      this.launch(exec);
      await exec.done;
      return this.syncResponse(exec, optionalString(body, 'includedData') !== 'METADATA_ONLY');
    },

    StopExecution: async (body) => {
      const arn = requiredString(body, 'executionArn');
      const exec = this.execution(arn);
      if (exec.type === 'EXPRESS' && !exec.mapRunArn) throw expressNotValid();
      const error = optionalString(body, 'error');
      const cause = optionalString(body, 'cause');
      if (error !== undefined && error.length > 256) throw validationError('error', error, 'Member must have length less than or equal to 256');
      if (cause !== undefined && cause.length > 32768) throw validationError('cause', '…', 'Member must have length less than or equal to 32768');
      if (exec.status === 'RUNNING' && exec.controller) {
        exec.controller.abort({ ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) });
        const done = exec.done ?? Promise.resolve();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([done, new Promise((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))]);
        clearTimeout(timer);
        if (!exec.closed) {
          this.close(exec, { status: 'ABORTED', ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) });
        }
      }
      return { stopDate: toEpochSeconds(exec.stopDate ?? this.clock.now()) };
    },

    RedriveExecution: (body) => {
      const exec = this.execution(requiredString(body, 'executionArn'));
      const clientToken = optionalString(body, 'clientToken');
      if (clientToken !== undefined && clientToken === exec.redriveToken && exec.redriveDate !== undefined) {
        return { redriveDate: toEpochSeconds(exec.redriveDate) };
      }
      if (exec.type === 'EXPRESS') throw new ApiError('ExecutionNotRedrivable', 'Execution is EXPRESS and cannot be redriven');
      if (exec.status === 'RUNNING' || exec.status === 'SUCCEEDED') {
        throw new ApiError('ExecutionNotRedrivable', `Execution is ${exec.status} and cannot be redriven`);
      }
      if (this.clock.now() - (exec.stopDate ?? 0) > REDRIVE_WINDOW_MS) {
        throw new ApiError('ExecutionNotRedrivable', 'Execution can only be redriven within 14 days of its stop date');
      }
      exec.redriveCount++;
      exec.redriveDate = this.clock.now();
      if (clientToken !== undefined) exec.redriveToken = clientToken;
      exec.status = 'RUNNING';
      delete exec.stopDate;
      this.launch(exec, { previousEvents: [...exec.events], redriveCount: exec.redriveCount });
      return { redriveDate: toEpochSeconds(exec.redriveDate) };
    },

    ListExecutions: (body) => {
      const smArn = optionalString(body, 'stateMachineArn');
      const mapRunArn = optionalString(body, 'mapRunArn');
      if ((smArn === undefined) === (mapRunArn === undefined)) {
        throw new ApiError('ValidationException', 'Must provide a StateMachine ARN or MapRun ARN');
      }
      let list: ExecutionRecord[];
      if (smArn !== undefined) {
        const machine = this.machine(smArn);
        if (machine.type === 'EXPRESS') throw typeNotSupported();
        list = this.byParent.get(smArn) ?? [];
      } else {
        expectArn(mapRunArn ?? '', 'mapRun');
        if (!this.mapRuns.has(mapRunArn ?? '')) throw new ApiError('ResourceNotFound', `Resource not found: '${mapRunArn}'`);
        list = this.byParent.get(mapRunArn ?? '') ?? [];
      }
      const statusFilter = optionalString(body, 'statusFilter');
      if (statusFilter !== undefined && !['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'].includes(statusFilter)) {
        throw validationError('statusFilter', statusFilter, 'Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]');
      }
      const redriveFilter = optionalString(body, 'redriveFilter');
      const maxResults = optionalInt(body, 'maxResults', 0, 1000) || 100;
      const before = decodeToken(optionalString(body, 'nextToken'), `ex:${smArn ?? mapRunArn}`, 'InvalidToken', isPosition) as number | undefined;
      const page: ExecutionRecord[] = [];
      let more = false;
      // The list is in start (seq) order: find where the page starts by binary search.
      let start = list.length;
      if (before !== undefined) {
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((list[mid]?.seq ?? 0) < before) lo = mid + 1;
          else hi = mid;
        }
        start = lo;
      }
      for (let i = start - 1; i >= 0; i--) {
        const exec = list[i];
        if (!exec) continue;
        if (this.expired(exec)) continue;
        if (statusFilter !== undefined && exec.status !== statusFilter) continue;
        if (redriveFilter === 'REDRIVEN' && exec.redriveCount === 0) continue;
        if (redriveFilter === 'NOT_REDRIVEN' && exec.redriveCount > 0) continue;
        if (page.length === maxResults) {
          more = true;
          break;
        }
        page.push(exec);
      }
      const last = page.at(-1);
      return {
        executions: page.map((e) => this.listItem(e)),
        ...(more && last ? { nextToken: encodeToken(`ex:${smArn ?? mapRunArn}`, last.seq) } : {}),
      };
    },

    DescribeExecution: (body) => {
      const exec = this.execution(requiredString(body, 'executionArn'));
      const includeData = optionalString(body, 'includedData') !== 'METADATA_ONLY';
      return {
        ...this.listItem(exec),
        ...(includeData ? { input: exec.input } : {}),
        inputDetails: { included: includeData },
        ...(exec.status === 'SUCCEEDED' && includeData && exec.output !== undefined ? { output: exec.output } : {}),
        ...(exec.status === 'SUCCEEDED' ? { outputDetails: { included: includeData } } : {}),
        ...(exec.traceHeader !== undefined ? { traceHeader: exec.traceHeader } : {}),
        ...(exec.error !== undefined && exec.status !== 'RUNNING' ? { error: exec.error } : {}),
        ...(exec.cause !== undefined && exec.status !== 'RUNNING' ? { cause: exec.cause } : {}),
        redriveCount: exec.redriveCount,
        ...this.redriveStatus(exec),
      };
    },

    GetExecutionHistory: (body) => {
      const arn = requiredString(body, 'executionArn');
      const exec = this.execution(arn);
      const maxResults = optionalInt(body, 'maxResults', 0, 1000) || 100;
      const reverse = optionalBoolean(body, 'reverseOrder') ?? false;
      const includeData = optionalBoolean(body, 'includeExecutionData') ?? true;
      const kind = `h:${reverse ? 'r' : 'f'}:${arn}`;
      const events = exec.events;
      const position = decodeToken(optionalString(body, 'nextToken'), kind, 'InvalidToken', (k) => isPosition(k) && (k as number) <= events.length) as
        | number
        | undefined;
      let slice: EmittedEvent[];
      let nextPosition: number | undefined;
      if (!reverse) {
        const from = position ?? 0;
        slice = events.slice(from, from + maxResults);
        if (from + maxResults < events.length) nextPosition = from + maxResults;
      } else {
        const to = position ?? events.length;
        const from = Math.max(0, to - maxResults);
        slice = events.slice(from, to).reverse();
        if (from > 0) nextPosition = from;
      }
      return {
        events: slice.map((e) => toHistoryEvent(e, includeData)),
        ...(nextPosition !== undefined ? { nextToken: encodeToken(kind, nextPosition) } : {}),
      };
    },

    ListMapRuns: (body) => {
      const arn = requiredString(body, 'executionArn');
      const exec = this.execution(arn);
      const maxResults = optionalInt(body, 'maxResults', 0, 1000) || 100;
      const after = decodeToken(optionalString(body, 'nextToken'), `mr:${arn}`, 'InvalidToken', isPosition) as number | undefined;
      const all = (this.mapRunsByExecution.get(exec.arn) ?? []).filter((r) => after === undefined || r.seq > after);
      const page = all.slice(0, maxResults);
      const last = page.at(-1);
      return {
        mapRuns: page.map((r) => ({
          executionArn: r.executionArn,
          mapRunArn: r.arn,
          stateMachineArn: r.stateMachineArn,
          startDate: toEpochSeconds(r.startDate),
          ...(r.stopDate !== undefined ? { stopDate: toEpochSeconds(r.stopDate) } : {}),
        })),
        ...(all.length > maxResults && last ? { nextToken: encodeToken(`mr:${arn}`, last.seq) } : {}),
      };
    },

    DescribeMapRun: (body) => {
      const arn = requiredString(body, 'mapRunArn');
      expectArn(arn, 'mapRun');
      const run = this.mapRuns.get(arn);
      if (!run || (this.executions.get(run.executionArn) === undefined && this.options.retentionSeconds !== undefined)) {
        throw new ApiError('ResourceNotFound', `Resource not found: '${arn}'`);
      }
      const counts = { pending: 0, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total: run.itemCount, resultsWritten: 0 };
      let pendingRedrive = 0;
      for (const child of run.children) {
        if (child.status === 'PENDING_REDRIVE') pendingRedrive++;
        else if (child.status === 'RUNNING') counts.running++;
        else if (child.status === 'SUCCEEDED') counts.succeeded++;
        else if (child.status === 'FAILED') counts.failed++;
        else if (child.status === 'TIMED_OUT') counts.timedOut++;
        else counts.aborted++;
      }
      // Items whose child never started stay `pending` after the Map Run ended (failed past its
      // tolerated failures, or aborted): AWS counts as `aborted` only the children it stopped, and
      // `total` stays the item count (measured on AWS: a failed 5-item run answers pending 1,
      // succeeded 3, failed 1; an aborted one aborted 1, pending 2).
      counts.pending = Math.max(0, run.itemCount - run.children.length);
      counts.resultsWritten = counts.succeeded;
      const itemCounts = { ...counts, failuresNotRedrivable: 0, pendingRedrive };
      return {
        mapRunArn: run.arn,
        executionArn: run.executionArn,
        status: run.status,
        startDate: toEpochSeconds(run.startDate),
        ...(run.stopDate !== undefined ? { stopDate: toEpochSeconds(run.stopDate) } : {}),
        maxConcurrency: run.maxConcurrency,
        toleratedFailurePercentage: run.toleratedFailurePercentage,
        toleratedFailureCount: run.toleratedFailureCount,
        itemCounts,
        executionCounts: { ...itemCounts, total: run.children.length + counts.pending },
        redriveCount: run.redriveCount,
        ...(run.redriveDate !== undefined ? { redriveDate: toEpochSeconds(run.redriveDate) } : {}),
      };
    },

    TagResource: (body) => {
      const machine = this.taggable(requiredString(body, 'resourceArn'));
      const tags = parseTags(body.tags);
      if (machine.tags.size + tags.filter(([k]) => !machine.tags.has(k)).length > 50) {
        throw new ApiError('TooManyTags', 'Too many tags: a resource can have at most 50 tags');
      }
      for (const [key, value] of tags) machine.tags.set(key, value);
      return {};
    },

    UntagResource: (body) => {
      const machine = this.taggable(requiredString(body, 'resourceArn'));
      const keys = body.tagKeys;
      if (!Array.isArray(keys)) throw validationError('tagKeys', undefined, 'Member must not be null');
      for (const key of keys) if (typeof key === 'string') machine.tags.delete(key);
      return {};
    },

    ListTagsForResource: (body) => {
      const machine = this.taggable(requiredString(body, 'resourceArn'));
      return { tags: [...machine.tags].map(([key, value]) => ({ key, value })) };
    },

    ValidateStateMachineDefinition: (body) => {
      const definition = requiredString(body, 'definition');
      parseType(body.type);
      const severity = optionalString(body, 'severity') ?? 'ERROR';
      const maxResults = optionalInt(body, 'maxResults', 0, 100) || 100;
      const { diagnostics } = this.validate(definition, true);
      const shown = diagnostics.filter((d) => severity === 'WARNING' || d.severity === 'ERROR');
      return {
        result: diagnostics.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK',
        diagnostics: shown.slice(0, maxResults).map((d) => ({
          severity: d.severity,
          code: d.code,
          message: d.message,
          ...(d.location !== undefined ? { location: d.location } : {}),
        })),
        truncated: shown.length > maxResults,
      };
    },
  };

  private taggable(arn: string): StateMachineRecord {
    const parsed = parseStatesArn(arn);
    if (parsed.resourceType !== 'stateMachine') {
      throw new ApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${parsed.resourceType}'`);
    }
    const machine = this.machines.get(arn);
    if (!machine) throw new ApiError('ResourceNotFound', `Resource not found: '${arn}'`);
    return machine;
  }

  /** `<stateMachineArn>#<TestCase>` (Step Functions Local) or a plain state machine ARN. */
  private startTarget(target: string): { machine: StateMachineRecord; testCase: string | null } {
    const hash = target.indexOf('#');
    const arn = hash < 0 ? target : target.slice(0, hash);
    const testCase = hash < 0 ? null : target.slice(hash + 1);
    const machine = this.machine(arn);
    if (testCase !== null && this.options.hasTestCase && !this.options.hasTestCase(machine.name, testCase)) {
      throw new ApiError('ValidationException', `Test case '${testCase}' of state machine '${machine.name}' is not in the mock config`);
    }
    return { machine, testCase };
  }

  /** Aborts every running execution (emulator shutdown) and waits briefly for them to close. */
  async stopAll(): Promise<void> {
    this.options.callbacks?.close();
    const running = [...this.executions.values()].filter((e) => e.status === 'RUNNING' && e.controller);
    for (const exec of running) exec.controller?.abort({ error: 'States.Aborted', cause: 'The emulator shut down' });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(running.map((e) => e.done)), new Promise((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
  }

  /** Whether an ARN names an EXPRESS state machine (StartExecution's quota bucket). */
  isExpress(arn: string): boolean {
    return this.machines.get(arn)?.type === 'EXPRESS';
  }

  /** Counts for the status line and tests. */
  stats(): { stateMachines: number; executions: number; running: number } {
    let running = 0;
    for (const exec of this.executions.values()) if (exec.status === 'RUNNING') running++;
    return { stateMachines: this.machines.size, executions: this.executions.size, running };
  }
}
