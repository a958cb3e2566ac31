// An execution as a Step Functions Local test case (DESIGN.md §2.10): its definition and input,
// and a MockConfigFile whose mocked responses answer every Task state's calls with what the
// recording says they returned or threw, in call order. Also the StepLens-only `outcomes`, which
// keep what the MockConfigFile format cannot say, for the in-process replay (lib/emulator/replay.ts).
import { taskOutcomes, type RecordedTaskOutcome, type TaskCall } from './task-outcomes.ts';
import type { HistoryEvent } from './types.ts';

/**
 * Step Functions Local's MockConfigFile.json (DESIGN.md §2.4):
 * `StateMachines.<name>.TestCases.<case>.<state> → "<response name>"` and
 * `MockedResponses.<response name>.{"0" | "1-2" | …}: {Return: value} | {Throw: {Error, Cause}}`.
 * The keys count every call of the state within one execution from 0 (retries and Map iterations
 * included). The emulator's parser (lib/emulator parseMockConfig) reads this same shape.
 */
export interface MockConfigFile {
  StateMachines?: Record<string, { TestCases?: Record<string, Record<string, string>> }>;
  MockedResponses?: Record<string, Record<string, MockedResponse>>;
}

export type MockedResponse = { Return?: unknown; Throw?: { Error?: string; Cause?: string } };

/** The recorded outcomes beyond the mock config: every call, including those it cannot express. */
export interface RecordedOutcomes {
  /** Per Task state, one entry per call in call order. */
  byState: Record<string, RecordedTaskOutcome[]>;
  /** Calls the recording does not tie to a state (masked ids); handed out in order. */
  unowned: RecordedTaskOutcome[];
}

export interface ReplayTestCase {
  stateMachineName: string;
  testCase: string;
  /** The ASL the execution ran. */
  definition: Record<string, unknown>;
  /** The execution input as StartExecution received it (JSON text). */
  input: string;
  mockConfig: MockConfigFile;
  /** Beyond §2.10: the full recorded outcomes, which `steplens replay` and the dashboard replay with. */
  outcomes: RecordedOutcomes;
  /**
   * Beyond §2.10: calls the mock config leaves out, because Step Functions Local cannot answer
   * them as AWS did (a call still running when the execution ended). On Step Functions Local and
   * on `steplens emulator` such a call, like any call past a state's last key, fails with
   * States.TaskFailed.
   */
  omittedCalls: Array<{ stateName: string; call: number; reason: string }>;
  /**
   * Beyond §2.10: where the definition could not have run as given and the recording says what
   * did (a Task Resource that is not an ARN, i.e. a template placeholder, replaced by the resource
   * the recording scheduled for that state), one line per change; [] for a definition that ran.
   */
  definitionChanges: string[];
}

export interface TestCaseInput {
  stateMachineName: string;
  testCaseName: string;
  /** The recorded history, in chronological order (parseHistory). */
  events: readonly HistoryEvent[];
  definition: Record<string, unknown>;
  /** The execution input when the events carry none (ExecutionStarted's wins). */
  input?: unknown;
  /** Region and account for ARNs the test case must make up (resources recovered from the recording). */
  executionArn?: string;
}

/** The execution input as JSON text: ExecutionStarted's, as StartExecution received it. */
export function executionInputText(events: readonly HistoryEvent[], fallback?: unknown): string {
  const started = events.find((e) => e.type === 'ExecutionStarted');
  const input = started && started.details.input !== undefined ? started.details.input : fallback;
  if (typeof input === 'string') {
    try {
      JSON.parse(input);
      return input;
    } catch {
      return JSON.stringify(input);
    }
  }
  return JSON.stringify(input ?? {});
}

/**
 * The mock-config form of one recorded call, or why it has none. A call that timed out becomes a
 * Throw of its States.Timeout: Step Functions Local then writes TaskFailed where AWS wrote
 * TaskTimedOut, but Retry and Catch see the same error, so the execution takes the same path.
 */
function mockedResponse(outcome: RecordedTaskOutcome): MockedResponse | string {
  if ('Return' in outcome) return { Return: outcome.Return };
  if ('Throw' in outcome) return { Throw: { ...outcome.Throw } };
  if ('TimedOut' in outcome) return { Throw: { ...outcome.TimedOut } };
  return 'still running when the recorded execution ended: a mocked response always answers';
}

/**
 * Keys for a state's responses: consecutive calls with equal responses share one range ("1-3"),
 * a call without a response leaves a gap (there the emulator fails with States.TaskFailed).
 */
function responseRanges(responses: Array<MockedResponse | null>): Record<string, MockedResponse> {
  const out: Record<string, MockedResponse> = {};
  let start = 0;
  while (start < responses.length) {
    const response = responses[start];
    if (response === null || response === undefined) {
      start += 1;
      continue;
    }
    const text = JSON.stringify(response);
    let end = start;
    while (end + 1 < responses.length && responses[end + 1] !== null && JSON.stringify(responses[end + 1]) === text) end += 1;
    out[end === start ? String(start) : `${start}-${end}`] = response;
    start = end + 1;
  }
  return out;
}

/** The name of a state's mocked response: unique per test case, so several cases can share one file. */
export function responseName(testCaseName: string, stateName: string): string {
  return `${testCaseName}.${stateName}`;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every state object of a definition, nested Parallel branches and Map processors included. */
function statesOf(machine: unknown, out: Array<[string, Json]> = []): Array<[string, Json]> {
  if (!isObject(machine) || !isObject(machine.States)) return out;
  for (const [name, state] of Object.entries(machine.States)) {
    if (!isObject(state)) continue;
    out.push([name, state]);
    if (Array.isArray(state.Branches)) for (const branch of state.Branches) statesOf(branch, out);
    statesOf(state.ItemProcessor ?? state.Iterator, out);
  }
  return out;
}

/** The Resource ARN that schedules what the recording shows for a call. */
function resourceArnOf(call: TaskCall, region: string, account: string): string | null {
  const resource = call.resource ?? '';
  if (resource === '') return null;
  if (call.family === 'Task') return call.resourceType === null ? null : `arn:aws:states:::${call.resourceType}:${resource}`;
  if (call.family === 'LambdaFunction') return /^arn:[^:]+:lambda:/.test(resource) ? resource : `arn:aws:lambda:${region}:${account}:function:${resource}`;
  return /:activity:/.test(resource) ? resource : `arn:aws:states:${region}:${account}:activity:${resource}`;
}

/**
 * The definition with every Task Resource that is not an ARN (a template placeholder such as
 * "_tbd_": AWS runs no such state) replaced by the resource the recording scheduled for that
 * state. A definition that ran as given comes back unchanged (the same object).
 */
function runnableDefinition(definition: Json, byState: Map<string, TaskCall[]>, executionArn: string | undefined): { definition: Json; changes: string[] } {
  const placeholders = statesOf(definition).filter(([name, s]) => s.Type === 'Task' && !(typeof s.Resource === 'string' && s.Resource.startsWith('arn:')) && byState.has(name));
  if (placeholders.length === 0) return { definition, changes: [] };
  const parts = (executionArn ?? '').split(':');
  const region = parts[3] || 'us-east-1';
  const account = parts[4] || '123456789012';
  const copy = structuredClone(definition);
  const changes: string[] = [];
  for (const [name, state] of statesOf(copy)) {
    if (!placeholders.some(([n]) => n === name) || state.Type !== 'Task') continue;
    const call = byState.get(name)?.[0];
    const arn = call ? resourceArnOf(call, region, account) : null;
    if (arn === null) continue;
    changes.push(`Task '${name}': Resource ${JSON.stringify(state.Resource)} is not an ARN; the recording scheduled ${arn}`);
    state.Resource = arn;
  }
  return { definition: copy, changes };
}

/** One execution's history → its test case (pure; O(events)). */
export function buildTestCase({ stateMachineName, testCaseName, events, definition, input, executionArn }: TestCaseInput): ReplayTestCase {
  const calls = taskOutcomes(events);
  const runnable = runnableDefinition(definition, calls.byState, executionArn);
  const states: Record<string, string> = {};
  const mockedResponses: Record<string, Record<string, MockedResponse>> = {};
  const byState: Record<string, RecordedTaskOutcome[]> = {};
  const omittedCalls: ReplayTestCase['omittedCalls'] = [];
  for (const [stateName, stateCalls] of calls.byState) {
    byState[stateName] = stateCalls.map((c) => c.outcome);
    const responses = stateCalls.map((c, call) => {
      const response = mockedResponse(c.outcome);
      if (typeof response !== 'string') return response;
      omittedCalls.push({ stateName, call, reason: response });
      return null;
    });
    const ranges = responseRanges(responses);
    if (Object.keys(ranges).length === 0) continue;
    const name = responseName(testCaseName, stateName);
    states[stateName] = name;
    mockedResponses[name] = ranges;
  }
  return {
    stateMachineName,
    testCase: testCaseName,
    definition: runnable.definition,
    input: executionInputText(events, input),
    mockConfig: { StateMachines: { [stateMachineName]: { TestCases: { [testCaseName]: states } } }, MockedResponses: mockedResponses },
    outcomes: { byState, unowned: calls.unowned.map((c) => c.outcome) },
    omittedCalls,
    definitionChanges: runnable.changes,
  };
}

/** A test case name from an execution name: Step Functions Local's `<arn>#<case>` takes any name without '#'. */
export function testCaseNameOf(executionName: string): string {
  const clean = executionName.replace(/[^0-9A-Za-z_-]+/g, '-');
  return clean === '' ? 'Recorded' : clean;
}
