// Succeed: ends its lane successfully (InputPath/OutputPath, or JSONata Output).
import { applyInputPath, applyOutputPath, finishJsonata, jsonataBindings, type StateResult, type StateRun } from '../state-run.ts';

export async function runSucceedState(run: StateRun): Promise<StateResult> {
  if (run.ql === 'JSONata') return { ...(await finishJsonata(run, run.input, jsonataBindings(run))), next: null };
  return { output: applyOutputPath(run, applyInputPath(run, run.input)), next: null };
}
