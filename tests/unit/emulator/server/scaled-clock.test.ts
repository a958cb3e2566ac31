// The scaled emulator clock under load (--time-scale K): a timer that fires late sets emulated
// time to its due instant (lost real time is not multiplied by K), timers fire in emulated due
// order even when K makes them less than a real millisecond apart, and timers due at one instant
// fire together. Unscaled, emulated time is wall time.
import { describe, expect, it } from 'vitest';
import type { EmittedEvent, ExecutionHost } from '../../../../lib/emulator/engine-contract.ts';
import { runExecution } from '../../../../lib/emulator/interpreter/index.ts';
import { createClock } from '../../../../lib/emulator/server/clock.ts';

/** Blocks the event loop (the "load"), as a busy process does. */
function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin
  }
}

describe('createClock under load', () => {
  it('a timer that fires late leaves emulated time at its due instant, not K × the lag later', async () => {
    const clock = createClock(1000);
    const t0 = clock.now();
    const slept = clock.sleep(1000);
    busy(150); // 150 real ms = 150 emulated s of lag
    await slept;
    expect(clock.now() - t0).toBeGreaterThanOrEqual(1000);
    // Plus the few real ms since it fired (× 1000); without compensation it would be 150,000 more.
    expect(clock.now() - t0).toBeLessThan(1000 + 20_000);
  });

  it('fires in emulated due order when K puts the timers within one real millisecond', async () => {
    // Real time stands still while the timers are set (else a slow loop makes their due times drift).
    let frozen: number | null = Date.now();
    const clock = createClock(1000, () => frozen ?? Date.now());
    const order: number[] = [];
    const sleeps = [1500, 1200, 1900, 1300].map((ms) => clock.sleep(ms).then(() => order.push(ms)));
    frozen = null;
    await Promise.all(sleeps);
    expect(order).toEqual([1200, 1300, 1500, 1900]);
  });

  it('timers due at the same instant fire before what the first one sets off', async () => {
    const clock = createClock(1000);
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      // Set within the same synchronous turn: now() is the same, so both are due at one instant.
      clock.setTimer?.(2000, () => {
        seen.push('a');
        queueMicrotask(() => seen.push('after a'));
      });
      clock.setTimer?.(2000, () => {
        seen.push('b');
        setImmediate(resolve);
      });
    });
    expect(seen).toEqual(['a', 'b', 'after a']);
  });

  it('unscaled, emulated time stays wall time after a late timer', async () => {
    const clock = createClock(1);
    const slept = clock.sleep(5);
    busy(60);
    await slept;
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(20);
  });

  it("a Retry's gap in the history stays its interval while the process is busy (--time-scale 1000)", async () => {
    const clock = createClock(1000);
    const events: EmittedEvent[] = [];
    let calls = 0;
    const host: ExecutionHost = {
      clock,
      region: 'us-east-1',
      tasks: {
        run: async () => {
          calls += 1;
          // The load arrives while the interpreter waits out the retry interval.
          if (calls === 1) setImmediate(() => busy(200));
          return calls === 1 ? { ok: false, error: 'Busy' } : { ok: true, output: {} };
        },
      },
    };
    const outcome = await runExecution({
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:M:e1',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
      definition: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 2, MaxAttempts: 1 }], End: true } } },
      input: '{}',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      testCase: null,
      host,
      signal: new AbortController().signal,
      emit: (e) => events.push(e),
    });
    expect(outcome.status).toBe('SUCCEEDED');
    const failedAt = events.find((e) => e.type === 'TaskFailed')?.timestamp ?? NaN;
    const rescheduledAt = events.filter((e) => e.type === 'TaskScheduled')[1]?.timestamp ?? NaN;
    // 2 s, give or take the few real ms the interpreter itself takes (× 1000); 200 s without compensation.
    expect(rescheduledAt - failedAt).toBeGreaterThanOrEqual(2000);
    expect(rescheduledAt - failedAt).toBeLessThan(2000 + 30_000);
  });
});

describe('createClock timer queue', () => {
  it('cancels any of many pending timers, and the rest still fire in due order', async () => {
    let frozen: number | null = Date.now();
    const clock = createClock(1000, () => frozen ?? Date.now());
    const fired: number[] = [];
    const cancels = Array.from({ length: 200 }, (_, i) => clock.setTimer?.(((i * 37) % 200) + 1, () => fired.push(i)));
    for (let i = 0; i < 200; i += 2) cancels[i]?.();
    frozen = null;
    // 200 emulated ms: well under a real second even though every instant is its own turn.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const dueOf = (i: number) => ((i * 37) % 200) + 1;
    expect(fired).toHaveLength(100);
    expect(fired.every((i) => i % 2 === 1)).toBe(true);
    expect(fired.map(dueOf)).toEqual([...fired.map(dueOf)].sort((a, b) => a - b));
  });
});
