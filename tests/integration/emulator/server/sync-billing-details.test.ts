// StartSyncExecution's billingDetails as AWS reports them (reference/sfn-facts.md §2.1, §4.1):
// billedDurationInMilliseconds is the execution's duration rounded up to the next 100 ms (at least
// 100 ms: a trivial run is billed 100 ms, as recorded against AWS in LocalStack's
// test_start_sync_execution snapshot), billedMemoryUsedInMB whole 64 MB chunks; for succeeded,
// failed and timed-out executions alike. These figures feed lib/metrics' Express cost.
import { CreateStateMachineCommand, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_ARN, startTestEmulator, type TestEmulator } from '../../../helpers/emulator.ts';

let t: TestEmulator;

beforeAll(async () => {
  // Emulated time 10× the wall clock: a 1 s Wait takes 100 ms.
  t = await startTestEmulator({ timeScale: 10 });
});
afterAll(async () => {
  await t?.close();
});

async function express(name: string, states: Record<string, unknown>, startAt: string, extra: Record<string, unknown> = {}): Promise<string> {
  const definition = JSON.stringify({ StartAt: startAt, States: states, ...extra });
  const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({ name, type: 'EXPRESS', definition, roleArn: ROLE_ARN }));
  return stateMachineArn!;
}

/** The response's duration (stopDate − startDate, ms) and the billing AWS would give it. */
function durationAndExpectedBilling(out: { startDate?: Date; stopDate?: Date }): { durationMs: number; billed: number } {
  const durationMs = out.stopDate!.getTime() - out.startDate!.getTime();
  return { durationMs, billed: Math.max(100, Math.ceil(durationMs / 100) * 100) };
}

describe('StartSyncExecution billingDetails', () => {
  it('bills a trivial run the 100 ms / 64 MB minimum', async () => {
    const arn = await express('Trivial', { Done: { Type: 'Pass', End: true } }, 'Done');
    const out = await t.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    expect(out.status).toBe('SUCCEEDED');
    const { durationMs, billed } = durationAndExpectedBilling(out);
    expect(out.billingDetails).toEqual({ billedDurationInMilliseconds: billed, billedMemoryUsedInMB: 64 });
    if (durationMs <= 100) expect(out.billingDetails?.billedDurationInMilliseconds).toBe(100);
  });

  it('rounds a longer duration up to the next 100 ms, for succeeded, failed and timed-out runs', async () => {
    const napThenOk = await express('NapOk', { Nap: { Type: 'Wait', Seconds: 1, Next: 'Ok' }, Ok: { Type: 'Succeed' } }, 'Nap');
    const napThenFail = await express('NapFail', { Nap: { Type: 'Wait', Seconds: 1, Next: 'Boom' }, Boom: { Type: 'Fail', Error: 'E', Cause: 'c' } }, 'Nap');
    const tooLong = await express('TooLong', { Nap: { Type: 'Wait', Seconds: 30, End: true } }, 'Nap', { TimeoutSeconds: 2 });
    for (const [arn, status] of [
      [napThenOk, 'SUCCEEDED'],
      [napThenFail, 'FAILED'],
      [tooLong, 'TIMED_OUT'],
    ] as const) {
      const out = await t.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: '{}' }));
      expect(out.status).toBe(status);
      const { durationMs, billed } = durationAndExpectedBilling(out);
      expect(durationMs).toBeGreaterThanOrEqual(status === 'TIMED_OUT' ? 2000 : 1000);
      expect(out.billingDetails).toEqual({ billedDurationInMilliseconds: billed, billedMemoryUsedInMB: 64 });
      const billedMs = out.billingDetails!.billedDurationInMilliseconds!;
      expect(billedMs % 100).toBe(0);
      expect(billedMs - durationMs).toBeGreaterThanOrEqual(0);
      expect(billedMs - durationMs).toBeLessThan(100);
      expect(out.billingDetails!.billedMemoryUsedInMB! % 64).toBe(0);
    }
  });
});
