// RedriveExecution of failed Task, inline Map and Parallel states, against the event sequences AWS
// wrote for the same definitions (recorded in us-west-2 on 2026-09-24 with Activity tasks; the
// radkawar/stackd project's testdata/aws/stepfunctions/redrive_execution.json holds the
// histories). The shared corpus has no redrive recording. Activity* events are written here as
// the Task* events of a Lambda task: same links, same places.
import { describe, expect, it } from 'vitest';
import type { EmittedEvent, TaskRequest, TaskResult } from '../../../../lib/emulator/engine-contract.ts';
import { planRedrive } from '../../../../lib/emulator/interpreter/redrive.ts';
import type { MachineDef } from '../../../../lib/emulator/interpreter/machine-def.ts';
import { VirtualClock } from '../../../../lib/emulator/virtual-clock.ts';
import { output, run } from './run-helper.ts';

const task = (extra: Record<string, unknown> = {}) => ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra });
const never = () => new Promise<never>(() => undefined);

/** "id type prev" lines, the way the recorded histories read. */
const shape = (events: EmittedEvent[]): string[] => events.map((e) => `${e.id} ${e.type} ${e.previousEventId}`);

describe('redrive of an inline Map (MaxConcurrency 1, iteration 1 of 3 failed)', () => {
  const def = {
    StartAt: 'Select',
    States: {
      Select: { Type: 'Choice', Choices: [{ Variable: '$.mode', StringEquals: 'map', Next: 'InlineMap' }], Default: 'InlineMap' },
      InlineMap: { Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 1, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'MapItem', States: { MapItem: task() } }, End: true },
    },
  };
  const input = { mode: 'map', items: [{ index: 0 }, { index: 1 }, { index: 2 }] };
  const itemOf = (r: TaskRequest) => (r.parameters as { index: number }).index;

  it('continues the failed iteration inside, starts the one that never ran, keeps the succeeded result', async () => {
    const first = await run(def, input, (r) => (itemOf(r) === 1 ? { ok: false, error: 'Probe.Retry', cause: 'fail' } : { ok: true, output: { index: itemOf(r), preserved: true } }));
    expect(first.outcome.status).toBe('FAILED');
    const second = await run(def, input, (r) => ({ ok: true, output: { index: itemOf(r), fixed: true } }), { redrive: { previousEvents: first.events, redriveCount: 1 } });
    // AWS's history, ids 1-37 (Activity* → Task*).
    expect(shape([...first.events, ...second.events])).toEqual([
      '1 ExecutionStarted 0',
      '2 ChoiceStateEntered 0',
      '3 ChoiceStateExited 2',
      '4 MapStateEntered 3',
      '5 MapStateStarted 4',
      '6 MapIterationStarted 5',
      '7 TaskStateEntered 6',
      '8 TaskScheduled 7',
      '9 TaskStarted 8',
      '10 TaskSucceeded 9',
      '11 TaskStateExited 10',
      '12 MapIterationSucceeded 11',
      '13 MapIterationStarted 11',
      '14 TaskStateEntered 13',
      '15 TaskScheduled 14',
      '16 TaskStarted 15',
      '17 TaskFailed 16',
      '18 MapIterationFailed 17',
      '19 TaskStateAborted 17',
      '20 MapStateFailed 17',
      '21 ExecutionFailed 20',
      '22 ExecutionRedriven 21',
      '23 TaskScheduled 14',
      '24 TaskStarted 23',
      '25 TaskSucceeded 24',
      '26 TaskStateExited 25',
      '27 MapIterationSucceeded 26',
      '28 MapIterationStarted 26',
      '29 TaskStateEntered 28',
      '30 TaskScheduled 29',
      '31 TaskStarted 30',
      '32 TaskSucceeded 31',
      '33 TaskStateExited 32',
      '34 MapIterationSucceeded 33',
      '35 MapStateSucceeded 34',
      '36 MapStateExited 34',
      '37 ExecutionSucceeded 36',
    ]);
    expect(second.events[0]?.details).toEqual({ redriveCount: 1 });
    expect(output(second)).toEqual([
      { index: 0, preserved: true },
      { index: 1, fixed: true },
      { index: 2, fixed: true },
    ]);
    // Only the two unfinished items ran again, the failed one first.
    expect(second.requests.map(itemOf)).toEqual([1, 2]);
  });

  it('gives the continued task its original EnteredTime, RetryCount 0 and the redrive in $$.Execution', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 8, 24, 2, 56, 32));
    const ctxDef = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          MaxConcurrency: 1,
          ItemProcessor: { StartAt: 'T', States: { T: task({ Parameters: { 'i.$': '$', 'execution.$': '$$.Execution', 'state.$': '$$.State' } }) } },
          End: true,
        },
      },
    };
    const first = await run(ctxDef, [0, 1], (r) => ((r.parameters as { i: number }).i === 1 ? { ok: false, error: 'Boom' } : { ok: true, output: 0 }), { clock });
    const enteredAt = first.events.filter((e) => e.type === 'TaskStateEntered')[1]?.timestamp ?? 0;
    clock.advance(5000);
    const second = await run(ctxDef, [0, 1], () => ({ ok: true, output: 1 }), { clock, redrive: { previousEvents: first.events, redriveCount: 1 } });
    const params = second.requests[0]?.parameters as { state: { EnteredTime: string; RetryCount: number }; execution: { RedriveCount: number; RedriveTime?: string } };
    expect(params.state).toMatchObject({ EnteredTime: new Date(enteredAt).toISOString(), RetryCount: 0 });
    expect(params.execution.RedriveCount).toBe(1);
    expect(params.execution.RedriveTime).toBe(new Date(second.events[0]?.timestamp ?? 0).toISOString());
    const firstParams = first.requests[0]?.parameters as { execution: Record<string, unknown> };
    expect(firstParams.execution).not.toHaveProperty('RedriveTime');
  });
});

describe('redrive of a Parallel (one branch succeeded, one failed, one aborted)', () => {
  const def = {
    StartAt: 'Parallel',
    States: {
      Parallel: {
        Type: 'Parallel',
        Branches: ['SucceededSibling', 'FailedSibling', 'AbortedSibling'].map((name) => ({ StartAt: name, States: { [name]: task({ Parameters: { branch: name } }) } })),
        End: true,
      },
    },
  };
  const branchOf = (r: TaskRequest) => (r.parameters as { branch: string }).branch;

  it('schedules again only the failed and aborted branches, linked to their original Entered, and keeps the preserved output', async () => {
    const clock = new VirtualClock();
    const first = await run(
      def,
      {},
      async (r) => {
        if (branchOf(r) === 'SucceededSibling') return { ok: true, output: { branch: 'preserved' } };
        if (branchOf(r) === 'FailedSibling') {
          await clock.sleep(1000);
          return { ok: false, error: 'Probe.Retry', cause: 'failed-sibling' };
        }
        return never();
      },
      { clock },
    );
    expect(first.outcome).toMatchObject({ status: 'FAILED', error: 'Probe.Retry' });
    const entered = (name: string) => first.events.find((e) => e.type === 'TaskStateEntered' && e.details?.name === name)?.id;
    const failedId = first.events.find((e) => e.type === 'TaskFailed')?.id;
    // The first attempt's ending, as AWS wrote it: two TaskStateAborted and ParallelStateFailed on the failure.
    expect(first.events.slice(-4).map((e) => `${e.type} ${e.previousEventId}`)).toEqual([
      `TaskStateAborted ${failedId}`,
      `TaskStateAborted ${failedId}`,
      `ParallelStateFailed ${failedId}`,
      `ExecutionFailed ${first.events.at(-2)?.id}`,
    ]);

    const second = await run(def, {}, (r) => ({ ok: true, output: { branch: branchOf(r), fixed: true } }), { clock, redrive: { previousEvents: first.events, redriveCount: 1 } });
    expect(second.outcome.status).toBe('SUCCEEDED');
    const last = first.events.at(-1)?.id ?? 0;
    expect(second.events[0]).toMatchObject({ id: last + 1, type: 'ExecutionRedriven', previousEventId: last });
    // No state is entered again; each re-scheduled task links to its branch's original Entered.
    expect(second.events.filter((e) => e.type.endsWith('StateEntered') || e.type === 'ParallelStateStarted')).toEqual([]);
    const scheduled = second.events.filter((e) => e.type === 'TaskScheduled');
    expect(scheduled.map((e) => e.previousEventId).sort()).toEqual([entered('FailedSibling'), entered('AbortedSibling')].sort());
    expect(second.requests.map(branchOf).sort()).toEqual(['AbortedSibling', 'FailedSibling']);
    // ParallelStateSucceeded and Exited both link to the last branch's TaskStateExited.
    const exits = second.events.filter((e) => e.type === 'TaskStateExited');
    const tail = second.events.slice(-3);
    expect(tail.map((e) => `${e.type} ${e.previousEventId}`)).toEqual([
      `ParallelStateSucceeded ${exits.at(-1)?.id}`,
      `ParallelStateExited ${exits.at(-1)?.id}`,
      `ExecutionSucceeded ${tail[1]?.id}`,
    ]);
    expect(output(second)).toEqual([{ branch: 'preserved' }, { branch: 'FailedSibling', fixed: true }, { branch: 'AbortedSibling', fixed: true }]);
  });
});

describe('redrive of a failed Task', () => {
  it('schedules the task again linked to its original TaskStateEntered (no new Entered), as AWS does', async () => {
    const def = { StartAt: 'A', States: { A: { Type: 'Pass', Result: { n: 1 }, Next: 'B' }, B: task() } };
    const first = await run(def, {}, () => ({ ok: false, error: 'Flaky' }));
    const enteredB = first.events.find((e) => e.type === 'TaskStateEntered')?.id;
    const second = await run(def, {}, (req) => ({ ok: true, output: { call: req.callIndex } }), { redrive: { previousEvents: first.events, redriveCount: 1 } });
    const last = first.events.at(-1)?.id ?? 0;
    expect(shape(second.events)).toEqual([
      `${last + 1} ExecutionRedriven ${last}`,
      `${last + 2} TaskScheduled ${enteredB}`,
      `${last + 3} TaskStarted ${last + 2}`,
      `${last + 4} TaskSucceeded ${last + 3}`,
      `${last + 5} TaskStateExited ${last + 4}`,
      `${last + 6} ExecutionSucceeded ${last + 5}`,
    ]);
    // Mock configs count calls across attempts.
    expect(second.requests[0]?.callIndex).toBe(1);
  });

  it('enters a Fail state again and fails again', async () => {
    const def = { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Probe.Explicit', Cause: 'again' } } };
    const first = await run(def);
    const second = await run(def, {}, undefined, { redrive: { previousEvents: first.events, redriveCount: 1 } });
    expect(second.events.map((e) => e.type)).toEqual(['ExecutionRedriven', 'FailStateEntered', 'ExecutionFailed']);
    expect(second.outcome).toMatchObject({ status: 'FAILED', error: 'Probe.Explicit' });
  });

  it('redrives twice: the second attempt resumes from the second failure', async () => {
    const def = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'T', States: { T: task() } }, End: true } } };
    const fail =
      (n: number) =>
      (r: TaskRequest): TaskResult =>
        (r.parameters as number) === n ? { ok: false, error: 'Boom' } : { ok: true, output: r.parameters };
    const first = await run(def, [0, 1, 2], fail(1));
    const second = await run(def, [0, 1, 2], fail(1), { redrive: { previousEvents: first.events, redriveCount: 1 } });
    expect(second.outcome.status).toBe('FAILED');
    const third = await run(def, [0, 1, 2], fail(-1), { redrive: { previousEvents: [...first.events, ...second.events], redriveCount: 2 } });
    expect(third.outcome.status).toBe('SUCCEEDED');
    expect(output(third)).toEqual([0, 1, 2]);
    expect(third.requests.map((r) => r.parameters)).toEqual([1]);
  });
});

describe('planRedrive', () => {
  it('reads each lane back from the links: succeeded iterations with their output, the unfinished one at its open Task', async () => {
    const def = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'T', States: { T: task() } }, End: true } } };
    const first = await run(def, ['a', 'b', 'c'], (r) => (r.parameters === 'b' ? { ok: false, error: 'Boom' } : { ok: true, output: `${String(r.parameters)}!` }));
    const plan = planRedrive(first.events, def as unknown as MachineDef);
    const map = plan.top.state?.map;
    expect(plan.top.state?.name).toBe('M');
    expect(map?.iterations.get(0)).toEqual({ status: 'succeeded', output: 'a!' });
    expect(map?.iterations.get(2)).toEqual({ status: 'succeeded', output: 'c!' });
    const b = map?.iterations.get(1);
    expect(b?.status).toBe('unfinished');
    const enteredB = first.events.find((e) => e.type === 'TaskStateEntered' && e.details?.input === '"b"')?.id;
    expect(b?.status === 'unfinished' ? b.lane.state?.enteredId : null).toBe(enteredB);
  });
});
