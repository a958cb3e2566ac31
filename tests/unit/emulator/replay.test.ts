// replayExecution's own guarantees: a definition the emulator would refuse is refused with its
// errors; a definition that never ends is stopped at the event limit; a state named like an
// Object.prototype member reads no inherited outcome; unowned (masked) outcomes are handed out in order.
import { describe, expect, it } from 'vitest';
import { REPLAY_LIMIT_ERROR, ReplayDefinitionError, replayExecution, type ReplayRequest } from '../../../lib/emulator/replay.ts';

const base: Omit<ReplayRequest, 'definition'> = {
  input: '{}',
  outcomes: { byState: {}, unowned: [] },
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:M:e',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
  roleArn: 'arn:aws:iam::123456789012:role/r',
};

describe('replayExecution', () => {
  it('refuses a definition with structural errors, naming them', async () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } };
    const error = await replayExecution({ ...base, definition }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayDefinitionError);
    expect((error as ReplayDefinitionError).diagnostics.map((d) => d.message)).toEqual([
      "MISSING_TRANSITION_TARGET: State 'A' transitions to 'Nowhere', which does not exist.",
      'MISSING_TERMINAL_STATE: No state ends the state machine (End, Succeed or Fail).',
    ]);
  });

  it('stops a replay that never ends at the event limit', async () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' }, C: { Type: 'Succeed' } } };
    const run = await replayExecution({ ...base, definition, maxEvents: 500 });
    expect(run.limitReached).toBe(true);
    expect(run.outcome).toMatchObject({ status: 'ABORTED', error: REPLAY_LIMIT_ERROR });
    expect(run.events.length).toBeGreaterThanOrEqual(500);
    expect(run.events.length).toBeLessThan(510);
  });

  it('reads outcomes of own state names only, and hands out unowned ones in order', async () => {
    const definition = {
      StartAt: 'constructor',
      States: {
        constructor: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Second' }], Next: 'Second' },
        Second: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true },
      },
    };
    const run = await replayExecution({ ...base, definition, outcomes: { byState: { Second: [] }, unowned: [{ Return: 'one' }, { Return: 'two' }] } });
    expect(run.outcome).toEqual({ status: 'SUCCEEDED', output: '"two"' });
    const own = await replayExecution({ ...base, definition, outcomes: { byState: {}, unowned: [] } });
    expect(own.events.find((e) => e.type === 'TaskFailed')?.details).toMatchObject({ error: 'States.TaskFailed', cause: "The recording has no call 0 of state 'constructor' (it made 0)" });
  });
});
