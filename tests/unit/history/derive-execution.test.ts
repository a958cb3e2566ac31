import { describe, expect, it } from 'vitest';
import { analyzeExecution, deriveExecution, parseHistory } from '../../../lib/history/index.ts';
import { entered, ev, execStarted, exited, failed, scheduled, started } from './build-events.ts';

function derive(wire: unknown[], fallbackStartDate?: number) {
  const events = parseHistory(wire).events;
  return deriveExecution(events, analyzeExecution(events), { fallbackStartDate: fallbackStartDate ?? null });
}

describe('deriveExecution', () => {
  it('derives the fields of a failed execution from its events', () => {
    const derived = derive([
      execStarted(0),
      entered(2, 1, 'Task', 'Charge', 1),
      scheduled(3, 2, 1),
      started(4, 3, 2),
      failed(5, 4, 'Card.Declined', 3),
      ev(6, 5, 'ExecutionFailed', { error: 'Card.Declined', cause: 'Card.Declined cause' }, 4),
    ]);
    expect(derived).toEqual({
      status: 'FAILED',
      startDate: Date.UTC(2025, 0, 15, 12, 0, 0),
      stopDate: Date.UTC(2025, 0, 15, 12, 0, 4),
      input: '{"a":1}',
      output: null,
      error: 'Card.Declined',
      cause: 'Card.Declined cause',
      redriveCount: 0,
      failure: { stateName: 'Charge', error: 'Card.Declined', cause: 'Card.Declined cause', rootCause: null },
      hasStart: true,
      gapless: true,
    });
  });

  it('gives the failure of a Catch path its root cause, and none to an aborted execution', () => {
    const caught = derive([
      execStarted(0),
      entered(2, 1, 'Task', 'Charge', 1),
      scheduled(3, 2, 1),
      started(4, 3, 2),
      failed(5, 4, 'Card.Declined', 3),
      exited(6, 5, 'Task', 'Charge', 3),
      entered(7, 6, 'Fail', 'Declined', 3),
      ev(8, 7, 'ExecutionFailed', { error: 'Order.Failed', cause: 'declined' }, 4),
    ]);
    expect(caught.failure?.stateName).toBe('Declined');
    expect(caught.failure?.error).toBe('Order.Failed');
    expect(caught.failure?.rootCause).toEqual({ stateName: 'Charge', error: 'Card.Declined' });
    const aborted = derive([execStarted(0), entered(2, 1, 'Task', 'Charge', 1), ev(3, 2, 'ExecutionAborted', {}, 2)]);
    expect(aborted.status).toBe('ABORTED');
    expect(aborted.failure).toBeNull();
  });

  it('gives a running execution no stopDate, and uses the fallback start when ExecutionStarted is missing', () => {
    const derived = derive([entered(2, 1, 'Pass', 'A', 1), exited(3, 2, 'Pass', 'A', 2)], 1234);
    expect(derived.status).toBe('RUNNING');
    expect(derived.stopDate).toBeNull();
    expect(derived.startDate).toBe(1234);
    expect(derived.hasStart).toBe(false);
    expect(derived.gapless).toBe(false);
  });

  it('reads a redriven execution as running again, with its redrive count', () => {
    const derived = derive([
      execStarted(0),
      ev(2, 1, 'ExecutionFailed', { error: 'E', cause: 'c' }, 1),
      ev(3, 2, 'ExecutionRedriven', { redriveCount: 1 }, 5),
    ]);
    expect(derived.status).toBe('RUNNING');
    expect(derived.stopDate).toBeNull();
    expect(derived.redriveCount).toBe(1);
    expect(derived.error).toBeNull();
  });

  it('does not take masked ids for missing events, but an id beyond the event count is a hole', () => {
    const events = parseHistory([execStarted(0), entered(2, 1, 'Pass', 'A', 1), exited(3, 2, 'Pass', 'A', 2), ev(4, 3, 'ExecutionSucceeded', { output: '{}' }, 3)]).events;
    const masked = events.map((event, i) => (i === 1 || i === 2 ? { ...event, id: null } : event));
    expect(deriveExecution(masked, analyzeExecution(masked)).gapless).toBe(true);
    const truncated = [masked[0], masked[1], masked[3]].filter((event) => event !== undefined);
    expect(deriveExecution(truncated, analyzeExecution(truncated)).gapless).toBe(false);
  });

  it('flags a hole in the ids', () => {
    const derived = derive([execStarted(0), exited(3, 2, 'Pass', 'A', 2), ev(4, 3, 'ExecutionSucceeded', { output: '{"x":1}' }, 3)]);
    expect(derived.gapless).toBe(false);
    expect(derived.output).toBe('{"x":1}');
  });
});
