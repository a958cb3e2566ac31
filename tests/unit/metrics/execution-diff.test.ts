// lib/metrics diffExecutions (DESIGN.md §2.6 GET /api/executions/diff): hand-built histories in the
// wire shape, analysed by lib/history as the route does, then diffed. The deltas are jsondiffpatch's
// format (docs/deltas.md): [new] added, [old, new] modified, [old, 0, 0] deleted.
import { describe, expect, it } from 'vitest';
import { analyzeExecution, parseHistory } from '../../../lib/history/index.ts';
import { LCS_MAX_CELLS, diffExecutions, jsonDiff, type DiffSubject } from '../../../lib/metrics/execution-diff.ts';
import { ev, execStarted, scheduled, started, type WireEvent } from '../history/build-events.ts';

const enteredWith = (id: number, prev: number, type: string, name: string, input: unknown) =>
  ev(id, prev, `${type}StateEntered`, { name, input: JSON.stringify(input) });
const exitedWith = (id: number, prev: number, type: string, name: string, output: unknown) =>
  ev(id, prev, `${type}StateExited`, { name, output: JSON.stringify(output) });
const taskOk = (id: number, prev: number, output: unknown) => ev(id, prev, 'TaskSucceeded', { resourceType: 'lambda', resource: 'invoke', output: JSON.stringify(output) });
const taskFailed = (id: number, prev: number, error: string) => ev(id, prev, 'TaskFailed', { resourceType: 'lambda', resource: 'invoke', error, cause: `${error} cause` });

function subject(name: string, events: WireEvent[], input: unknown, output: unknown): DiffSubject<{ name: string }> {
  return { execution: { name }, analysis: analyzeExecution(parseHistory({ events }).events), input: JSON.stringify(input), output: output === null ? null : JSON.stringify(output) };
}

/** Validate → Charge (Task) → Ship, all succeeding; Charge's output carries the amount. */
function succeededRun(amount: number) {
  return subject(
    'ok',
    [
      execStarted(),
      enteredWith(2, 1, 'Pass', 'Validate', { order: 1, amount }),
      exitedWith(3, 2, 'Pass', 'Validate', { order: 1, amount }),
      enteredWith(4, 3, 'Task', 'Charge', { order: 1, amount }),
      scheduled(5, 4),
      started(6, 5),
      taskOk(7, 6, { charged: amount }),
      exitedWith(8, 7, 'Task', 'Charge', { charged: amount }),
      enteredWith(9, 8, 'Pass', 'Ship', { charged: amount }),
      exitedWith(10, 9, 'Pass', 'Ship', { shipped: true }),
      ev(11, 10, 'ExecutionSucceeded', { output: '{"shipped":true}' }),
    ],
    { order: 1, amount },
    { shipped: true },
  );
}

/** Validate → Charge fails twice (retried), caught → Refund → ExecutionFailed. */
function failedRun() {
  return subject(
    'failed',
    [
      execStarted(),
      enteredWith(2, 1, 'Pass', 'Validate', { order: 2, amount: 999 }),
      exitedWith(3, 2, 'Pass', 'Validate', { order: 2, amount: 999 }),
      enteredWith(4, 3, 'Task', 'Charge', { order: 2, amount: 999 }),
      scheduled(5, 4),
      started(6, 5),
      taskFailed(7, 6, 'Card.Declined'),
      scheduled(8, 7),
      started(9, 8),
      taskFailed(10, 9, 'Card.Declined'),
      exitedWith(11, 10, 'Task', 'Charge', { order: 2, amount: 999, error: 'Card.Declined' }),
      enteredWith(12, 11, 'Pass', 'Refund', { error: 'Card.Declined' }),
      exitedWith(13, 12, 'Pass', 'Refund', { refunded: true }),
      ev(14, 13, 'ExecutionFailed', { error: 'Card.Declined', cause: 'declined' }),
    ],
    { order: 2, amount: 999 },
    null,
  );
}

describe('diffExecutions', () => {
  it('two runs down the same path with the same outcomes do not diverge; payload differences are still shown', () => {
    const diff = diffExecutions(succeededRun(10), succeededRun(12));
    expect(diff.firstDivergence).toBeNull();
    expect(diff.states.map((s) => [s.stateName, s.taken])).toEqual([
      ['Validate', 'both'],
      ['Charge', 'both'],
      ['Ship', 'both'],
    ]);
    expect(diff.input).toEqual({ amount: [10, 12] });
    expect(diff.output).toBeNull();
    const charge = diff.states[1];
    expect(charge?.differs).toBe(true);
    expect(charge?.runs[0]?.differences).toEqual(['input', 'output']);
    expect(charge?.runs[0]?.output).toEqual({ charged: [10, 12] });
    // Ship's input differs, its output does not.
    expect(diff.states[2]?.runs[0]?.differences).toEqual(['input']);
    expect(diff.a).toEqual({ name: 'ok' });
  });

  it('a failed and a succeeded run part at the state whose error and next state differ', () => {
    const diff = diffExecutions(failedRun(), succeededRun(10));
    expect(diff.firstDivergence).toMatchObject({
      stateName: 'Charge',
      mapIndex: [],
      occurrence: 0,
      reasons: ['status', 'next', 'error'],
      a: { status: 'CAUGHT', nextStateName: 'Refund', error: 'Card.Declined', attempts: 2 },
      b: { status: 'SUCCEEDED', nextStateName: 'Ship', error: null, attempts: 1 },
    });
    // A's order, B-only Ship placed after the state B entered before it (Charge).
    expect(diff.states.map((s) => [s.stateName, s.taken])).toEqual([
      ['Validate', 'both'],
      ['Charge', 'both'],
      ['Ship', 'b'],
      ['Refund', 'a'],
    ]);
    const charge = diff.states.find((s) => s.stateName === 'Charge');
    expect(charge?.a).toEqual({ status: 'CAUGHT', runs: 1, durationMs: 7000, attempts: 2, error: 'Card.Declined' });
    expect(charge?.b).toEqual({ status: 'SUCCEEDED', runs: 1, durationMs: 4000, attempts: 1, error: null });
    expect(diff.states.find((s) => s.stateName === 'Refund')?.b).toBeNull();
    expect(diff.states.find((s) => s.stateName === 'Refund')?.runs[0]?.differences).toEqual(['path']);
    // Output: A has none (null), B's is {"shipped":true}: a whole-value replacement.
    expect(diff.output).toEqual([null, { shipped: true }]);
    expect(diff.input).toEqual({ order: [2, 1], amount: [999, 10] });
  });

  it("is read from A's side: swapping A and B swaps the sides and keeps the divergence", () => {
    const diff = diffExecutions(succeededRun(10), failedRun());
    expect(diff.firstDivergence?.stateName).toBe('Charge');
    expect(diff.firstDivergence?.a?.status).toBe('SUCCEEDED');
    // B-only Refund goes right after Charge, the state B entered before it.
    expect(diff.states.map((s) => [s.stateName, s.taken])).toEqual([
      ['Validate', 'both'],
      ['Charge', 'both'],
      ['Refund', 'b'],
      ['Ship', 'a'],
    ]);
  });

  it('pairs Map iterations by index, so an iteration that failed in one run is the divergence', () => {
    const mapRun = (failIndex: number | null) => {
      const events: WireEvent[] = [execStarted(), enteredWith(2, 1, 'Map', 'Each', [1, 2, 3]), ev(3, 2, 'MapStateStarted', { length: 3 })];
      let id = 4;
      const iterationEnds: number[] = [];
      for (let index = 0; index < 3; index++) {
        const start = id++;
        events.push(ev(start, 3, 'MapIterationStarted', { name: 'Each', index }));
        const enter = id++;
        events.push(enteredWith(enter, start, 'Task', 'Work', { item: index + 1 }));
        const sched = id++;
        events.push(scheduled(sched, enter));
        const st = id++;
        events.push(started(st, sched));
        const end = id++;
        if (index === failIndex) events.push(taskFailed(end, st, 'Boom'));
        else events.push(taskOk(end, st, { done: index + 1 }));
        if (index === failIndex) {
          const failedIteration = id++;
          events.push(ev(failedIteration, end, 'MapIterationFailed', { name: 'Each', index }));
          iterationEnds.push(failedIteration);
        } else {
          const exit = id++;
          events.push(exitedWith(exit, end, 'Task', 'Work', { done: index + 1 }));
          const done = id++;
          events.push(ev(done, exit, 'MapIterationSucceeded', { name: 'Each', index }));
          iterationEnds.push(done);
        }
      }
      const last = iterationEnds[iterationEnds.length - 1] as number;
      if (failIndex === null) {
        events.push(ev(id, last, 'MapStateSucceeded'), exitedWith(id + 1, id, 'Map', 'Each', [1, 2, 3]), ev(id + 2, id + 1, 'ExecutionSucceeded', { output: '[1,2,3]' }));
      } else {
        events.push(ev(id, last, 'MapStateFailed'), ev(id + 1, id, 'ExecutionFailed', { error: 'Boom', cause: 'Boom cause' }));
      }
      return subject(failIndex === null ? 'ok' : 'failed', events, [1, 2, 3], failIndex === null ? [1, 2, 3] : null);
    };
    const diff = diffExecutions(mapRun(null), mapRun(1));
    const work = diff.states.find((s) => s.stateName === 'Work');
    expect(work?.runs.map((pair) => pair.mapIndex)).toEqual([[0], [1], [2]]);
    expect(work?.runs.map((pair) => pair.differences.length > 0)).toEqual([false, true, false]);
    expect(work?.a).toMatchObject({ status: 'SUCCEEDED', runs: 3 });
    expect(work?.b).toMatchObject({ status: 'FAILED', runs: 3, error: 'Boom' });
    // The Map itself succeeded in A and failed in B, and it was entered first: it is the first divergence.
    expect(diff.firstDivergence).toMatchObject({ stateName: 'Each', reasons: ['status', 'error'], b: { status: 'FAILED', error: 'Boom' } });
    const iteration = work?.runs[1];
    expect(iteration?.a).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(iteration?.b).toMatchObject({ status: 'FAILED', error: 'Boom' });
  });

  it('pairs repeated entries (loops, redrives) by occurrence', () => {
    const loop = (times: number) => {
      const events: WireEvent[] = [execStarted()];
      let id = 2;
      let prev = 1;
      for (let i = 0; i < times; i++) {
        events.push(enteredWith(id, prev, 'Pass', 'Poll', { i }), exitedWith(id + 1, id, 'Pass', 'Poll', { i: i + 1 }));
        prev = id + 1;
        id += 2;
      }
      events.push(ev(id, prev, 'ExecutionSucceeded', { output: '{}' }));
      return subject(`x${times}`, events, {}, {});
    };
    const diff = diffExecutions(loop(2), loop(3));
    const poll = diff.states[0];
    expect(poll?.runs.map((pair) => [pair.occurrence, pair.a !== null, pair.b !== null])).toEqual([
      [0, true, true],
      [1, true, true],
      [2, false, true],
    ]);
    // A's second Poll was its last state (next null); B's went on to a third Poll.
    expect(diff.firstDivergence).toMatchObject({ stateName: 'Poll', occurrence: 1, reasons: ['next'] });
    expect(poll?.a?.runs).toBe(2);
    expect(poll?.b?.runs).toBe(3);
  });
});

describe('jsonDiff', () => {
  it('parses JSON text first, so a nested change is named by its path', () => {
    expect(jsonDiff('{"a":{"b":1,"c":[1,2]}}', '{"a":{"b":2,"c":[1,2]}}')).toEqual({ a: { b: [1, 2] } });
    expect(jsonDiff('{"x":1}', '{"x":1}')).toBeNull();
    expect(jsonDiff({ x: 1 }, '{"x":1}')).toBeNull();
  });

  it('matches array items by id, so one inserted item is one insertion', () => {
    const before = [{ id: 'a', v: 1 }, { id: 'b', v: 2 }];
    const after = [{ id: 'z', v: 0 }, { id: 'a', v: 1 }, { id: 'b', v: 2 }];
    expect(jsonDiff(before, after)).toEqual({ _t: 'a', 0: [{ id: 'z', v: 0 }] });
  });

  it('compares arrays past the LCS bound by index, in bounded time', () => {
    const n = Math.ceil(Math.sqrt(LCS_MAX_CELLS)) + 10;
    const left = Array.from({ length: n }, (_, i) => ({ v: i }));
    const right = left.map((item, i) => (i === 7 ? { v: -1 } : item));
    right.push({ v: n });
    const delta = jsonDiff(left, right) as Record<string, unknown>;
    expect(delta._t).toBe('a');
    expect(delta['7']).toEqual({ v: [7, -1] });
    expect(delta[String(n)]).toEqual([{ v: n }]);
    expect(Object.keys(delta).sort()).toEqual(['7', String(n), '_t'].sort());
  });

  it('treats a non-JSON string as a string', () => {
    expect(jsonDiff('not json', 'not json either')).toEqual(['not json', 'not json either']);
  });
});
