// Pass: Result (or Parameters, or the input) through ResultPath; JSONata: Output.
import { applyInputPath, applyTemplate, finishJsonata, finishJsonPath, jsonataBindings, nextOf, type StateExecution, type StateResult } from '../state-execution.ts';

export async function runPassState(run: StateExecution): Promise<StateResult> {
  const s = run.state;
  if (run.ql === 'JSONata') {
    const done = await finishJsonata(run, run.input, jsonataBindings(run));
    return { ...done, next: nextOf(s) };
  }
  const effective = applyInputPath(run, run.input);
  const result = 'Result' in s ? s.Result : s.Parameters !== undefined ? applyTemplate(run, s.Parameters, effective) : effective;
  const done = finishJsonPath(run, run.input, result, { selector: false });
  return { ...done, next: nextOf(s) };
}
