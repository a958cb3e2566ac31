// State type → handler. Kept apart from run-states.ts so each handler lives in its own module.
// Map and Parallel run their inner machines through ExecutionContext.runMachine, so no handler
// imports run-states.ts (which imports this table).
import type { StateExecution, StateResult } from '../state-execution.ts';
import { runChoiceState } from './choice-state.ts';
import { runFailState } from './fail-state.ts';
import { runMapState } from './map-state.ts';
import { runParallelState } from './parallel-state.ts';
import { runPassState } from './pass-state.ts';
import { runSucceedState } from './succeed-state.ts';
import { runTaskState } from './task-state.ts';
import { runWaitState } from './wait-state.ts';

export const STATE_HANDLERS: Record<string, (run: StateExecution) => Promise<StateResult>> = {
  Pass: runPassState,
  Task: runTaskState,
  Choice: runChoiceState,
  Wait: runWaitState,
  Succeed: runSucceedState,
  Fail: runFailState,
  Parallel: runParallelState,
  Map: runMapState,
};
