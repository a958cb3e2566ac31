// Choice: the first matching rule names the next state, else Default, else States.NoChoiceMatched.
// JSONata rules use Condition (a template or a literal boolean) and may carry Output / Assign.
import { ChoicePathError, evaluateRule, type ChoiceRule } from '../choice-rules.ts';
import { evaluateTemplate, QueryEvaluationError } from '../jsonata-eval.ts';
import { applyInputPath, applyOutputPath, finishJsonata, jsonataBindings, jsonPathAssign, pathEnv, type StateExecution, type StateResult } from '../state-execution.ts';
import { runtimeError, StatesError, stateMessage } from '../states-error.ts';

function noMatch(run: StateExecution): never {
  throw new StatesError('States.NoChoiceMatched', stateMessage(run.name, run.enteredId, 'No Choice Rule matched and no Default state was provided.'));
}

export async function runChoiceState(run: StateExecution): Promise<StateResult> {
  const s = run.state;
  const rules = (s.Choices as ChoiceRule[] | undefined) ?? [];
  if (run.ql === 'JSONata') {
    const b = jsonataBindings(run);
    for (const rule of rules) {
      const cond = await evaluateTemplate(rule.Condition, b, 'Condition');
      if (typeof cond !== 'boolean') {
        throw new QueryEvaluationError(
          `The JSONata expression '${String(rule.Condition)}' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was '${typeof cond}' for value: ${JSON.stringify(cond)}`,
          'Condition',
        );
      }
      if (cond) {
        const done = await finishJsonata(run, run.input, b, { Output: rule.Output ?? s.Output, Assign: rule.Assign });
        return { ...done, next: String(rule.Next) };
      }
    }
    if (typeof s.Default !== 'string') noMatch(run);
    return { ...(await finishJsonata(run, run.input, b)), next: s.Default };
  }
  const effective = applyInputPath(run, run.input);
  const env = pathEnv(run, effective);
  for (const rule of rules) {
    let hit: boolean;
    try {
      hit = evaluateRule(rule, env);
    } catch (e) {
      if (e instanceof ChoicePathError) throw runtimeError(run.name, run.enteredId, e.message);
      throw e;
    }
    if (hit) {
      const assigned = jsonPathAssign(run, rule.Assign, effective);
      const output = applyOutputPath(run, effective);
      return assigned ? { output, assigned, next: String(rule.Next) } : { output, next: String(rule.Next) };
    }
  }
  if (typeof s.Default !== 'string') noMatch(run);
  const assigned = jsonPathAssign(run, s.Assign, effective);
  const output = applyOutputPath(run, effective);
  return assigned ? { output, assigned, next: s.Default } : { output, next: s.Default };
}
