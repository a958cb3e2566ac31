// Map: resolves the items (ItemsPath / Items), the per-item input (ItemSelector / Parameters with
// $$.Map.Item), MaxConcurrency and the tolerated failures, then runs the items inline (one lane
// per iteration) or as a Distributed Map Run.
import { abortLane, emit, newLane, type Lane, type MachineRunOptions } from '../execution-context.ts';
import { evaluateTemplate, QueryEvaluationError } from '../jsonata-eval.ts';
import type { MachineDef } from '../machine-def.ts';
import type { BranchResume } from '../redrive.ts';
import { applyInputPath, applyTemplate, finishJsonata, finishJsonPath, jsonataBindings, nextOf, readStatePath, type StateExecution, type StateResult } from '../state-execution.ts';
import { runtimeError, StateFailure, StatesError, ThreadAborted } from '../states-error.ts';
import { runDistributedMap } from './distributed-map.ts';
import type { MapPlan } from './map-plan.ts';

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

async function numberField(run: StateExecution, effective: unknown, field: string, kind: 'integer' | 'float'): Promise<number | undefined> {
  const s = run.state;
  const v = s[field];
  if (v !== undefined) {
    if (run.ql === 'JSONata' && typeof v === 'string') return Number(await evaluateTemplate(v, jsonataBindings(run), field));
    return Number(v);
  }
  const path = s[`${field}Path`];
  if (typeof path !== 'string') return undefined;
  const r = readStatePath(run, effective, path);
  let value = r.found ? r.value : undefined;
  // AWS also accepts numbers written as strings ("1"), but not other text.
  if (typeof value === 'string' && (kind === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/).test(value.trim())) value = Number(value);
  if (typeof value !== 'number' || (kind === 'integer' && !Number.isInteger(value))) {
    const shown = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    throw runtimeError(run.name, run.enteredId, `The ${field}Path field refers to value "${shown}" which is not a valid ${kind}: ${path}`);
  }
  return value;
}

async function planMap(run: StateExecution): Promise<{ plan: MapPlan; effective: unknown }> {
  const s = run.state;
  const processor = (s.ItemProcessor ?? s.Iterator) as MachineDef;
  let items: unknown;
  let effective: unknown = run.input;
  if (run.ql === 'JSONata') {
    if (s.Items !== undefined) {
      // A literal array may hold expressions too ("Items": ["{% $states.input.a %}", 2]): AWS
      // evaluates them as in any JSONata field.
      items = await evaluateTemplate(s.Items, jsonataBindings(run), 'Items');
      if (!Array.isArray(items)) {
        const expr = String(s.Items).replace(/^\{%\s*/, '').replace(/\s*%\}$/, '');
        throw new QueryEvaluationError(
          `The JSONata expression '${expr}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${describeType(items)}' for value: ${JSON.stringify(items)}`,
          'Items',
        );
      }
    } else {
      items = run.input;
      if (!Array.isArray(items)) throw new QueryEvaluationError(`Map state input must be an array but was: ${JSON.stringify(items)}`);
    }
  } else {
    effective = applyInputPath(run, run.input);
    const path = typeof s.ItemsPath === 'string' ? s.ItemsPath : '$';
    const r = readStatePath(run, effective, path);
    if (!r.found) throw runtimeError(run.name, run.enteredId, `Invalid path '${path}' : ${r.message}`);
    items = r.value;
    if (!Array.isArray(items)) {
      throw runtimeError(run.name, run.enteredId, `Invalid path '${path}' : The value of ItemsPath must be an array, but was: ${JSON.stringify(items)}`);
    }
  }
  const arr = items as unknown[];
  const selector = s.ItemSelector ?? s.Parameters;
  const inputs: unknown[] = [];
  for (let i = 0; i < arr.length; i += 1) {
    const item = { Index: i, Value: arr[i] };
    if (selector === undefined) inputs.push(arr[i]);
    else if (run.ql === 'JSONata') inputs.push(await evaluateTemplate(selector, jsonataBindings(run, { context: { Map: { Item: item } } }), 'ItemSelector'));
    else inputs.push(applyTemplate(run, selector, effective, { Map: { Item: item } }));
  }
  return { plan: { items: arr, inputs, maxConcurrency: 0, processor }, effective };
}

/**
 * The tolerated failures: AWS reads them after MapStateStarted (a bad value fails the execution
 * after it). MaxConcurrency is read before MapStateStarted (readMaxConcurrency).
 */
async function planLimits(run: StateExecution, plan: MapPlan, effective: unknown): Promise<void> {
  const toleratedFailureCount = await numberField(run, effective, 'ToleratedFailureCount', 'integer');
  const toleratedFailurePercentage = await numberField(run, effective, 'ToleratedFailurePercentage', 'float');
  if (toleratedFailureCount !== undefined && toleratedFailureCount < 0) throw runtimeError(run.name, run.enteredId, 'ToleratedFailureCount cannot be negative.');
  if (toleratedFailurePercentage !== undefined && (toleratedFailurePercentage < 0 || toleratedFailurePercentage > 100)) {
    throw runtimeError(run.name, run.enteredId, 'ToleratedFailurePercentage must be between 0 and 100.');
  }
  if (toleratedFailureCount !== undefined) plan.toleratedFailureCount = toleratedFailureCount;
  if (toleratedFailurePercentage !== undefined) plan.toleratedFailurePercentage = toleratedFailurePercentage;
}

export async function runMapState(run: StateExecution): Promise<StateResult> {
  const { exec, lane, state: s } = run;
  const { plan, effective } = await planMap(run);
  // An invalid MaxConcurrencyPath value fails the execution before MapStateStarted, as AWS does.
  plan.maxConcurrency = (await numberField(run, effective, 'MaxConcurrency', 'integer')) ?? 0;
  // A redriven Map that had started keeps its MapStateStarted (and what its iterations did).
  const earlier = run.resume?.map;
  const startedId = earlier ? earlier.startedId : emit(exec, lane, 'MapStateStarted', lane.prev, { length: plan.items.length });
  lane.prev = startedId;
  await planLimits(run, plan, effective);
  const processor = plan.processor as MachineDef & { ProcessorConfig?: { Mode?: string } };
  const distributed = processor.ProcessorConfig?.Mode === 'DISTRIBUTED';
  const mapRun = distributed ? await runDistributedMap(run, plan) : null;
  const results = mapRun ? mapRun.results : await runInline(run, plan, startedId, earlier?.iterations);
  emit(exec, lane, 'MapStateSucceeded', lane.prev);
  if (mapRun) lane.prev = mapRun.exitPrev;
  if (run.ql === 'JSONata') return { ...(await finishJsonata(run, results, jsonataBindings(run, { result: results }))), next: nextOf(s) };
  return { ...finishJsonPath(run, run.input, results, { selector: true }), next: nextOf(s) };
}

/**
 * Inline iterations. Up to MaxConcurrency (0 = all) start at once, linked to MapStateStarted; each
 * later one starts when one finishes, linked to that one's last event. MapStateSucceeded (and
 * the Exited after it) link to the last MapIterationSucceeded.
 */
async function runInline(run: StateExecution, plan: MapPlan, startedId: number, earlier?: Map<number, BranchResume>): Promise<unknown[]> {
  const { exec, lane } = run;
  const n = plan.inputs.length;
  const results: unknown[] = new Array(n);
  // Redrive: succeeded iterations keep their results; the others run in index order, the failed
  // and aborted ones continuing where they stopped (without a new MapIterationStarted).
  const order: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const before = earlier?.get(i);
    if (before?.status === 'succeeded') results[i] = before.output;
    else order.push(i);
  }
  const todo = order.length;
  const limit = plan.maxConcurrency > 0 ? plan.maxConcurrency : todo;
  const running = new Map<number, Lane>();
  if (lane.open) {
    lane.open.abortChildren = (prev) => {
      for (const [i, l] of running) {
        if (!l.aborted) emit(exec, lane, 'MapIterationAborted', prev, { index: i, name: run.name });
        abortLane(exec, l, prev);
      }
    };
  }
  const processorQl = plan.processor.QueryLanguage ?? run.ql;
  return new Promise<unknown[]>((resolve, reject) => {
    let next = 0;
    let done = 0;
    let failed = false;
    let lastSucceeded = startedId;
    const start = (index: number, prev: number): void => {
      const before = earlier?.get(index);
      const resume = before?.status === 'unfinished' ? before.lane : undefined;
      const iterationLane = newLane(resume ? resume.lastId : prev, lane.controller.signal);
      running.set(index, iterationLane);
      try {
        if (!resume) iterationLane.prev = emit(exec, lane, 'MapIterationStarted', prev, { index, name: run.name });
      } catch (e) {
        fail(e);
        return;
      }
      void (async () => {
        // Let the other iterations of this batch write their MapIterationStarted first.
        await Promise.resolve();
        const options: MachineRunOptions = { mapItem: { Index: index, Value: plan.items[index] } };
        if (resume) options.resume = resume;
        const out = await exec.runMachine(exec, plan.processor, plan.inputs[index], iterationLane, run.scope.child(), processorQl, options);
        if (failed) return;
        results[index] = out;
        running.delete(index);
        lastSucceeded = emit(exec, lane, 'MapIterationSucceeded', iterationLane.prev, { index, name: run.name });
        done += 1;
        if (done === todo) {
          lane.prev = lastSucceeded;
          resolve(results);
        } else if (next < todo) {
          start(order[next++] as number, iterationLane.prev);
        }
      })().catch((e: unknown) => {
        if (failed) return;
        if (e instanceof StateFailure) {
          failed = true;
          try {
            emit(exec, lane, 'MapIterationFailed', e.eventId, { index, name: run.name });
            abortLane(exec, iterationLane, e.eventId);
            running.delete(index);
            for (const [i, other] of [...running].sort((a, b) => a[0] - b[0])) {
              emit(exec, lane, 'MapIterationAborted', e.eventId, { index: i, name: run.name });
              abortLane(exec, other, e.eventId);
            }
          } catch (inner) {
            reject(inner);
            return;
          }
          reject(e);
          return;
        }
        fail(e);
      });
    };
    const fail = (e: unknown): void => {
      if (failed) return;
      failed = true;
      reject(e instanceof ThreadAborted || e instanceof StatesError ? e : new StatesError('States.Runtime', String(e)));
    };
    if (todo === 0) {
      resolve(results);
      return;
    }
    while (next < Math.min(limit, todo)) start(order[next++] as number, startedId);
  });
}
