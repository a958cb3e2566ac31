import { describe, expect, it } from 'vitest';
import {
  actionEligibility,
  MAX_START_INPUT_BYTES,
  REDRIVE_EVENT_LIMIT,
  REDRIVE_LAUNCH_MS,
  REDRIVE_WINDOW_MS,
  redriveReasons,
  startInputProblem,
  type ActionFacts,
} from '../../../lib/history/action-eligibility.ts';

const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2026, 11, 3, 10, 0, 0);

/** A Standard execution that failed an hour ago after running for a minute: redrivable. */
function failed(overrides: Partial<ActionFacts> = {}): ActionFacts {
  return { status: 'FAILED', type: 'STANDARD', startDate: NOW - 3_660_000, stopDate: NOW - 3_600_000, eventCount: 12, redriveCount: 0, ...overrides };
}

describe('redrive eligibility (AWS RedriveExecution rules)', () => {
  it('allows a failed, timed-out or aborted Standard execution within 14 days of its stop', () => {
    for (const status of ['FAILED', 'TIMED_OUT', 'ABORTED']) expect(redriveReasons(failed({ status }), NOW)).toEqual([]);
    expect(actionEligibility(failed(), NOW).redrive).toEqual({ allowed: true, reasons: [] });
  });

  it('refuses running, pending-redrive and succeeded executions, saying why', () => {
    expect(redriveReasons(failed({ status: 'RUNNING', stopDate: null }), NOW)).toEqual([expect.stringContaining('still running')]);
    expect(redriveReasons(failed({ status: 'PENDING_REDRIVE', stopDate: null }), NOW)).toEqual([expect.stringContaining('still running')]);
    expect(redriveReasons(failed({ status: 'SUCCEEDED' }), NOW)).toEqual([expect.stringContaining('It succeeded')]);
    expect(redriveReasons(failed({ status: 'WEIRD' }), NOW)[0]).toContain('"WEIRD"');
  });

  it('refuses Express executions and Map Run children', () => {
    expect(redriveReasons(failed({ type: 'EXPRESS' }), NOW)).toEqual([expect.stringContaining('Express')]);
    expect(redriveReasons(failed({ mapRunChild: true }), NOW)).toEqual([expect.stringContaining('Map Run')]);
    expect(redriveReasons(failed({ source: { redriveStatus: 'REDRIVABLE_BY_MAP_RUN', redriveStatusReason: null } }), NOW)).toEqual([expect.stringContaining('Map Run')]);
  });

  it('holds the 14-day window to the millisecond, from the stop date', () => {
    const stopDate = NOW - REDRIVE_WINDOW_MS;
    expect(redriveReasons(failed({ stopDate, startDate: stopDate - 1000 }), NOW)).toEqual([]);
    const late = redriveReasons(failed({ stopDate: stopDate - 1, startDate: stopDate - 1000 }), NOW);
    expect(late).toHaveLength(1);
    expect(late[0]).toContain('14-day redrive period ended at 2026-12-03 09:59 UTC');
    expect(redriveReasons(failed({ stopDate: null }), NOW)).toEqual([expect.stringContaining('stop date is unknown')]);
  });

  it('refuses executions started before RedriveExecution launched, or open for a year', () => {
    const old = redriveReasons(failed({ startDate: REDRIVE_LAUNCH_MS - 1, stopDate: NOW - DAY }), NOW);
    expect(old.some((r) => r.includes('before 2023-11-15'))).toBe(true);
    expect(redriveReasons(failed({ startDate: REDRIVE_LAUNCH_MS, stopDate: NOW - DAY }), Date.UTC(2023, 10, 20))).toEqual([]);
    const yearOpen = redriveReasons(failed({ startDate: NOW - 365 * DAY, stopDate: NOW - DAY }), NOW);
    expect(yearOpen).toEqual([expect.stringContaining('open for a year')]);
    expect(redriveReasons(failed({ startDate: NOW - 365 * DAY + 1, stopDate: NOW - DAY }), NOW)).toEqual([]);
  });

  it('needs room in the history for ExecutionRedriven', () => {
    expect(redriveReasons(failed({ eventCount: REDRIVE_EVENT_LIMIT - 1 }), NOW)).toEqual([]);
    expect(redriveReasons(failed({ eventCount: REDRIVE_EVENT_LIMIT }), NOW)).toEqual([expect.stringContaining(`${REDRIVE_EVENT_LIMIT} events`)]);
  });

  it('refuses when the state machine is deleted, and takes AWS at its word otherwise', () => {
    expect(redriveReasons(failed({ stateMachineStatus: 'DELETED' }), NOW)).toEqual([expect.stringContaining('deleted')]);
    expect(redriveReasons(failed({ stateMachineStatus: 'DELETING' }), NOW)).toEqual([expect.stringContaining('deleted')]);
    expect(redriveReasons(failed({ stateMachineStatus: 'ACTIVE' }), NOW)).toEqual([]);
    const aws = redriveReasons(failed({ source: { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution history event limit exceeded' } }), NOW);
    expect(aws).toEqual(['AWS says it is not redrivable: Execution history event limit exceeded']);
    expect(redriveReasons(failed({ source: { redriveStatus: 'REDRIVABLE', redriveStatusReason: null } }), NOW)).toEqual([]);
  });

  it('lists every reason that applies', () => {
    const reasons = redriveReasons({ status: 'SUCCEEDED', type: 'EXPRESS', startDate: REDRIVE_LAUNCH_MS - DAY, stopDate: REDRIVE_LAUNCH_MS, eventCount: 30_000, redriveCount: 0, stateMachineStatus: 'DELETED' }, NOW);
    expect(reasons).toHaveLength(6);
  });
});

describe('stop and start-again eligibility', () => {
  it('stops running Standard executions only', () => {
    expect(actionEligibility(failed({ status: 'RUNNING', stopDate: null }), NOW).stop).toEqual({ allowed: true, reasons: [] });
    expect(actionEligibility(failed(), NOW).stop.reasons).toEqual([expect.stringContaining('not running (FAILED)')]);
    expect(actionEligibility(failed({ status: 'RUNNING', type: 'EXPRESS' }), NOW).stop.allowed).toBe(false);
    expect(actionEligibility(failed({ status: 'RUNNING', type: 'EXPRESS', mapRunChild: true }), NOW).stop.allowed).toBe(true);
  });

  it('starts again unless the state machine is gone', () => {
    expect(actionEligibility(failed({ status: 'SUCCEEDED' }), NOW).startAgain.allowed).toBe(true);
    expect(actionEligibility(failed({ stateMachineStatus: 'DELETED' }), NOW).startAgain.allowed).toBe(false);
  });
});

describe('start-again input', () => {
  it('takes any JSON text up to 256 KiB and names the problem otherwise', () => {
    expect(startInputProblem('{"orderId": "o-1"}')).toBeNull();
    expect(startInputProblem('"just a string"')).toBeNull();
    expect(startInputProblem('{"orderId": ')).toMatch(/^input is not valid JSON \(/);
    expect(startInputProblem('')).toMatch(/not valid JSON/);
    const big = JSON.stringify({ blob: 'x'.repeat(MAX_START_INPUT_BYTES) });
    expect(startInputProblem(big)).toMatch(/StartExecution takes at most 262144/);
    // Bytes, not characters: 87,382 three-byte characters are 262,146 bytes.
    expect(startInputProblem(JSON.stringify('€'.repeat(87_382)))).toMatch(/bytes of UTF-8/);
    expect(startInputProblem(JSON.stringify('€'.repeat(87_000)))).toBeNull();
  });
});
