// Task handlers for the demo's resources, registered by resource ARN (engine-contract.ts):
//  - `arn:aws:states:::lambda:invoke`, dispatching on Parameters.FunctionName,
//  - each simulated function's own ARN, for states that name the function as their Resource
//    (legacy Lambda integration: the result is the bare payload, not the Invoke response),
//  - `arn:aws:states:::sns:publish` and `arn:aws:states:::dynamodb:putItem`,
//  - `arn:aws:states:::sns:publish.waitForTaskToken`: the approval message, read by a simulated
//    approver who answers the task token (SendTaskSuccess) minutes later, or never.
//
// Randomness is keyed by the call, not by arrival order: each call draws from a stream derived
// from (seed, resource, execution, state, parameters, attempt number). So an execution's fate is
// reproducible whatever else runs concurrently, and a retry (same parameters, next attempt)
// gets a fresh draw. Latency is spent with the emulator's clock, so it follows its time scale.
import type { TaskHandler, TaskRequest, TaskResult } from '../engine-contract.ts';
import { lambdaErrorCause, lambdaInvokeResult, sdkResult, serviceErrorCause, traceHeader } from './aws-shapes.ts';
import { type DemoEnv, DEFAULT_DEMO_ENV, DYNAMODB_PUT_ITEM, LAMBDA_INVOKE, SNS_PUBLISH, SNS_PUBLISH_WAIT_FOR_TOKEN, lambdaArn } from './demo-env.ts';
import { Rng } from './prng.ts';
import {
  COLD_START_RATE,
  type Event,
  LAMBDA_THROTTLE_RATE,
  MAX_LATENCY_MS,
  SIMULATED_FUNCTIONS,
  SLOW_CALL_RATE,
  type FailureMode,
  type LatencyProfile,
  type SimulatedFunction,
} from './simulated-functions.ts';

/** Emulated-time sleep: resolves after `ms`, rejects with the signal's reason on abort. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface DemoHandlerOptions {
  seed: number;
  sleep: Sleep;
  env?: DemoEnv;
  /**
   * SendTaskSuccess (the emulator's API): how the simulated approver answers a task token. Without
   * it nobody answers, and every approval runs into its review window's timeout.
   */
  answerTask?: (taskToken: string, output: string) => Promise<unknown>;
}

export interface RegisteredHandler {
  resourceArn: string;
  handler: TaskHandler;
}

/** Per-call failure rate of the simulated DynamoDB table (throughput exceeded, retried by the workflows). */
export const DYNAMODB_THROTTLE_RATE = 0.03;

const SNS_LATENCY: LatencyProfile = { medianMs: 45, sigma: 0.4 };

/**
 * The simulated approver: 8 % of requests are never answered (the approver is away; the request
 * escalates when its review window ends); the others are decided after a log-normal reading delay
 * (median 2.5 emulated minutes), always within the window, approved three times in four.
 */
export const APPROVER_SILENT_RATE = 0.08;
export const APPROVER_APPROVE_RATE = 0.75;
const APPROVER_DELAY: LatencyProfile = { medianMs: 150_000, sigma: 0.7 };
/** Answers come before this share of the review window has passed. */
const APPROVER_WINDOW_SHARE = 0.9;
const REJECTION_COMMENTS = ['Missing receipt', 'Not a business expense', 'Exceeds per-diem'] as const;
const DYNAMODB_LATENCY: LatencyProfile = { medianMs: 12, sigma: 0.5 };

export function createDemoHandlers(options: DemoHandlerOptions): RegisteredHandler[] {
  const env = options.env ?? DEFAULT_DEMO_ENV;
  const streams = new CallStreams(options.seed);
  const sleep = options.sleep;
  const byName = new Map(SIMULATED_FUNCTIONS.map((fn) => [fn.name as string, fn]));

  const invoke: TaskHandler = async (request) => {
    const params = asObject(request.parameters);
    const target = typeof params.FunctionName === 'string' ? params.FunctionName : '';
    const { name, qualifier } = parseFunctionName(target);
    const fn = byName.get(name);
    const rng = streams.for(`lambda:${name}`, request);
    const requestId = rng.uuid();
    if (!fn) {
      await sleep(rng.logNormal(30, 0.3), request.signal);
      const arn = target.startsWith('arn:') ? target : lambdaArn(env, name);
      return fail('Lambda.ResourceNotFoundException', serviceErrorCause(`Function not found: ${arn}`, 'AWSLambda', 404, 'ResourceNotFoundException', requestId));
    }
    const version = qualifier === undefined || qualifier === '$LATEST' ? '$LATEST' : /^\d+$/.test(qualifier) ? qualifier : '7';
    const trace = traceHeader(rng);
    return runFunction(fn, asObject(params.Payload), rng, requestId, request, sleep, (payload) => lambdaInvokeResult(payload, requestId, version, trace));
  };

  const handlers: RegisteredHandler[] = [{ resourceArn: LAMBDA_INVOKE, handler: invoke }];

  for (const fn of SIMULATED_FUNCTIONS) {
    handlers.push({
      resourceArn: lambdaArn(env, fn.name),
      handler: async (request) => {
        const rng = streams.for(`lambda:${fn.name}`, request);
        const requestId = rng.uuid();
        // Legacy integration: the state's effective input is the event, the payload the result.
        return runFunction(fn, asObject(request.parameters), rng, requestId, request, sleep, (payload) => payload);
      },
    });
  }

  handlers.push({
    resourceArn: SNS_PUBLISH,
    handler: async (request) => {
      const rng = streams.for('sns:publish', request);
      const requestId = rng.uuid();
      const messageId = rng.uuid();
      await sleep(sampleLatency(SNS_LATENCY, rng), request.signal);
      return { ok: true, output: sdkResult({ MessageId: messageId }, requestId) };
    },
  });

  const answerTask = options.answerTask;
  handlers.push({
    resourceArn: SNS_PUBLISH_WAIT_FOR_TOKEN,
    handler: async (request) => {
      const rng = streams.for('sns:publish.waitForTaskToken', request);
      const requestId = rng.uuid();
      const messageId = rng.uuid();
      const latency = sampleLatency(SNS_LATENCY, rng);
      // The approver's choices are drawn now, before any time passes (fixed draw order).
      const silent = rng.chance(APPROVER_SILENT_RATE);
      const approved = rng.chance(APPROVER_APPROVE_RATE);
      const comment = approved ? 'Within policy' : rng.pick(REJECTION_COMMENTS);
      const windowMs = (request.timeoutSeconds ?? 3600) * 1000 * APPROVER_WINDOW_SHARE;
      const delay = Math.min(windowMs, rng.logNormal(APPROVER_DELAY.medianMs, APPROVER_DELAY.sigma));
      const attributes = asObject(asObject(request.parameters).MessageAttributes);
      const approver = asObject(attributes.Approver).StringValue;
      await sleep(latency, request.signal);
      const token = request.taskToken;
      if (!silent && token !== undefined && answerTask) {
        const decision = { status: approved ? 'APPROVED' : 'REJECTED', reviewer: typeof approver === 'string' ? approver : null, comment };
        // The approver answers after the message was delivered; a stopped execution's task
        // aborts the request and the approver never answers it.
        sleep(delay, request.signal).then(
          () => answerTask(token, JSON.stringify(decision)).catch(() => undefined),
          () => undefined,
        );
      }
      return { ok: true, output: sdkResult({ MessageId: messageId }, requestId) };
    },
  });

  handlers.push({
    resourceArn: DYNAMODB_PUT_ITEM,
    handler: async (request) => {
      const rng = streams.for('dynamodb:putItem', request);
      const requestId = rng.hex(52).toUpperCase();
      const latency = sampleLatency(DYNAMODB_LATENCY, rng);
      const throttled = rng.chance(DYNAMODB_THROTTLE_RATE);
      await sleep(latency, request.signal);
      if (throttled) {
        return fail(
          'DynamoDB.ProvisionedThroughputExceededException',
          serviceErrorCause(
            'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
            'AmazonDynamoDBv2',
            400,
            'ProvisionedThroughputExceededException',
            requestId,
          ),
        );
      }
      return { ok: true, output: sdkResult({}, requestId) };
    },
  });

  // A cancelled attempt must not start; the clock's sleep handles aborts that come later.
  return handlers.map(({ resourceArn, handler }) => ({
    resourceArn,
    handler: async (request) => {
      request.signal.throwIfAborted();
      return handler(request);
    },
  }));
}

/** One simulated invocation: decide everything up front (fixed draw order), then spend the time. */
async function runFunction(
  fn: SimulatedFunction,
  event: Event,
  rng: Rng,
  requestId: string,
  request: TaskRequest,
  sleep: Sleep,
  wrap: (payload: unknown) => unknown,
): Promise<TaskResult> {
  if (rng.chance(LAMBDA_THROTTLE_RATE)) {
    // Lambda refuses the invoke before the function runs: fast, and a service error.
    await sleep(rng.logNormal(25, 0.3), request.signal);
    return fail('Lambda.TooManyRequestsException', serviceErrorCause('Rate Exceeded.', 'AWSLambda', 429, 'TooManyRequestsException', requestId));
  }
  const latency = sampleLatency(fn.latency, rng);
  const failure = pickFailure(fn.failures, rng);
  // Draw the message and the payload before sleeping, so the stream position never depends on timing.
  const outcome: TaskResult = failure
    ? fail(
        failure.error,
        failure.origin === 'runtime'
          ? JSON.stringify({ errorType: failure.error, errorMessage: failure.message(event, rng) })
          : lambdaErrorCause(fn.runtime, failure.error, failure.message(event, rng), fn.name, requestId, rng),
      )
    : { ok: true, output: wrap(fn.respond(event, rng)) };
  await sleep(failure ? latency * 0.6 : latency, request.signal);
  return outcome;
}

/** Log-normal body, occasional cold start, rare slow-dependency tail. */
export function sampleLatency(profile: LatencyProfile, rng: Rng): number {
  let ms = rng.logNormal(profile.medianMs, profile.sigma);
  if (rng.chance(COLD_START_RATE)) ms += rng.int(200, 900);
  if (rng.chance(SLOW_CALL_RATE)) ms *= 4 + rng.next() * 8;
  return Math.min(MAX_LATENCY_MS, Math.round(ms));
}

function pickFailure(failures: readonly FailureMode[], rng: Rng): FailureMode | undefined {
  const u = rng.next();
  let cumulative = 0;
  for (const failure of failures) {
    cumulative += failure.rate;
    if (u < cumulative) return failure;
  }
  return undefined;
}

function fail(error: string, cause: string): TaskResult {
  return { ok: false, error, cause };
}

/**
 * FunctionName accepts a name, `name:qualifier`, a partial ARN (`123456789012:function:name`)
 * or a full ARN, each optionally qualified.
 */
export function parseFunctionName(target: string): { name: string; qualifier?: string } {
  const marker = 'function:';
  const at = target.indexOf(marker);
  const rest = at >= 0 ? target.slice(at + marker.length) : target;
  const [name = '', qualifier] = rest.split(':');
  return qualifier === undefined ? { name } : { name, qualifier };
}

/**
 * The execution a call belongs to, stable across runs: an Express ARN's trailing UUID is
 * dropped, and a Map Run child (state machine segment `<sm>/<label>`, server-chosen name) is
 * identified by its state machine alone — its parameters carry the item, which tells it apart.
 */
export function executionKey(executionArn: string): string {
  const parts = executionArn.split(':');
  const stateMachine = parts[6] ?? '';
  if (stateMachine.includes('/')) return stateMachine;
  return `${stateMachine}:${parts[7] ?? ''}`;
}

/** Hands out a fresh seeded stream per call; counts attempts of identical calls. */
class CallStreams {
  private readonly attempts = new Map<string, number>();
  private static readonly LIMIT = 50_000;

  constructor(private readonly seed: number) {}

  for(resource: string, request: TaskRequest): Rng {
    const key = `${resource}|${executionKey(request.executionArn)}|${request.stateName}|${stableJson(request.parameters)}`;
    const attempt = this.attempts.get(key) ?? 0;
    // Re-insert so the Map's insertion order tracks recency, then trim the oldest keys: a
    // long-running demo must not grow without bound, and old executions are long finished.
    this.attempts.delete(key);
    this.attempts.set(key, attempt + 1);
    if (this.attempts.size > CallStreams.LIMIT) {
      let excess = this.attempts.size - CallStreams.LIMIT * 0.8;
      for (const old of this.attempts.keys()) {
        if (excess-- <= 0) break;
        this.attempts.delete(old);
      }
    }
    return Rng.derive(this.seed, `${key}|${attempt}`);
  }
}

/** JSON with sorted keys, so equal parameters give equal keys whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function asObject(value: unknown): Event {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Event) : {};
}
