// Shared state of one running execution and of its threads ("lanes": the top level, each
// Parallel branch, each Map iteration). A lane carries the id its next event links back to and
// the state that is open in it, so a cancelled lane can close that state (TaskStateAborted, ...).
import { setMaxListeners } from 'node:events';
import type { ExecutionHost, RunExecutionRequest } from '../engine-contract.ts';
import type { EventLog } from './event-log.ts';
import type { MachineDef, QueryLanguage } from './machine-def.ts';
import type { LaneResume } from './redrive.ts';
import { ThreadAborted } from './states-error.ts';
import type { VariableScope } from './variable-scope.ts';

export interface OpenState {
  type: 'Task' | 'Wait' | 'Map' | 'Parallel';
  /** For Map/Parallel: cancels the inner lanes (emitting their aborted events). */
  abortChildren?: (prev: number) => void;
}

export interface Lane {
  prev: number;
  open: OpenState | null;
  aborted: boolean;
  controller: AbortController;
  /** The last payload written in this lane and its JSON text (see lanePayloadText). */
  memoValue: unknown;
  memoText: string | undefined;
}

/** JSON text of a payload in an event (undefined is written as null). */
export function payloadText(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

/** `{ truncated: false }` of the *Details members: one shared (frozen) object for every event. */
export const NOT_TRUNCATED: { readonly truncated: false } = Object.freeze({ truncated: false });

/**
 * JSON text of a payload written into a lane's events. The same value is usually written twice in a
 * row (a state's output is the next state's input; a task's input is its parameters, its result
 * the state's output): the text is then reused, which saves the serialisation and stores one string
 * instead of two. Payloads are JSON values the interpreter never mutates (ResultPath copies).
 */
export function lanePayloadText(lane: Lane, value: unknown): string {
  if (lane.memoText !== undefined && lane.memoValue === value) return lane.memoText;
  const text = payloadText(value);
  lane.memoValue = value;
  lane.memoText = text;
  return text;
}

export function newLane(prev: number, parent?: AbortSignal): Lane {
  const controller = new AbortController();
  if (parent) {
    if (parent.aborted) controller.abort(parent.reason);
    else {
      // Every Map iteration / Parallel branch listens on its parent lane's signal: a Map over
      // 1,000 items legitimately adds 1,000 listeners (freed with the execution), which is not
      // the leak Node's default limit of 10 warns about.
      setMaxListeners(0, parent);
      parent.addEventListener('abort', () => controller.abort(parent.reason), { once: true });
    }
  }
  return { prev, open: null, aborted: false, controller, memoValue: undefined, memoText: undefined };
}

/**
 * Cancels a lane: closes its open state with the matching *StateAborted event (inner lanes of a
 * Map/Parallel first), then stops it from writing anything more.
 */
export function abortLane(exec: ExecutionContext, lane: Lane, prev: number): void {
  if (lane.aborted) return;
  const open = lane.open;
  if (open && !exec.log.closed) {
    open.abortChildren?.(prev);
    exec.log.add(`${open.type}StateAborted`, prev);
  }
  lane.open = null;
  lane.aborted = true;
  lane.controller.abort(new ThreadAborted());
}

export interface MachineRunOptions {
  mapItem?: { Index: number; Value: unknown };
  /** RedriveExecution: where this lane resumes (redrive.ts); absent on a first attempt. */
  resume?: LaneResume;
}

/**
 * Runs a machine (the top level, a Parallel branch, a Map iteration's processor) in one lane and
 * resolves with its output; a failure rejects with a StateFailure. run-states.ts implements it.
 */
export type RunMachine = (
  exec: ExecutionContext,
  machine: MachineDef,
  input: unknown,
  lane: Lane,
  scope: VariableScope,
  inheritedQl: QueryLanguage,
  options?: MachineRunOptions,
) => Promise<unknown>;

export interface ExecutionContext {
  request: RunExecutionRequest;
  host: ExecutionHost;
  log: EventLog;
  /** Calls per Task state name so far (TaskRequest.callIndex). */
  callCounts: Map<string, number>;
  executionName: string;
  stateMachineName: string;
  startTime: string;
  input: unknown;
  redriveCount: number;
  /** ISO time of the last RedriveExecution ($$.Execution.RedriveTime); absent before one. */
  redriveTime?: string;
  /** Aborted by StopExecution or the execution timeout. */
  signal: AbortSignal;
  /**
   * The machine runner, injected by runExecution: Map and Parallel run their inner machines
   * through it, so the state handlers do not import the runner that imports them.
   */
  runMachine: RunMachine;
}

/** Writes an event for a lane; a cancelled lane or an ended execution writes nothing and stops. */
export function emit(exec: ExecutionContext, lane: Lane, type: string, prev: number, details?: Record<string, unknown>): number {
  if (lane.aborted || exec.log.closed) throw new ThreadAborted();
  return exec.log.add(type, prev, details);
}

export function checkLane(exec: ExecutionContext, lane: Lane): void {
  if (lane.aborted || exec.log.closed) throw new ThreadAborted();
}

/** Waits emulated time; a cancelled lane stops waiting at once. */
export async function sleepInLane(exec: ExecutionContext, lane: Lane, ms: number): Promise<void> {
  if (ms > 0) {
    try {
      await exec.host.clock.sleep(ms, lane.controller.signal);
    } catch {
      throw new ThreadAborted();
    }
  }
  checkLane(exec, lane);
}
