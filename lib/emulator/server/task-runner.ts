import { createHash, randomUUID } from 'node:crypto';
import type { MockConfigFile, MockedResponse } from '../../history/test-case.ts';
import type { TaskHandler, TaskRequest, TaskResult, TaskRunner } from '../engine-contract.ts';
import { isActivityArn, type CallbackService } from './callbacks.ts';

/**
 * Step Functions Local's MockConfigFile.json (the shape is lib/history's MockConfigFile, which
 * test cases are written in): `StateMachines.<name>.TestCases.<case>.<state> -> "<MockedResponse
 * name>"` and `MockedResponses.<name>.{"0" | "1-2" | ...}: { Return: value } | { Throw: { Error,
 * Cause } }`. The keys count every call of the state within one execution from 0 (retries and
 * Map iterations included); past the last key the task fails with States.TaskFailed naming the state.
 */
export type MockConfig = MockConfigFile;
export type { MockedResponse };

/** Validates a parsed mock config; throws an Error naming the problem (for one-line CLI errors). */
export function parseMockConfig(value: unknown): MockConfig {
  if (!isObject(value)) throw new Error('the mock config must be a JSON object');
  const { StateMachines, MockedResponses } = value;
  if (StateMachines !== undefined && !isObject(StateMachines)) throw new Error('"StateMachines" must be an object');
  if (MockedResponses !== undefined && !isObject(MockedResponses)) throw new Error('"MockedResponses" must be an object');
  for (const [sm, entry] of Object.entries(StateMachines ?? {})) {
    if (!isObject(entry)) throw new Error(`StateMachines.${sm} must be an object`);
    const cases = entry.TestCases ?? {};
    if (!isObject(cases)) throw new Error(`StateMachines.${sm}.TestCases must be an object`);
    for (const [name, states] of Object.entries(cases)) {
      if (!isObject(states)) throw new Error(`StateMachines.${sm}.TestCases.${name} must be an object`);
      for (const [state, response] of Object.entries(states)) {
        if (typeof response !== 'string') throw new Error(`StateMachines.${sm}.TestCases.${name}.${state} must name a mocked response`);
        if (!isObject(MockedResponses) || !(response in MockedResponses)) {
          throw new Error(`StateMachines.${sm}.TestCases.${name}.${state}: no MockedResponses entry "${response}"`);
        }
      }
    }
  }
  for (const [name, calls] of Object.entries(MockedResponses ?? {})) {
    if (!isObject(calls)) throw new Error(`MockedResponses.${name} must be an object`);
    for (const [key, response] of Object.entries(calls)) {
      if (!parseRange(key)) throw new Error(`MockedResponses.${name}: key "${key}" is not a call index ("0") or range ("1-2")`);
      if (!isObject(response) || (!('Return' in response) && !('Throw' in response))) {
        throw new Error(`MockedResponses.${name}."${key}" must have "Return" or "Throw"`);
      }
      if ('Throw' in response && !isObject(response.Throw)) throw new Error(`MockedResponses.${name}."${key}".Throw must be an object`);
    }
  }
  return value as MockConfig;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseRange(key: string): [number, number] | null {
  const match = /^(\d+)(?:-(\d+))?$/.exec(key);
  if (!match) return null;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return to >= from ? [from, to] : null;
}

/** The state machine's own name from its ARN (Map Run children: `<sm>/<label>` → `<sm>`). */
function stateMachineName(arn: string): string {
  const name = arn.split(':stateMachine:')[1] ?? arn;
  return name.split('/')[0] ?? name;
}

export type MockLookup =
  | { found: false }
  | { found: true; result: TaskResult };

export function lookupMock(config: MockConfig | undefined, request: TaskRequest): MockLookup {
  if (!config || request.testCase === null) return { found: false };
  const sm = stateMachineName(request.stateMachineArn);
  const responseName = config.StateMachines?.[sm]?.TestCases?.[request.testCase]?.[request.stateName];
  if (responseName === undefined) return { found: false };
  const calls = config.MockedResponses?.[responseName] ?? {};
  for (const [key, response] of Object.entries(calls)) {
    const range = parseRange(key);
    if (!range || request.callIndex < range[0] || request.callIndex > range[1]) continue;
    if (response.Throw) {
      const result: TaskResult = { ok: false, error: response.Throw.Error ?? 'States.TaskFailed' };
      if (response.Throw.Cause !== undefined) result.cause = response.Throw.Cause;
      return { found: true, result };
    }
    return { found: true, result: { ok: true, output: response.Return ?? null } };
  }
  return {
    found: true,
    result: {
      ok: false,
      error: 'States.TaskFailed',
      cause: `The mocked response "${responseName}" of test case "${request.testCase}" has no entry for call ${request.callIndex} of state '${request.stateName}'`,
    },
  };
}

/**
 * What a `.waitForTaskToken` integration call answers when no handler stands in for it (the
 * service's own response, which TaskSubmitted shows): SQS SendMessage's MD5 and message id, SNS
 * Publish's message id, else `{}`.
 */
export function defaultSubmission(request: TaskRequest): Record<string, unknown> {
  const params = isObject(request.parameters) ? request.parameters : {};
  if (/:sqs:sendMessage\.waitForTaskToken$/.test(request.resource)) {
    const body = params.MessageBody;
    const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
    return { MD5OfMessageBody: createHash('md5').update(text).digest('hex'), MessageId: randomUUID() };
  }
  if (/:sns:publish\.waitForTaskToken$/.test(request.resource)) return { MessageId: randomUUID() };
  return {};
}

/**
 * The emulator's TaskRunner: the mock config's test case, else (with a CallbackService) an
 * activity task queued for a worker, else a JavaScript handler registered by resource ARN (tried
 * as written, without a `.sync`/`.waitForTaskToken` suffix, and for `lambda:invoke` by
 * Parameters.FunctionName), else States.TaskFailed naming the state. A `.waitForTaskToken` task
 * then waits for SendTaskSuccess/SendTaskFailure on its token: the handler's answer (or, with no
 * handler, defaultSubmission) is the submission TaskSubmitted shows, a handler's failure fails the
 * task at once.
 */
export class EmulatorTaskRunner implements TaskRunner {
  readonly handlers = new Map<string, TaskHandler>();
  /** Task tokens and activities (set by the emulator); without it callbacks are answered like any task. */
  callbacks: CallbackService | undefined;

  constructor(public mockConfig?: MockConfig) {}

  writesActivityStarted(request: TaskRequest): boolean {
    return this.callbacks !== undefined && request.taskToken !== undefined && isActivityArn(request.resource) && !lookupMock(this.mockConfig, request).found;
  }

  register(resourceArn: string, handler: TaskHandler): void {
    this.handlers.set(resourceArn, handler);
  }

  findHandler(request: TaskRequest): TaskHandler | undefined {
    const candidates = [request.resource, request.resource.replace(/\.(sync(:2)?|waitForTaskToken)$/, '')];
    const params = request.parameters;
    if (isObject(params) && typeof params.FunctionName === 'string') {
      // A function ARN with or without its qualifier (`:$LATEST`, a version or an alias).
      candidates.push(params.FunctionName, params.FunctionName.replace(/^(arn:[^:]+:lambda:[^:]+:\d+:function:[^:]+):[^:]+$/, '$1'));
    }
    for (const candidate of candidates) {
      const handler = this.handlers.get(candidate);
      if (handler) return handler;
    }
    return undefined;
  }

  private async runCallback(callbacks: CallbackService, request: TaskRequest): Promise<TaskResult> {
    // The token waits before the handler runs, so a handler may answer it at once.
    const answered = callbacks.wait(request);
    const handler = this.findHandler(request);
    let submission: TaskResult;
    try {
      submission = handler ? await handler(request) : { ok: true, output: defaultSubmission(request) };
    } catch (error) {
      if (request.signal.aborted) throw error;
      const err = error instanceof Error ? error : new Error(String(error));
      submission = { ok: false, error: err.name || 'Error', cause: err.message };
    }
    if (!submission.ok) callbacks.settle(request.taskToken as string, submission);
    else request.reportSubmitted?.(submission.output);
    return answered;
  }

  async run(request: TaskRequest): Promise<TaskResult> {
    const mock = lookupMock(this.mockConfig, request);
    if (mock.found) return mock.result;
    const callbacks = this.callbacks;
    if (callbacks && callbacks.handles(request)) {
      if (isActivityArn(request.resource)) return callbacks.wait(request);
      return this.runCallback(callbacks, request);
    }
    const handler = this.findHandler(request);
    if (!handler) {
      return {
        ok: false,
        error: 'States.TaskFailed',
        cause: `No mock response or task handler for state '${request.stateName}' (resource ${request.resource}${request.testCase === null ? '' : `, test case ${request.testCase}`})`,
      };
    }
    try {
      return await handler(request);
    } catch (error) {
      if (request.signal.aborted) throw error;
      const err = error instanceof Error ? error : new Error(String(error));
      return { ok: false, error: err.name || 'Error', cause: err.message };
    }
  }
}
