// Runs a state machine (the top level, a Parallel branch or a Map iteration's processor) in one
// lane: enters each state, runs it with its retriers, and on failure either catches it or hands a
// StateFailure to the caller. Event linkage follows AWS: Entered links to the lane's last event,
// a retry's first event and a Catch's Exited link to the failure event.
// Map and Parallel reach runMachine through ExecutionContext.runMachine (set by runExecution),
// not by importing this module, which imports their handlers.
import {
  checkLane,
  emit,
  lanePayloadText,
  NOT_TRUNCATED,
  payloadText,
  sleepInLane,
  type ExecutionContext,
  type Lane,
  type MachineRunOptions,
  type RunMachine,
} from './execution-context.ts';
import { QueryEvaluationError } from './jsonata-eval.ts';
import { exceedsPayloadLimit, StatePayloadLimitError } from './payload-limit.ts';
import type { AslState, QueryLanguage } from './machine-def.ts';
import type { StateResume } from './redrive.ts';
import { pickCatcher, pickRetrier, retryDelayMs, type Catcher, type Retrier } from './retry-policy.ts';
import { applyResultPath, finishJsonata, jsonataBindings, jsonPathAssign, type StateExecution, type StateResult } from './state-execution.ts';
import { errorOutput, StateFailure, stateMessage, StatesError, ThreadAborted } from './states-error.ts';
import { STATE_HANDLERS } from './states/state-handlers.ts';
import type { VariableScope } from './variable-scope.ts';

export const runMachine: RunMachine = async (exec, machine, input, lane, scope, inheritedQl, options = {}) => {
  const ql = machine.QueryLanguage ?? inheritedQl;
  let name = machine.StartAt;
  let current = input;
  // A redriven lane resumes its unfinished state (or the one after its last exited state).
  const { resume, ...stateOptions } = options;
  let resumed = resume?.state;
  if (resumed) {
    name = resumed.name;
    current = resumed.input;
  } else if (resume?.next) {
    name = resume.next.name;
    current = resume.next.input;
  }
  for (;;) {
    const state = machine.States[name];
    if (!state) {
      throw new StateFailure('States.Runtime', `The state '${name}' does not exist in the state machine definition.`, lane.prev);
    }
    const result = await runState(exec, name, state, current, lane, scope, ql, resumed ? { ...stateOptions, resumeState: resumed } : stateOptions);
    resumed = undefined;
    if (result.next === null) return result.output;
    name = result.next;
    current = result.output;
  }
};

function assignedDetails(assigned: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!assigned) return {};
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(assigned)) vars[k] = payloadText(v);
  return { assignedVariables: vars, assignedVariablesDetails: NOT_TRUNCATED };
}

/** Closes the lane's open state with its *StateExited (output and assigned variables). */
function emitExited(
  exec: ExecutionContext,
  lane: Lane,
  type: string,
  name: string,
  prev: number,
  exit: { output: unknown; assigned?: Record<string, unknown> },
): void {
  lane.open = null;
  lane.prev = emit(exec, lane, `${type}StateExited`, prev, {
    name,
    output: lanePayloadText(lane, exit.output),
    outputDetails: NOT_TRUNCATED,
    ...assignedDetails(exit.assigned),
  });
}

const OPEN_TYPES = new Set(['Task', 'Wait', 'Map', 'Parallel']);

/**
 * States a redrive continues without a new *StateEntered (AWS links the Task's next *Scheduled to
 * the original Entered); the others (Fail, a failed Choice or Pass) are entered again.
 */
const CONTINUED_ON_REDRIVE = OPEN_TYPES;

type StateRunOptions = Omit<MachineRunOptions, 'resume'> & { resumeState?: StateResume };

async function runState(
  exec: ExecutionContext,
  name: string,
  state: AslState,
  input: unknown,
  lane: Lane,
  scope: VariableScope,
  machineQl: QueryLanguage,
  options: StateRunOptions,
): Promise<StateResult> {
  const type = state.Type;
  const handler = STATE_HANDLERS[type];
  const ql = (state.QueryLanguage as QueryLanguage | undefined) ?? machineQl;
  checkLane(exec, lane);
  const resume = options.resumeState && CONTINUED_ON_REDRIVE.has(type) ? options.resumeState : undefined;
  let enteredPrev: number;
  let enteredId: number;
  let enteredTime: string;
  if (resume) {
    // Continued, not entered again: the state keeps its Entered event and EnteredTime.
    ({ enteredPrev, enteredId, enteredTime } = resume);
  } else {
    enteredPrev = lane.prev;
    enteredId = emit(exec, lane, `${type}StateEntered`, lane.prev, { name, input: lanePayloadText(lane, input), inputDetails: NOT_TRUNCATED });
    enteredTime = new Date(exec.host.clock.now()).toISOString();
  }
  lane.prev = enteredId;
  if (OPEN_TYPES.has(type)) lane.open = { type: type as 'Task' };
  const run: StateExecution = {
    exec,
    lane,
    name,
    state,
    input,
    enteredId,
    enteredPrev,
    enteredTime,
    ql,
    scope,
    retryCount: 0,
  };
  if (options.mapItem) run.mapItem = options.mapItem;
  if (resume) run.resume = resume;
  const counts: number[] = [];
  for (;;) {
    try {
      if (!handler) throw new StatesError('States.Runtime', stateMessage(name, enteredId, `Unsupported state type '${type}'.`));
      const result = await handler(run);
      if (exceedsPayloadLimit(lanePayloadText(lane, result.output))) throw new StatePayloadLimitError(name);
      if (type === 'Succeed' || type === 'Fail') result.next = null;
      if (result.assigned) scope.assign(result.assigned);
      emitExited(exec, lane, type, name, lane.prev, result);
      return result;
    } catch (e) {
      if (e instanceof ThreadAborted) throw e;
      let failure = toFailure(exec, run, e);
      const retriers = state.Retry as Retrier[] | undefined;
      const pick = pickRetrier(retriers, failure.error, counts);
      if (pick >= 0) {
        const retrier = retriers?.[pick] as Retrier;
        const attempt = counts[pick] ?? 0;
        counts[pick] = attempt + 1;
        run.retryCount += 1;
        // A retry runs the whole state again, not what the earlier attempt left unfinished.
        delete run.resume;
        lane.prev = failure.eventId;
        await sleepInLane(exec, lane, retryDelayMs(retrier, attempt));
        continue;
      }
      // A Map/Parallel that fails writes *StateFailed, except for States.Runtime raised while
      // preparing it (AWS goes straight to ExecutionFailed then).
      if ((type === 'Map' || type === 'Parallel') && failure.error !== 'States.Runtime' && !(e instanceof StatePayloadLimitError)) {
        lane.open = null;
        const id = emit(exec, lane, `${type}StateFailed`, failure.eventId);
        failure = new StateFailure(failure.error, failure.errorCause, id);
      }
      const catcher = pickCatcher(state.Catch as Catcher[] | undefined, failure.error);
      if (!catcher) throw failure;
      const caught = await applyCatcher(run, catcher, failure);
      if (caught.assigned) scope.assign(caught.assigned);
      // A Catch exits the failing state: its *StateExited links back to the failure event.
      emitExited(exec, lane, type, name, failure.eventId, caught);
      return { output: caught.output, next: catcher.Next };
    }
  }
}

async function applyCatcher(run: StateExecution, catcher: Catcher, failure: StateFailure): Promise<{ output: unknown; assigned?: Record<string, unknown> }> {
  const err = errorOutput(failure.error, failure.errorCause);
  if (run.ql === 'JSONata') {
    return finishJsonata(run, err, jsonataBindings(run, { errorOutput: err }), catcher);
  }
  const assigned = jsonPathAssign(run, catcher.Assign, err);
  const output = applyResultPath(run, run.input, err, catcher.ResultPath);
  return assigned ? { output, assigned } : { output };
}

/** Turns what a handler threw into a StateFailure linked to the right event. */
function toFailure(exec: ExecutionContext, run: StateExecution, e: unknown): StateFailure {
  if (e instanceof StateFailure) return e;
  const prefix = (cause: string | undefined): string | undefined =>
    cause === undefined || cause.startsWith('An error occurred while executing the state') ? cause : stateMessage(run.name, run.enteredId, cause);
  if (e instanceof QueryEvaluationError) {
    const cause = prefix(e.errorCause) ?? '';
    const details: Record<string, unknown> = { error: e.error, cause };
    if (e.location !== undefined) details.location = e.location;
    details.state = run.name;
    // AWS links EvaluationFailed to the event before the state's Entered event, except in a
    // Wait state, where it links to the Entered event (as recorded).
    const id = emit(exec, run.lane, 'EvaluationFailed', run.state.Type === 'Wait' ? run.lane.prev : run.enteredPrev, details);
    return new StateFailure(e.error, cause, id);
  }
  if (e instanceof StatesError) {
    // AWS's DataLimitExceeded causes name the state or task without the usual prefix.
    const cause = e.error.startsWith('States.') && e.error !== 'States.TaskFailed' && e.error !== 'States.DataLimitExceeded' ? prefix(e.errorCause) : e.errorCause;
    return new StateFailure(e.error, cause, run.lane.prev);
  }
  const message = e instanceof Error ? e.message : String(e);
  return new StateFailure('States.Runtime', stateMessage(run.name, run.enteredId, message), run.lane.prev);
}
