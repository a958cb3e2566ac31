// Replaying a recorded execution in-process (DESIGN.md §2.10): the interpreter runs the test
// case's definition (or a changed one) on its input, every task call is answered with what the
// recording says that call of that state returned or threw, and time is virtual, so a replay
// is deterministic and waits of days cost nothing. Nothing here calls AWS or any task.
import type { RecordedOutcomes } from '../history/test-case.ts';
import type { RecordedTaskOutcome } from '../history/task-outcomes.ts';
import type { EmittedEvent, ExecutionOutcome, RunExecutionRequest, TaskRequest, TaskResult, TaskRunner } from './engine-contract.ts';
import { runExecution, validateDefinition, type DefinitionDiagnostic } from './interpreter/index.ts';
import { VirtualClock } from './virtual-clock.ts';

/** AWS's quota of events per execution history (a history may hold this many): a replay that writes more is stopped. */
export const REPLAY_EVENT_LIMIT = 25_000;

/** The error of an ExecutionAborted written when a replay reaches its event limit. */
export const REPLAY_LIMIT_ERROR = 'StepLens.ReplayEventLimit';

export interface ReplayRequest {
  definition: Record<string, unknown>;
  /** JSON text, as StartExecution received it. */
  input: string;
  outcomes: RecordedOutcomes;
  executionArn: string;
  stateMachineArn: string;
  roleArn: string;
  /** Region of TaskScheduled events and ARNs; default the execution ARN's. */
  region?: string;
  /** Epoch ms of the replay's ExecutionStarted (the virtual clock's start); default 2024-01-01. */
  startTime?: number;
  /**
   * Where the recording ends before the execution did (it was stopped, or still running): the
   * replay is stopped once it has written this many events, with `stopReason` (an
   * ExecutionAborted carries its error and cause).
   */
  stopAfterEvents?: number;
  stopReason?: { error?: string; cause?: string };
  /** Redrives the recording shows: each time the replay ends unsuccessfully, it is redriven, this many times. */
  redrives?: number;
  /** Default max(REPLAY_EVENT_LIMIT, stopAfterEvents). */
  maxEvents?: number;
}

export interface ReplayRun {
  outcome: ExecutionOutcome;
  events: EmittedEvent[];
  /** The replay wrote more than maxEvents events and was stopped (outcome ABORTED with REPLAY_LIMIT_ERROR). */
  limitReached: boolean;
}

/** A changed definition the interpreter cannot run: its structural errors (paths like `$.States.A`). */
export class ReplayDefinitionError extends Error {
  constructor(readonly diagnostics: DefinitionDiagnostic[]) {
    super(diagnostics.map((d) => `${d.path ?? '$'}: ${d.message}`).join('; '));
    this.name = 'ReplayDefinitionError';
  }
}

/** The structural errors that make CreateStateMachine refuse a definition (none: it runs). */
export function definitionErrors(definition: unknown): DefinitionDiagnostic[] {
  const validation = validateDefinition(definition, { advisory: false });
  return validation.ok ? [] : validation.diagnostics;
}

/**
 * The task runner of a replay. A call of the replayed execution gets the recorded outcome of that
 * call of its state: Return/Throw answer at once; TimedOut and Pending never answer (the
 * interpreter's own timer writes the timeout, a stop or a failing sibling cancels the call).
 * Calls the recording does not have (a changed definition may make more) fail with
 * States.TaskFailed, as a mocked state past its last key does on Step Functions Local. Calls of
 * Distributed Map children answer an empty success: their histories are other executions'.
 */
export function recordedTaskRunner(outcomes: RecordedOutcomes, executionArn: string): TaskRunner {
  const pool = [...outcomes.unowned];
  return {
    async run(request: TaskRequest): Promise<TaskResult> {
      if (request.executionArn !== executionArn) return { ok: true, output: {} };
      // Own keys only: a state may be called "constructor".
      const calls = Object.hasOwn(outcomes.byState, request.stateName) ? outcomes.byState[request.stateName] : undefined;
      const outcome: RecordedTaskOutcome | undefined = calls?.[request.callIndex] ?? pool.shift();
      if (outcome === undefined) {
        return {
          ok: false,
          error: 'States.TaskFailed',
          cause: `The recording has no call ${request.callIndex} of state '${request.stateName}' (it made ${calls?.length ?? 0})`,
        };
      }
      if (outcome.Submitted !== undefined) request.reportSubmitted?.(structuredClone(outcome.Submitted));
      if ('Return' in outcome) return { ok: true, output: structuredClone(outcome.Return) };
      if ('Throw' in outcome) {
        const result: TaskResult = { ok: false, error: outcome.Throw.Error };
        if (outcome.Throw.Cause !== undefined) result.cause = outcome.Throw.Cause;
        return result;
      }
      return new Promise<TaskResult>((resolve) => {
        request.signal.addEventListener('abort', () => resolve({ ok: false, error: 'States.TaskFailed', cause: 'cancelled' }), { once: true });
      });
    },
  };
}

/** Runs one replay. Throws ReplayDefinitionError when the definition cannot run. */
export async function replayExecution(request: ReplayRequest): Promise<ReplayRun> {
  const errors = definitionErrors(request.definition);
  if (errors.length > 0) throw new ReplayDefinitionError(errors);
  const clock = new VirtualClock(request.startTime ?? Date.UTC(2024, 0, 1));
  const region = request.region ?? request.executionArn.split(':')[3] ?? 'us-east-1';
  const tasks = recordedTaskRunner(request.outcomes, request.executionArn);
  const maxEvents = request.maxEvents ?? Math.max(REPLAY_EVENT_LIMIT, request.stopAfterEvents ?? 0);
  const events: EmittedEvent[] = [];
  let limitReached = false;
  let outcome: ExecutionOutcome | undefined;
  const redrives = request.redrives ?? 0;
  for (let attempt = 0; attempt <= redrives; attempt += 1) {
    if (outcome?.status === 'SUCCEEDED') break;
    const stop = new AbortController();
    const run: RunExecutionRequest = {
      executionArn: request.executionArn,
      stateMachineArn: request.stateMachineArn,
      definition: request.definition,
      input: request.input,
      roleArn: request.roleArn,
      testCase: null,
      host: { clock, region, tasks },
      signal: stop.signal,
      emit: (event) => {
        events.push(event);
        // A recorded stop comes from outside the interpreter once it waits, as StopExecution did
        // (the events written until then are AWS's too). The event limit must stop a machine
        // that never waits (a Pass loop runs on microtasks only, so setImmediate would never
        // come): it aborts at once, which only settles the interpreter's stop promise.
        if (events.length === request.stopAfterEvents) setImmediate(() => stop.abort(request.stopReason ?? {}));
        else if (events.length > maxEvents && !limitReached) {
          limitReached = true;
          stop.abort({ error: REPLAY_LIMIT_ERROR, cause: `The replay was stopped: it wrote more than ${maxEvents} events.` });
        }
      },
    };
    if (attempt > 0) run.redrive = { previousEvents: events.slice(), redriveCount: attempt };
    outcome = await runExecution(run);
    if (limitReached || (request.stopAfterEvents !== undefined && events.length >= request.stopAfterEvents)) break;
  }
  return { outcome: outcome as ExecutionOutcome, events, limitReached };
}
