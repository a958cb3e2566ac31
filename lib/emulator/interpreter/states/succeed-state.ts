// Succeed: ends its lane successfully (InputPath/OutputPath, or JSONata Output).
import { applyInputPath, applyOutputPath, finishJsonata, jsonataBindings, type StateExecution, type StateResult } from '../state-execution.ts';

export async function runSucceedState(run: StateExecution): Promise<StateResult> {
  if (run.ql === 'JSONata') return { ...(await finishJsonata(run, run.input, jsonataBindings(run))), next: null };
  return { output: applyOutputPath(run, applyInputPath(run, run.input)), next: null };
}
