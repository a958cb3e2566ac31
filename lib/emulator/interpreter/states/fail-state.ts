// Fail: raises Error/Cause (or ErrorPath/CausePath, or JSONata expressions). The failure links
// to FailStateEntered: there is no Exited event for a Fail state.
import { evaluateTemplate } from '../jsonata-eval.ts';
import { evaluatePathExpression, PathNotFound } from '../payload-template.ts';
import { jsonataBindings, pathEnv, type StateExecution, type StateResult } from '../state-execution.ts';
import { runtimeError, StateFailure } from '../states-error.ts';

function fromPath(run: StateExecution, field: 'ErrorPath' | 'CausePath'): string | undefined {
  const expr = run.state[field];
  if (typeof expr !== 'string') return undefined;
  try {
    const v = evaluatePathExpression(expr, pathEnv(run, run.input));
    return typeof v === 'string' ? v : JSON.stringify(v);
  } catch (e) {
    if (e instanceof PathNotFound) {
      throw runtimeError(run.name, run.enteredId, `The JSONPath '${expr}' specified for the field '${field}' could not be found in the input '${JSON.stringify(run.input)}'`);
    }
    throw e;
  }
}

export async function runFailState(run: StateExecution): Promise<StateResult> {
  const s = run.state;
  let error: string | undefined;
  let cause: string | undefined;
  if (run.ql === 'JSONata') {
    const b = jsonataBindings(run);
    if (s.Error !== undefined) error = String(await evaluateTemplate(s.Error, b, 'Error'));
    if (s.Cause !== undefined) cause = String(await evaluateTemplate(s.Cause, b, 'Cause'));
  } else {
    error = typeof s.Error === 'string' ? s.Error : fromPath(run, 'ErrorPath');
    cause = typeof s.Cause === 'string' ? s.Cause : fromPath(run, 'CausePath');
  }
  throw new StateFailure(error ?? '', cause, run.enteredId);
}
