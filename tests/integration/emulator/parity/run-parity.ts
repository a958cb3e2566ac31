// Runs one recorded execution through the interpreter and compares the histories: event types in
// order, ids and previousEventId, state names, error and cause (placeholder-tolerant, parsed JSON
// compared as values). Task outcomes come from the recording (recorded-history.ts); nothing here
// knows any particular file.
import type { EmittedEvent, ExecutionHost, TaskRequest, TaskResult } from '../../../../lib/emulator/engine-contract.ts';
import { runExecution } from '../../../../lib/emulator/interpreter/index.ts';
import { causeText, recordedEvents, recordedTasks, type CorpusFile, type RecEvent, type RecordedOutcome, type RecordedTask } from './recorded-history.ts';
import { VirtualClock } from './virtual-clock.ts';

export type Verdict = 'exact' | 'different' | 'not-runnable';

export interface ParityResult {
  file: string;
  verdict: Verdict;
  /** Why a file cannot run, or the first difference. */
  reason: string;
  features: string[];
  masked: boolean;
}

const EXEC_ARN = 'arn:aws:states:us-east-1:111111111111:execution:ParityMachine:parity-run';
const SM_ARN = 'arn:aws:states:us-east-1:111111111111:stateMachine:ParityMachine';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every state object of a definition, nested ones included, with its name. */
export function allStates(def: unknown, out: Array<[string, Json]> = []): Array<[string, Json]> {
  if (!isObject(def) || !isObject(def.States)) return out;
  for (const [name, s] of Object.entries(def.States)) {
    if (!isObject(s)) continue;
    out.push([name, s]);
    for (const b of Array.isArray(s.Branches) ? s.Branches : []) allStates(b, out);
    allStates(s.ItemProcessor ?? s.Iterator, out);
  }
  return out;
}

export function featuresOf(file: CorpusFile, events: RecEvent[]): string[] {
  const f = new Set<string>();
  const text = JSON.stringify(file.definition);
  for (const [, s] of allStates(file.definition)) {
    const type = s.Type;
    if (type === 'Map') {
      const mode = isObject(s.ItemProcessor) && isObject(s.ItemProcessor.ProcessorConfig) ? s.ItemProcessor.ProcessorConfig.Mode : undefined;
      f.add(mode === 'DISTRIBUTED' ? 'Distributed Map' : 'Map (inline)');
    }
    if (type === 'Parallel') f.add('Parallel');
    if (type === 'Wait') f.add('Wait');
    if (type === 'Choice') f.add('Choice');
    if (type === 'Task') f.add('Task');
    if (s.Retry !== undefined) f.add('Retry');
    if (s.Catch !== undefined) f.add('Catch');
    if (s.Assign !== undefined) f.add('Variables');
    if (typeof s.Resource === 'string' && /\.(waitForTaskToken|sync)/.test(s.Resource)) f.add('Callbacks/.sync');
  }
  if (/"QueryLanguage":"JSONata"/.test(text)) f.add('JSONata');
  if (/States\.[A-Za-z]+\(/.test(text)) f.add('Intrinsic functions');
  if (events.some((e) => e.type.startsWith('LambdaFunction'))) f.add('Lambda (legacy)');
  if (events.some((e) => e.type.startsWith('Activity'))) f.add('Activities');
  if (events.some((e) => e.type.endsWith('TimedOut'))) f.add('Timeouts');
  if (events.some((e) => e.type === 'EvaluationFailed')) f.add('EvaluationFailed');
  if (events.some((e) => e.type === 'ExecutionFailed')) f.add('Failed executions');
  return [...f].sort();
}

/** Input text as StartExecution received it. */
function inputText(input: unknown): string {
  if (typeof input === 'string') {
    try {
      JSON.parse(input);
      return input;
    } catch {
      return JSON.stringify(input);
    }
  }
  return JSON.stringify(input ?? {});
}

function parseMaybe(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/**
 * Templates were patched at run time by LocalStack's tests (e.g. "Resource": "_tbd_"): where a
 * Task's Resource is not an ARN, or names another family than AWS recorded, use the resource the
 * recording shows for that state.
 */
function patchResources(def: Json, byState: Map<string, RecordedTask[]>): Json {
  const copy = structuredClone(def);
  for (const [name, s] of allStates(copy)) {
    if (s.Type !== 'Task') continue;
    const rec = byState.get(name)?.[0];
    if (!rec) continue;
    const resource = String(rec.scheduled.resource ?? '');
    const current = typeof s.Resource === 'string' ? s.Resource : '';
    let wanted: string;
    if (rec.family === 'Task') {
      const base = `arn:aws:states:::${String(rec.scheduled.resourceType)}:${resource}`;
      if (/^arn:aws:states:::/.test(current) && current.replace(/^arn:aws:states:::/, '') === `${String(rec.scheduled.resourceType)}:${resource}`) continue;
      wanted = base;
    } else if (rec.family === 'LambdaFunction') {
      if (/^arn:[^:]+:lambda:/.test(current)) continue;
      wanted = /^arn:[^:]+:lambda:/.test(resource) ? resource : `arn:aws:lambda:us-east-1:111111111111:function:${resource}`;
    } else {
      if (/:activity:/.test(current)) continue;
      wanted = /:activity:/.test(resource) ? resource : `arn:aws:states:us-east-1:111111111111:activity:${resource}`;
    }
    s.Resource = wanted;
  }
  return copy;
}

/** A TaskRunner answering each call with what AWS recorded for that state at that call index. */
function recordedRunner(byState: Map<string, RecordedTask[]>, unowned: RecordedTask[]): ExecutionHost['tasks'] {
  const pool = [...unowned];
  return {
    async run(request: TaskRequest): Promise<TaskResult> {
      // Distributed Map children are separate executions that AWS did not record: their tasks
      // answer an empty success.
      if (request.executionArn !== EXEC_ARN) return { ok: true, output: {} };
      const rec = byState.get(request.stateName)?.[request.callIndex] ?? pool.shift();
      const outcome: RecordedOutcome = rec?.outcome ?? { kind: 'pending' };
      if (outcome.submitted !== undefined) request.reportSubmitted?.(parseMaybe(outcome.submitted));
      if (outcome.kind === 'succeeded') return { ok: true, output: parseMaybe(outcome.output) };
      if (outcome.kind === 'failed') {
        const r: TaskResult = { ok: false, error: outcome.error };
        if (outcome.cause !== undefined) r.cause = outcome.cause;
        return r;
      }
      // Timed out or still running when AWS's execution ended: never answer.
      return new Promise<TaskResult>((resolve) => {
        request.signal.addEventListener('abort', () => resolve({ ok: false, error: 'States.TaskFailed', cause: 'cancelled' }), { once: true });
      });
    },
  };
}

// ---- comparison -----------------------------------------------------------------------------

/** Recorded strings may hold placeholders (<uuid:1>, <json-input:1>, <region>, ...). */
function textMatches(recorded: string, ours: string): boolean {
  if (recorded === ours) return true;
  if (!/<[^<>\s]+>|snf_role_arn|111111111111/.test(recorded)) return false;
  const pattern = recorded
    .split(/(<[^<>\s]+>)/)
    .map((part) => (/^<[^<>\s]+>$/.test(part) ? '[\\s\\S]*?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`).test(ours);
}

export function valueMatches(recorded: unknown, ours: unknown): boolean {
  const r = parseMaybe(recorded);
  const o = parseMaybe(ours);
  if (typeof r === 'string' && typeof o === 'string') return textMatches(r, o);
  if (typeof r === 'string' && typeof o !== 'string') return textMatches(r, JSON.stringify(o));
  if (Array.isArray(r)) return Array.isArray(o) && r.length === o.length && r.every((v, i) => valueMatches(v, o[i]));
  if (isObject(r)) {
    if (!isObject(o)) return false;
    const rk = Object.keys(r);
    return rk.length === Object.keys(o).length && rk.every((k) => Object.hasOwn(o, k) && valueMatches(r[k], o[k]));
  }
  return r === o;
}

function describe(e: { id: number | null; prev: number; type: string; details: Json }): string {
  const name = e.details.name !== undefined ? ` ${String(e.details.name)}` : '';
  const err = e.details.error !== undefined ? ` error=${String(e.details.error)}` : '';
  const cause = e.details.cause !== undefined ? ` cause=${(causeText(e.details.cause) ?? '').slice(0, 160)}` : '';
  return `#${e.id ?? 'masked'}<${e.prev} ${e.type}${name}${err}${cause}`;
}

function sameEvent(r: RecEvent, o: EmittedEvent): boolean {
  const od = o.details ?? {};
  if (r.type !== o.type || r.id !== o.id || r.prev !== o.previousEventId) return false;
  if ((r.details.name ?? null) !== (od.name ?? null)) return false;
  if (r.type.startsWith('MapIteration') && r.details.index !== od.index) return false;
  if ((r.details.error ?? null) !== (od.error ?? null)) return false;
  const rc = r.details.cause;
  const oc = od.cause;
  if (rc === undefined || oc === undefined) return rc === oc;
  return valueMatches(rc, oc);
}

function compare(recorded: RecEvent[], ours: EmittedEvent[], prefixOnly: boolean): string | null {
  const theirs = prefixOnly ? recorded : recorded;
  const mine = prefixOnly ? ours.slice(0, recorded.length) : ours;
  const n = Math.max(theirs.length, mine.length);
  for (let i = 0; i < n; i += 1) {
    const r = theirs[i];
    const o = mine[i];
    if (!r || !o || !sameEvent(r, o)) {
      const os = o ? describe({ id: o.id, prev: o.previousEventId, type: o.type, details: o.details ?? {} }) : '(none)';
      return `event ${i + 1}: AWS ${r ? describe(r) : '(none)'} | ours ${os}`;
    }
  }
  return null;
}

/**
 * Masked Parallel histories: events outside the branches keep their ids and must match one for
 * one; the branch events (ids masked, order lost) must match ours as a multiset of type + state
 * name. LocalStack's masking also dropped ParallelStateSucceeded/Failed (their ids are missing),
 * and the Exited events of nested Parallel states, so ours are left out of the multiset.
 */
function compareMasked(recorded: RecEvent[], ours: EmittedEvent[]): string | null {
  const byId = new Map(ours.map((e) => [e.id, e]));
  for (const r of recorded) {
    if (r.id === null) continue;
    const o = byId.get(r.id);
    if (!o || !sameEvent(r, o)) return `event #${r.id}: AWS ${describe(r)} | ours ${o ? describe({ id: o.id, prev: o.previousEventId, type: o.type, details: o.details ?? {} }) : '(none)'}`;
  }
  const visible = new Set(recorded.map((r) => r.id).filter((x) => x !== null));
  const key = (type: string, d: Json) => `${type}|${d.name === undefined ? '' : String(d.name)}|${d.error === undefined ? '' : String(d.error)}`;
  const theirs = recorded.filter((r) => r.id === null).map((r) => key(r.type, r.details)).sort();
  const mine = ours
    .filter((o) => !visible.has(o.id) && !/^ParallelState(Succeeded|Failed|Exited)$/.test(o.type))
    .map((o) => key(o.type, o.details ?? {}))
    .sort();
  if (ours.length !== recorded.length + (ours.length - visible.size - theirs.length) || theirs.join() !== mine.join()) {
    if (theirs.join() !== mine.join()) return `masked branch events differ: AWS [${theirs.join(', ')}] | ours [${mine.join(', ')}]`;
  }
  const lastRecorded = recorded.reduce((m, r) => Math.max(m, r.id ?? 0), 0);
  const lastOurs = ours.reduce((m, o) => Math.max(m, o.id), 0);
  if (lastRecorded !== lastOurs) return `last id: AWS ${lastRecorded} | ours ${lastOurs}`;
  return null;
}

const TERMINAL = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);

/** Why a file cannot be run at all (it still counts in the total). */
export function notRunnableReason(file: CorpusFile): string | null {
  if (file.kind !== 'standard-history') return 'not a standard history';
  if (file.definition === null) return 'definition unknown';
  for (const [, s] of allStates(file.definition)) {
    if (s.Type === 'Map' && s.ItemReader !== undefined) return 'ItemReader reads S3 objects that were not recorded';
  }
  return null;
}

/**
 * Template placeholders that LocalStack's tests replace at run time with values we cannot know
 * (Task Resources are recovered from the recording instead, see patchResources).
 */
export function runtimePatchReason(definition: unknown): string | null {
  const found: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string' && /^(_+tb[dc]_+|%[A-Z_]+%)$/.test(v) && key !== 'Resource') found.push(`${key}=${v}`);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(definition, '');
  return found.length > 0 ? `template patched at run time (${found.join(', ')})` : null;
}

export async function runParity(file: CorpusFile): Promise<ParityResult> {
  const events = recordedEvents(file);
  const masked = file.meta.branchEventsMasked === true;
  const base = { file: file.file, features: featuresOf(file, events), masked };
  const reason = notRunnableReason(file);
  if (reason) return { ...base, verdict: 'not-runnable', reason };
  const { byState, unowned } = recordedTasks(events);
  const definition = patchResources(file.definition as Json, byState);

  const clock = new VirtualClock();
  const ours: EmittedEvent[] = [];
  const stop = new AbortController();
  const last = events[events.length - 1];
  const terminal = last ? TERMINAL.has(last.type) : false;
  // A stopped execution (or one recorded while still running) ends where AWS's recording ends.
  const stopAfter = !terminal ? events.length : last?.type === 'ExecutionAborted' ? events.length - 1 : -1;
  const stopReason: Json = {};
  if (last?.type === 'ExecutionAborted') {
    if (last.details.error !== undefined) stopReason.error = last.details.error;
    if (last.details.cause !== undefined) stopReason.cause = causeText(last.details.cause);
  }
  const host: ExecutionHost = { clock, region: 'us-east-1', tasks: recordedRunner(byState, unowned) };
  try {
    await runExecution({
      executionArn: EXEC_ARN,
      stateMachineArn: SM_ARN,
      definition,
      input: inputText(file.input),
      roleArn: 'snf_role_arn',
      testCase: null,
      host,
      signal: stop.signal,
      emit: (e) => {
        ours.push(e);
        if (ours.length === stopAfter) setImmediate(() => stop.abort(stopReason));
      },
    });
  } catch (e) {
    return { ...base, verdict: 'different', reason: `runExecution threw: ${(e as Error).stack ?? String(e)}` };
  }
  const diff = masked ? compareMasked(events, ours) : compare(events, ours, !terminal);
  if (diff === null) return { ...base, verdict: 'exact', reason: '' };
  // A difference in a file whose template or input holds values that the recording replaced
  // (run-time template patches, snapshot placeholders in the input) cannot be judged.
  const patched = runtimePatchReason(definition);
  if (patched) return { ...base, verdict: 'not-runnable', reason: `template patched at run time with values not recorded — ${diff}` };
  if (placeholderInput(file.input)) return { ...base, verdict: 'not-runnable', reason: `input value replaced by a snapshot placeholder — ${diff}` };
  return { ...base, verdict: 'different', reason: diff };
}

/** Input leaves where LocalStack replaced a time (which varies per run) by a placeholder. */
function placeholderInput(input: unknown): boolean {
  if (typeof input === 'string') return /^(<(timestamp|start-date|date)>|date|datetime|timestamp)$/.test(input);
  if (Array.isArray(input)) return input.some(placeholderInput);
  if (isObject(input)) return Object.values(input).some(placeholderInput);
  return false;
}
