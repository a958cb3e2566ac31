// Every real AWS history in ../shared/aws-histories (and unverified/) against an independent
// oracle: expectations are computed here straight from the raw JSON and AWS's event semantics
// (sfn-facts.md §2.4), not from the analyzer's internals and not from snapshots of its output.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeHistory } from '../../../lib/history/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.resolve(here, '../../../../shared/aws-histories');

function corpusFiles(): string[] {
  if (!existsSync(CORPUS)) {
    throw new Error(`corpus folder missing: ${CORPUS} (the repo expects ../shared/aws-histories beside it)`);
  }
  const top = readdirSync(CORPUS).filter((f) => f.endsWith('.json'));
  const unverifiedDir = path.join(CORPUS, 'unverified');
  const unverified = existsSync(unverifiedDir)
    ? readdirSync(unverifiedDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => `unverified/${f}`)
    : [];
  return [...top, ...unverified].sort();
}

// ---- the oracle ---------------------------------------------------------------------------

interface OEvent {
  id: number | null;
  prev: number | null;
  type: string;
  details: Record<string, unknown>;
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

function oracleEvents(file: unknown): OEvent[] {
  const raw = (file as { events: Record<string, unknown>[] }).events;
  const events = raw.map((e): OEvent => {
    let details: unknown = e.details;
    if (details === undefined) {
      const key = Object.keys(e).find((k) => k.endsWith('EventDetails'));
      details = key === undefined ? {} : e[key];
    }
    return {
      id: num(e.id) || null,
      prev: num(e.previousEventId ?? e.previous_event_id),
      type: String(e.type),
      details: (details ?? {}) as Record<string, unknown>,
    };
  });
  const ids = events.map((e) => e.id).filter((id): id is number => id !== null);
  // README: one history was requested newest-first; every other one is ascending.
  return ids.length > 1 && (ids[0] as number) > (ids[ids.length - 1] as number) ? events.reverse() : events;
}

const TERMINAL: Record<string, string> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};
const isEntered = (t: string) => t.endsWith('StateEntered');
const isExited = (t: string) => t.endsWith('StateExited');
const isScheduled = (t: string) => t === 'TaskScheduled' || t === 'LambdaFunctionScheduled' || t === 'ActivityScheduled';
// Failures that end the walk-back: raised by a Task-like state, a Fail state or an evaluation.
const isLeafFailure = (t: string) =>
  t === 'FailStateEntered' ||
  t === 'EvaluationFailed' ||
  /^(Task|LambdaFunction|Activity)(Failed|TimedOut|StartFailed|ScheduleFailed|SubmitFailed)$/.test(t);
const isAnyFailure = (t: string) => isLeafFailure(t) || t === 'MapStateFailed' || t === 'ParallelStateFailed';

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

interface Oracle {
  status: string;
  failure: { error: string | null; cause: unknown; stateName: string | null } | null;
  enteredNames: (string | null)[];
  enteredIds: (number | null)[];
  runsPerName: Map<string, number>;
  /** Entered id -> number of *Scheduled events whose previousEventId chain reaches it first. */
  attempts: Map<number, number>;
  scheduledTotal: number;
  caughtExits: number[];
  exits: { id: number; name: string }[];
  /** Entered id -> index of the MapIterationStarted right before it (first state of an iteration). */
  iterationStart: Map<number, number>;
  failStates: number[];
}

function oracle(events: OEvent[]): Oracle {
  const byId = new Map<number, OEvent>();
  for (const e of events) if (e.id !== null) byId.set(e.id, e);

  // status: the last terminal event; an ExecutionRedriven after it means running again.
  let status = 'RUNNING';
  let terminal: OEvent | null = null;
  for (const e of events) {
    const s = TERMINAL[e.type];
    if (s !== undefined) {
      status = s;
      terminal = e;
    } else if (e.type === 'ExecutionRedriven') {
      status = 'RUNNING';
      terminal = null;
    }
  }

  /** Nearest *StateEntered up the previousEventId chain (including `from` itself). */
  const enteredOf = (from: number | null): OEvent | null => {
    let cur = from;
    for (let guard = 0; cur !== null && cur > 0 && guard < 100_000; guard++) {
      const e = byId.get(cur);
      if (!e) return null;
      if (isEntered(e.type)) return e;
      cur = e.prev;
    }
    return null;
  };

  // Which entered runs were exited: an Exited's chain reaches the Entered of the same name.
  const exitedEntered = new Set<OEvent>();
  for (const e of events) {
    if (!isExited(e.type)) continue;
    let cur = e.prev;
    for (let guard = 0; cur !== null && cur > 0 && guard < 100_000; guard++) {
      const x = byId.get(cur);
      if (!x) break;
      if (isEntered(x.type) && x.details.name === e.details.name) {
        exitedEntered.add(x);
        break;
      }
      cur = x.prev;
    }
  }

  let failure: Oracle['failure'] = null;
  if (terminal && (status === 'FAILED' || status === 'TIMED_OUT')) {
    // Simple walk-back: follow previousEventId from the terminal event. The first Task/Fail/
    // Evaluation failure names the state (through its Entered); passing container failures
    // (MapStateFailed, MapIterationFailed, ParallelStateFailed, MapRunFailed) continues into
    // the failing iteration/branch. Reaching a state's own Entered (or a state still open) first
    // means no failure event: that state.
    let stateName: string | null = null;
    let cur = terminal.prev;
    for (let guard = 0; cur !== null && cur > 0 && guard < 100_000; guard++) {
      const e = byId.get(cur);
      if (!e) break;
      if (e.type === 'EvaluationFailed') {
        stateName = text(e.details.state);
        break;
      }
      if (isLeafFailure(e.type)) {
        stateName = text(enteredOf(e.id)?.details.name);
        break;
      }
      if (isEntered(e.type) && !exitedEntered.has(e)) {
        stateName = text(e.details.name);
        break;
      }
      cur = e.prev;
    }
    // The cause exactly as recorded (a string, or JSON the recording already parsed).
    failure = { error: text(terminal.details.error), cause: terminal.details.cause ?? null, stateName };
  }

  const entered = events.filter((e) => isEntered(e.type));
  const runsPerName = new Map<string, number>();
  for (const e of entered) {
    const name = String(e.details.name);
    runsPerName.set(name, (runsPerName.get(name) ?? 0) + 1);
  }

  const attempts = new Map<number, number>();
  for (const e of entered) if (e.id !== null) attempts.set(e.id, 0);
  let scheduledTotal = 0;
  for (const e of events) {
    if (!isScheduled(e.type)) continue;
    scheduledTotal += 1;
    const owner = enteredOf(e.prev);
    if (owner?.id != null) attempts.set(owner.id, (attempts.get(owner.id) ?? 0) + 1);
  }

  const caughtExits: number[] = [];
  const exits: { id: number; name: string }[] = [];
  for (const e of events) {
    if (!isExited(e.type) || e.id === null) continue;
    exits.push({ id: e.id, name: String(e.details.name) });
    const p = e.prev === null ? undefined : byId.get(e.prev);
    if (p && isAnyFailure(p.type)) caughtExits.push(e.id);
  }

  const iterationStart = new Map<number, number>();
  for (const e of entered) {
    const p = e.prev === null ? undefined : byId.get(e.prev);
    if (e.id !== null && p?.type === 'MapIterationStarted') iterationStart.set(e.id, Number(p.details.index));
  }

  return {
    status,
    failure,
    enteredNames: entered.map((e) => text(e.details.name)),
    enteredIds: entered.map((e) => e.id),
    runsPerName,
    attempts,
    scheduledTotal,
    caughtExits,
    exits,
    iterationStart,
    failStates: entered.filter((e) => e.type === 'FailStateEntered' && e.id !== null).map((e) => e.id as number),
  };
}

// ---- the comparison -----------------------------------------------------------------------

const files = corpusFiles();
let agreed = 0;
let rootCauses = 0;

describe('aws-histories corpus', () => {
  it('has the corpus files', () => {
    expect(files.length).toBeGreaterThan(500);
  });

  it.each(files)('%s', (file) => {
    const text_ = readFileSync(path.join(CORPUS, file), 'utf8');
    const json = JSON.parse(text_) as unknown;
    const events = oracleEvents(json);
    const o = oracle(events);
    const byId = new Map(events.filter((e) => e.id !== null).map((e) => [e.id as number, e]));
    const a = analyzeHistory(text_);
    const problems: string[] = [];
    const check = (what: string, actual: unknown, expected: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        problems.push(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      }
    };

    check('status', a.status, o.status);
    check('failure.error', a.failure?.error ?? null, o.failure?.error ?? null);
    check('failure.cause', a.failure?.cause ?? null, o.failure?.cause ?? null);
    check('failure.stateName', a.failure?.stateName ?? null, o.failure?.stateName ?? null);
    // Beyond §2.2: failure.runIndex is the traced run itself, named failure.stateName.
    const failing = a.failure?.runIndex;
    if (a.failure?.stateName) check('failure.runIndex names failure.stateName', typeof failing === 'number' ? a.runs[failing]?.stateName : failing, a.failure.stateName);
    else check('failure.runIndex without a state', failing ?? null, null);
    // Beyond §2.2: depth is the nesting through parentRunIndex.
    check(
      'run depths',
      a.runs.map((r) => r.depth),
      a.runs.map((r) => {
        let d = 0;
        for (let p = r.parentRunIndex; typeof p === 'number'; p = a.runs[p]?.parentRunIndex) d++;
        return d;
      }),
    );
    check('eventCount', a.eventCount, (json as { events: unknown[] }).events.length);
    check('warnings', a.warnings, []);

    // One run per *StateEntered, in event order.
    check('run names in order', a.runs.map((r) => r.stateName), o.enteredNames);
    check('run entered ids in order', a.runs.map((r) => r.enteredEventId), o.enteredIds);
    const perName = new Map<string, number>();
    for (const r of a.runs) perName.set(r.stateName, (perName.get(r.stateName) ?? 0) + 1);
    check('runs per state name', [...perName].sort(), [...o.runsPerName].sort());

    // Attempts along previousEventId (non-masked runs); every *Scheduled counted exactly once.
    for (const r of a.runs) {
      if (r.enteredEventId === null) continue;
      check(`attempts of ${r.stateName}#${r.enteredEventId}`, r.attempts, o.attempts.get(r.enteredEventId) ?? 0);
    }
    check('attempts total', a.runs.reduce((s, r) => s + r.attempts, 0), o.scheduledTotal);

    // Catch: a *StateExited right after a failure event closes a CAUGHT run.
    for (const id of o.caughtExits) {
      const run = a.runs.find((r) => r.exitedEventId === id);
      check(`run closed by exit #${id}`, run?.status, 'CAUGHT');
    }
    // Every *StateExited closes exactly one run, of the same name.
    for (const { id, name } of o.exits) {
      const closing = a.runs.filter((r) => r.exitedEventId === id);
      check(`runs closed by exit #${id}`, closing.map((r) => r.stateName), [name]);
    }
    // First state of a Map iteration: the innermost map index is that iteration's.
    for (const [id, index] of o.iterationStart) {
      const run = a.runs.find((r) => r.enteredEventId === id);
      check(`innermost mapIndex of run #${id}`, run?.mapIndex.at(-1), index);
    }
    for (const id of o.failStates) {
      check(`Fail state run #${id}`, a.runs.find((r) => r.enteredEventId === id)?.status, 'FAILED');
    }
    // Beyond §2.2 (§2.5 rootCauses): failure.rootCause names a run that raised an error and
    // whose Catch took it, or that lies inside a CAUGHT Map/Parallel; its path runs from the
    // catching run to the failing run.
    const root = a.failure?.rootCause ?? null;
    if (root) {
      rootCauses += 1;
      const rootRun = a.runs[root.runIndex];
      check('rootCause names its run', rootRun?.stateName, root.stateName);
      check('rootCause error is the run error', root.error, rootRun?.error ?? null);
      check('rootCause run raised an error', root.error !== null, true);
      let inCaught = false;
      for (let p: number | null | undefined = root.runIndex; typeof p === 'number'; p = a.runs[p]?.parentRunIndex) {
        if (a.runs[p]?.status === 'CAUGHT') inCaught = true;
      }
      check('rootCause run is CAUGHT or inside a CAUGHT Map/Parallel', inCaught, true);
      check('rootCause.caughtBy is CAUGHT', a.runs[root.caughtBy.runIndex]?.status, 'CAUGHT');
      check('rootCause.path starts at caughtBy', root.path[0], root.caughtBy);
      check('rootCause.path ends at the failing run', root.path.at(-1)?.runIndex, a.failure?.runIndex);
    }
    // Independently of the analyzer: a failing run entered straight from a caught exit
    // (failure event -> *StateExited -> its *StateEntered) was reached through a Catch.
    const failingRun = typeof failing === 'number' ? a.runs[failing] : undefined;
    const enteredFrom = failingRun?.enteredEventId == null ? undefined : byId.get(failingRun.enteredEventId)?.prev;
    if (typeof enteredFrom === 'number' && o.caughtExits.includes(enteredFrom)) {
      const catcher = a.runs.findIndex((r) => r.exitedEventId === enteredFrom);
      check('rootCause after a caught exit', root !== null, true);
      check('rootCause.path passes the run that exited', root?.path.some((x) => x.runIndex === catcher), true);
    }

    // A run that is open is RUNNING only while the execution runs.
    if (o.status !== 'RUNNING') {
      check('no RUNNING runs after the end', a.runs.filter((r) => r.status === 'RUNNING').length, 0);
    }

    expect(problems).toEqual([]);
    agreed += 1;
  });

  afterAll(() => {
    console.log(`${agreed}/${files.length} corpus files agree`);
    console.log(`${rootCauses} corpus failures reached through a Catch (failure.rootCause)`);
  });
});
