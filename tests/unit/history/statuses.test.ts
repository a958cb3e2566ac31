import { describe, expect, it } from 'vitest';
import {
  endsWithError,
  EXECUTION_SEVERITY_ORDER,
  EXECUTION_STATUSES,
  isFailure,
  isStateRunStatus,
  isTerminal,
  NODE_STATUSES,
  NOT_STARTED,
  SEVERITY_ORDER,
  severity,
  STATE_RUN_STATUSES,
  worseStatus,
  type AnyStatus,
} from '../../../lib/history/index.ts';

// The vocabulary, one row per status word: [terminal, failure, ends with an error].
const TABLE: Record<AnyStatus, [boolean, boolean, boolean]> = {
  RUNNING: [false, false, false],
  PENDING_REDRIVE: [false, false, false],
  NOT_STARTED: [false, false, false],
  SUCCEEDED: [true, false, false],
  FAILED: [true, true, true],
  TIMED_OUT: [true, true, true],
  ABORTED: [true, true, false],
  CAUGHT: [true, true, false],
};

describe('status vocabulary', () => {
  it('has AWS ExecutionStatus (with PENDING_REDRIVE), the run statuses and NOT_STARTED for nodes', () => {
    expect(EXECUTION_STATUSES).toEqual(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']);
    expect(STATE_RUN_STATUSES).toEqual(['SUCCEEDED', 'FAILED', 'CAUGHT', 'ABORTED', 'RUNNING']);
    expect(NODE_STATUSES).toEqual([...STATE_RUN_STATUSES, NOT_STARTED]);
    expect(new Set([...EXECUTION_STATUSES, ...NODE_STATUSES])).toEqual(new Set(Object.keys(TABLE)));
  });

  it.each(Object.entries(TABLE))('%s: isTerminal / isFailure / endsWithError', (status, [terminal, failure, error]) => {
    expect(isTerminal(status)).toBe(terminal);
    expect(isFailure(status)).toBe(failure);
    expect(endsWithError(status)).toBe(error);
  });

  it('knows which vocabulary a word belongs to, and nothing else', () => {
    expect(STATE_RUN_STATUSES.every(isStateRunStatus)).toBe(true);
    expect(isStateRunStatus('TIMED_OUT')).toBe(false);
    expect(isStateRunStatus(NOT_STARTED)).toBe(false);
    for (const odd of ['', 'failed', 'constructor', '__proto__', 'toString', 42, null, undefined]) {
      expect(isStateRunStatus(odd)).toBe(false);
      if (typeof odd === 'string') {
        expect(isTerminal(odd)).toBe(false);
        expect(isFailure(odd)).toBe(false);
        expect(severity(odd)).toBe(0);
      }
    }
  });

  it('orders run and node statuses FAILED > CAUGHT > ABORTED > RUNNING > SUCCEEDED > NOT_STARTED', () => {
    expect(SEVERITY_ORDER).toEqual(['FAILED', 'CAUGHT', 'ABORTED', 'RUNNING', 'SUCCEEDED', 'NOT_STARTED']);
    const ranks = SEVERITY_ORDER.map(severity);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(severity(NOT_STARTED)).toBe(0);
  });

  it('orders execution statuses worst first', () => {
    expect(EXECUTION_SEVERITY_ORDER).toEqual(['FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE', 'RUNNING', 'SUCCEEDED']);
    expect(new Set(EXECUTION_SEVERITY_ORDER)).toEqual(new Set(EXECUTION_STATUSES));
  });

  it('takes the worse status (ties keep the first)', () => {
    for (const a of NODE_STATUSES) {
      for (const b of NODE_STATUSES) {
        const w = worseStatus(a, b);
        expect(w).toBe(severity(b) > severity(a) ? b : a);
        expect(severity(w)).toBe(Math.max(severity(a), severity(b)));
      }
    }
    expect(worseStatus(null, 'RUNNING')).toBe('RUNNING');
  });
});
