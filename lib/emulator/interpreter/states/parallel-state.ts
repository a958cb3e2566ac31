// Parallel: runs every branch in its own lane on the same input. The first branch failure aborts
// the others (their open Task/Wait states end with *StateAborted, linked to the failure event)
// and fails the state. On success AWS writes ParallelStateSucceeded before ParallelStateExited,
// both linked to the last branch event (the ids in the recorded histories leave room for it).
import { abortLane, emit, newLane, type Lane, type MachineRunOptions } from '../execution-context.ts';
import { evaluateTemplate } from '../jsonata-eval.ts';
import type { MachineDef } from '../machine-def.ts';
import { applyInputPath, applyTemplate, finishJsonata, finishJsonPath, jsonataBindings, nextOf, type StateExecution, type StateResult } from '../state-execution.ts';
import { StateFailure, ThreadAborted } from '../states-error.ts';

export async function runParallelState(run: StateExecution): Promise<StateResult> {
  const { exec, lane, state: s } = run;
  let branchInput: unknown;
  if (run.ql === 'JSONata') {
    branchInput = s.Arguments === undefined ? run.input : await evaluateTemplate(s.Arguments, jsonataBindings(run), 'Arguments');
  } else {
    const effective = applyInputPath(run, run.input);
    branchInput = s.Parameters === undefined ? effective : applyTemplate(run, s.Parameters, effective);
  }
  // A redriven Parallel that had started keeps its ParallelStateStarted and its succeeded
  // branches' outputs; its failed and aborted branches continue where they stopped.
  const earlier = run.resume?.parallel;
  const startedId = earlier ? earlier.startedId : emit(exec, lane, 'ParallelStateStarted', lane.prev);
  lane.prev = startedId;
  const branches = (s.Branches as MachineDef[] | undefined) ?? [];
  const results: unknown[] = new Array(branches.length);
  const todo: number[] = [];
  branches.forEach((_, i) => {
    const before = earlier?.branches.get(i);
    if (before?.status === 'succeeded') results[i] = before.output;
    else todo.push(i);
  });
  const lanes: Lane[] = branches.map((_, i) => {
    const before = earlier?.branches.get(i);
    return newLane(before?.status === 'unfinished' ? before.lane.lastId : startedId, lane.controller.signal);
  });
  if (lane.open) lane.open.abortChildren = (prev) => todo.forEach((i) => abortLane(exec, lanes[i] as Lane, prev));

  let lastPrev = startedId;
  await new Promise<void>((resolve, reject) => {
    let pending = todo.length;
    let failed = false;
    if (pending === 0) resolve();
    todo.forEach((i) => {
      const branch = branches[i] as MachineDef;
      const l = lanes[i] as Lane;
      const before = earlier?.branches.get(i);
      const options: MachineRunOptions = before?.status === 'unfinished' ? { resume: before.lane } : {};
      exec.runMachine(exec, branch, structuredClone(branchInput), l, run.scope.child(), run.ql, options).then(
        (out) => {
          if (failed) return;
          results[i] = out;
          lastPrev = l.prev;
          pending -= 1;
          if (pending === 0) resolve();
        },
        (e: unknown) => {
          if (failed) return;
          if (e instanceof ThreadAborted) {
            failed = true;
            reject(e);
            return;
          }
          failed = true;
          const f = e instanceof StateFailure ? e : new StateFailure('States.Runtime', String(e), l.prev);
          try {
            abortLane(exec, l, f.eventId);
            todo.forEach((j) => abortLane(exec, lanes[j] as Lane, f.eventId));
          } catch (abortError) {
            reject(abortError);
            return;
          }
          reject(f);
        },
      );
    });
  });
  emit(exec, lane, 'ParallelStateSucceeded', lastPrev);
  lane.prev = lastPrev;
  if (run.ql === 'JSONata') return { ...(await finishJsonata(run, results, jsonataBindings(run, { result: results }))), next: nextOf(s) };
  return { ...finishJsonPath(run, run.input, results, { selector: true }), next: nextOf(s) };
}
