import { describe, expect, it } from 'vitest';
import { alertFiguresRequest, alertKey, evaluateAlerts, type AlertTransition, type FiringEpisode } from '../../../lib/alerts/index.ts';
import type { AlertFigures, EndedFailure, MachineWindowFigures } from '../../../lib/store/index.ts';
import { rule } from './rules.ts';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const MIN = 60_000;
const ORDERS = 'arn:aws:states:us-east-1:123456789012:stateMachine:order-fulfilment';
const SALES = 'arn:aws:states:us-east-1:123456789012:stateMachine:sales-etl';
const exec = (machine: string, name: string) => `${machine.replace(':stateMachine:', ':execution:')}:${name}`;

function figures(part: Partial<AlertFigures>): AlertFigures {
  return { now: NOW, ended: [], windows: [], running: [], newClusters: [], ...part };
}

function failure(machine: string, name: string, part: Partial<EndedFailure> = {}): EndedFailure {
  return {
    executionArn: exec(machine, name),
    stateMachineArn: machine,
    stateMachineName: machine.split(':').pop() as string,
    status: 'FAILED',
    stopDate: NOW - 5 * MIN,
    error: 'Payment.Declined',
    cause: 'card 4242 declined',
    stateName: 'ChargeCard',
    clusterId: 'c1',
    clusterSize: 3,
    failingRun: { ordinal: 4, mapIndex: [] },
    firedRules: [],
    ...part,
  };
}

function machine(arn: string, counts: Record<string, number>, p95Ms: number | null = null, knownDurations = 0): MachineWindowFigures {
  return { stateMachineArn: arn, stateMachineName: arn.split(':').pop() as string, counts, knownDurations, p95Ms, latestFailure: { executionArn: exec(arn, 'last'), stateName: 'Load', error: 'E', cause: 'c' } };
}

const summary = (ts: AlertTransition[]) => ts.map((t) => `${t.type} ${t.rule.name} ${t.message.subject}${t.type === 'resolve' ? ` #${t.episode}` : ''}`);

describe('evaluateAlerts', () => {
  it('asks only for the figures the rules need', () => {
    const rules = [
      rule('a', { status: ['FAILED'], lookbackMinutes: 30 }),
      rule('b', { status: ['TIMED_OUT'] }),
      rule('c', { failureRate: { above: 0.1, windowMinutes: 15 } }),
      rule('d', { durationP95Ms: { above: 100, windowMinutes: 15 } }),
      rule('e', { durationP95Ms: { above: 100, windowMinutes: 60 } }),
      rule('f', { runningLongerThanMs: 120_000 }),
      rule('g', { runningLongerThanMs: 60_000 }),
      rule('h', { newFailureCluster: { windowMinutes: 30 } }),
    ];
    expect(alertFiguresRequest(rules, new Date(NOW))).toEqual({
      now: new Date(NOW),
      endedSince: new Date(NOW - 60 * MIN),
      windowsMs: [15 * MIN, 60 * MIN],
      runningLongerThanMs: 60_000,
      newClusterWindowsMs: [30 * MIN],
    });
    expect(alertFiguresRequest([], new Date(NOW))).toMatchObject({ endedSince: null, windowsMs: [], runningLongerThanMs: null, newClusterWindowsMs: [] });
  });

  it('execution ended: once per (rule, execution), by status, machine pattern, error and lookback', () => {
    const rules = [
      rule('orders failed', { stateMachine: 'order-*', status: ['FAILED'] }),
      rule('declined', { status: ['FAILED', 'TIMED_OUT'], error: 'Payment.*' }),
      rule('timeouts', { stateMachine: SALES, status: ['TIMED_OUT'], lookbackMinutes: 10 }),
    ];
    const ended = [
      failure(ORDERS, 'a'),
      failure(ORDERS, 'b', { firedRules: ['orders failed'] }),
      failure(SALES, 'c', { status: 'TIMED_OUT', error: 'States.Timeout' }),
      failure(SALES, 'old', { status: 'TIMED_OUT', error: 'States.Timeout', stopDate: NOW - 11 * MIN }),
    ];
    const out = evaluateAlerts(rules, figures({ ended }), []);
    expect(summary(out)).toEqual([`event orders failed ${exec(ORDERS, 'a')}`, `event declined ${exec(ORDERS, 'a')}`, `event declined ${exec(ORDERS, 'b')}`, `event timeouts ${exec(SALES, 'c')}`]);
    expect(out[0]?.message).toMatchObject({
      rule: 'orders failed',
      kind: 'status',
      state: 'firing',
      executionArn: exec(ORDERS, 'a'),
      stateMachineArn: ORDERS,
      stateMachineName: 'order-fulfilment',
      stateName: 'ChargeCard',
      error: 'Payment.Declined',
      cause: 'card 4242 declined',
      failingRun: { ordinal: 4, mapIndex: [] },
      clusterSize: 3,
      at: NOW,
    });
  });

  it('failure rate: fires per machine above the threshold with enough finished executions, resolves when it drops', () => {
    const rate = rule('rate', { failureRate: { above: 0.2, windowMinutes: 15, minExecutions: 10 } });
    const windows = (orders: Record<string, number>, sales: Record<string, number>) => [{ windowMs: 15 * MIN, machines: [machine(ORDERS, orders), machine(SALES, sales)] }];
    // Orders: 3 failed of 10 finished (0.3 > 0.2; running ones do not count); sales: 5 of 5, too few.
    const first = evaluateAlerts([rate], figures({ windows: windows({ SUCCEEDED: 7, FAILED: 2, TIMED_OUT: 1, RUNNING: 40 }, { FAILED: 5 }) }), []);
    expect(summary(first)).toEqual([`fire rate ${ORDERS}`]);
    expect(first[0]?.message).toMatchObject({ value: 0.3, threshold: 0.2, windowMinutes: 15, executionArn: null, sampleExecutionArn: exec(ORDERS, 'last'), stateName: 'Load', since: NOW });
    const firing: FiringEpisode[] = [{ rule: 'rate', subject: ORDERS, episode: 3, since: NOW - MIN, stateMachineArn: ORDERS }];
    // Still above: nothing new.
    expect(evaluateAlerts([rate], figures({ windows: windows({ SUCCEEDED: 7, FAILED: 3 }, {}) }), firing)).toEqual([]);
    // Exactly at the threshold is not above it: resolves episode 3.
    const resolved = evaluateAlerts([rate], figures({ windows: windows({ SUCCEEDED: 8, FAILED: 2 }, {}) }), firing);
    expect(summary(resolved)).toEqual([`resolve rate ${ORDERS} #3`]);
    expect(resolved[0]?.message).toMatchObject({ state: 'resolved', value: 0.2, since: NOW - MIN, stateMachineName: 'order-fulfilment' });
    // No executions in the window any more: resolves too (value unknown).
    const gone = evaluateAlerts([rate], figures({ windows: [{ windowMs: 15 * MIN, machines: [] }] }), firing);
    expect(gone[0]?.message).toMatchObject({ state: 'resolved', value: null });
  });

  it('p95 duration: over the known durations with a minimum count; the pattern picks machines', () => {
    const slow = rule('slow', { stateMachine: 'sales-*', durationP95Ms: { above: 1_000, windowMinutes: 60, minExecutions: 5 } });
    const w = [{ windowMs: 60 * MIN, machines: [machine(ORDERS, { SUCCEEDED: 9 }, 5_000, 9), machine(SALES, { SUCCEEDED: 9 }, 1_500, 9)] }];
    expect(summary(evaluateAlerts([slow], figures({ windows: w }), []))).toEqual([`fire slow ${SALES}`]);
    const few = [{ windowMs: 60 * MIN, machines: [machine(SALES, { SUCCEEDED: 4 }, 9_000, 4)] }];
    expect(evaluateAlerts([slow], figures({ windows: few }), [])).toEqual([]);
  });

  it('running longer than a limit: fires per execution, resolves when it is no longer running long', () => {
    const stuck = rule('stuck', { runningLongerThanMs: 600_000 });
    const running = [
      { executionArn: exec(ORDERS, 'long'), stateMachineArn: ORDERS, stateMachineName: 'order-fulfilment', startDate: NOW - 11 * MIN },
      { executionArn: exec(ORDERS, 'short'), stateMachineArn: ORDERS, stateMachineName: 'order-fulfilment', startDate: NOW - 9 * MIN },
    ];
    const out = evaluateAlerts([stuck], figures({ running }), []);
    expect(summary(out)).toEqual([`fire stuck ${exec(ORDERS, 'long')}`]);
    expect(out[0]?.message).toMatchObject({ executionArn: exec(ORDERS, 'long'), value: 11 * MIN, threshold: 600_000 });
    const ended = evaluateAlerts([stuck], figures({ running: [] }), [{ rule: 'stuck', subject: exec(ORDERS, 'long'), episode: 1, since: NOW - MIN, stateMachineArn: ORDERS }]);
    expect(summary(ended)).toEqual([`resolve stuck ${exec(ORDERS, 'long')} #1`]);
    expect(ended[0]?.message).toMatchObject({ executionArn: exec(ORDERS, 'long'), stateMachineName: 'order-fulfilment' });
  });

  it('new failure cluster: once per (rule, cluster), filtered by machine and error', () => {
    const rules = [rule('new', { newFailureCluster: { windowMinutes: 30 } }), rule('new payment', { newFailureCluster: { windowMinutes: 30 }, error: 'Payment.*' })];
    const cluster = (id: string, error: string, firedRules: string[] = []) => ({
      clusterId: id,
      stateMachineArn: ORDERS,
      stateMachineName: 'order-fulfilment',
      stateName: 'ChargeCard',
      error,
      causePattern: 'card <n> declined',
      count: 2,
      firstSeen: NOW - 20 * MIN,
      sample: { executionArn: exec(ORDERS, id), stateName: 'ChargeCard', error, cause: 'card 1 declined', failingRun: { ordinal: 2, mapIndex: [1] } },
      firedRules,
    });
    const out = evaluateAlerts(rules, figures({ newClusters: [{ windowMs: 30 * MIN, clusters: [cluster('k1', 'Payment.Declined'), cluster('k2', 'States.Timeout'), cluster('k3', 'Payment.Declined', ['new', 'new payment'])] }] }), []);
    expect(summary(out)).toEqual(['event new k1', 'event new k2', 'event new payment k1']);
    expect(out[0]?.message).toMatchObject({ executionArn: exec(ORDERS, 'k1'), clusterId: 'k1', clusterSize: 2, failingRun: { ordinal: 2, mapIndex: [1] }, windowMinutes: 30 });
  });

  it('keys name the rule, subject, episode and state', () => {
    expect(alertKey('rate', ORDERS, 2, 'resolved')).toBe(`rate|${ORDERS}|2|resolved`);
  });
});
