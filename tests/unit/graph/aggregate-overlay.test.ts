import { describe, expect, it } from 'vitest';
import {
  AGGREGATE_LEVELS,
  AGGREGATE_METRICS,
  AGGREGATE_METRIC_DEFINITIONS,
  aggregateOverlay,
  formatDurationShort,
  formatRate,
  isAggregateMetric,
  legendSteps,
  metricDomain,
  metricLevel,
} from '../../../lib/graph/aggregate-overlay.ts';
import type { StateStats } from '../../../lib/metrics/state-stats.ts';

function stats(stateName: string, figures: Partial<Omit<StateStats, 'stateName' | 'durationMs'>> & { durationMs?: Partial<StateStats['durationMs']> } = {}): StateStats {
  const { durationMs, ...counts } = figures;
  return {
    stateName,
    runs: 10,
    failed: 0,
    caught: 0,
    aborted: 0,
    attempts: 10,
    retriedRuns: 0,
    ...counts,
    durationMs: { p50: null, p95: null, p99: null, max: null, ...durationMs },
  };
}

const WORST = AGGREGATE_LEVELS - 1;

// The demo's sales-etl, as its window looks: TransformRecord fails most (a crashed runtime),
// ExtractBatch is caught now and then, RejectRecord never fails, LoadPartitions has no run yet.
const SALES_ETL = [
  stats('ExtractBatch', { runs: 40, failed: 1, caught: 3, attempts: 52, retriedRuns: 8, durationMs: { p50: 120, p95: 900, p99: 2400, max: 2500 } }),
  stats('TransformRecords', { runs: 40, failed: 4, attempts: 0, durationMs: { p50: 4_000, p95: 9_000, p99: 12_000, max: 12_500 } }),
  stats('TransformRecord', { runs: 1200, failed: 240, caught: 60, attempts: 1300, retriedRuns: 90, durationMs: { p50: 40, p95: 300, p99: 800, max: 900 } }),
  stats('RejectRecord', { runs: 60, attempts: 0, durationMs: { p50: 1, p95: 2, p99: 2, max: 3 } }),
  stats('ReportFailure', { runs: 8, attempts: 8, durationMs: { p50: 50, p95: 60, p99: 60, max: 61 } }),
];
const GRAPH_STATES = ['ExtractBatch', 'TransformRecords', 'TransformRecord', 'RejectRecord', 'LoadPartitions', 'ReportFailure', 'BatchFailed', 'TransformRecord'];

describe('aggregateOverlay', () => {
  it('paints the state with the highest failure rate in the worst colour, and only it', () => {
    const overlay = aggregateOverlay(SALES_ETL, GRAPH_STATES, 'failureRate');
    expect(overlay.worst).toBe('TransformRecord');
    expect(overlay.nodes.TransformRecord).toMatchObject({ category: 'value', value: 0.2, level: WORST, label: '20 %' });
    const levels = Object.values(overlay.nodes).filter((n) => n.category === 'value' && n.level === WORST);
    expect(levels.map((n) => n.stateName)).toEqual(['TransformRecord']);
    // 0 % is the calmest colour; TransformRecords (10 %) and ExtractBatch (2.5 %) sit between.
    expect(overlay.nodes.RejectRecord).toMatchObject({ level: 0, label: '0 %' });
    expect(overlay.nodes.TransformRecords).toMatchObject({ level: 2, label: '10 %' });
    expect(overlay.nodes.ExtractBatch).toMatchObject({ level: 0, label: '2.5 %' });
    expect(overlay.domain).toEqual({ lo: 0, hi: 0.2 });
    expect(overlay.range).toBe('0 % – 20 %');
  });

  it('marks states without runs as no-runs, off the scale, and names ran states the graph lacks', () => {
    const overlay = aggregateOverlay([...SALES_ETL, stats('OldStep', { runs: 3, failed: 3 }), stats('Idle', { runs: 0 })], [...GRAPH_STATES, 'Idle'], 'failureRate');
    for (const name of ['LoadPartitions', 'BatchFailed', 'Idle']) {
      expect(overlay.nodes[name]).toMatchObject({ category: 'no-runs', value: null, level: null, label: 'no runs' });
    }
    // A state that ran under an earlier revision is not in the graph: it is listed, and its
    // 100 % failure rate does not stretch the scale of the states shown.
    expect(overlay.unplaced).toEqual(['OldStep']);
    expect(overlay.worst).toBe('TransformRecord');
    expect(overlay.domain).toEqual({ lo: 0, hi: 0.2 });
    // One entry per name, even when a name repeats in several scopes.
    expect(Object.keys(overlay.nodes).sort()).toEqual([...new Set([...GRAPH_STATES, 'Idle'])].sort());
  });

  it('gives no value (no-data) where a metric does not apply: attempts of states that make no calls, unknown durations', () => {
    const attempts = aggregateOverlay(SALES_ETL, GRAPH_STATES, 'avgAttempts');
    expect(attempts.nodes.TransformRecords).toMatchObject({ category: 'no-data', level: null, label: '—' });
    expect(attempts.nodes.RejectRecord?.category).toBe('no-data');
    expect(attempts.worst).toBe('ExtractBatch'); // 52 / 40 = 1.3
    expect(attempts.nodes.ExtractBatch).toMatchObject({ level: WORST, label: '×1.3' });
    expect(attempts.nodes.ReportFailure).toMatchObject({ level: 0, label: '×1' });
    expect(attempts.domain).toEqual({ lo: 1, hi: 1.3 });

    const unknown = aggregateOverlay([stats('A', { durationMs: {} }), stats('B', { durationMs: { p95: 100 } })], ['A', 'B'], 'p95');
    expect(unknown.nodes.A?.category).toBe('no-data');
    expect(unknown.nodes.B).toMatchObject({ category: 'value', label: '100 ms' });
  });

  it('scales durations on a log scale from the fastest to the slowest state', () => {
    const overlay = aggregateOverlay(SALES_ETL, GRAPH_STATES, 'p99');
    expect(overlay.worst).toBe('TransformRecords');
    expect(overlay.domain).toEqual({ lo: 2, hi: 12_000 });
    expect(overlay.range).toBe('2 ms – 12 s');
    expect(overlay.nodes.TransformRecords).toMatchObject({ level: WORST, label: '12 s' });
    expect(overlay.nodes.RejectRecord).toMatchObject({ level: 0, label: '2 ms' });
    // 60 ms is log-position ln(30)/ln(6000) ≈ 0.39 of the way: level 1 of 5.
    expect(overlay.nodes.ReportFailure?.level).toBe(1);
    expect(overlay.legend.at(-1)?.label).toBe('2.11 s – 12 s');
    expect(overlay.legend[0]?.label).toBe('2 ms – 11 ms');
  });

  it('uses the volume scale for runs (more, not worse)', () => {
    const overlay = aggregateOverlay(SALES_ETL, GRAPH_STATES, 'runs');
    expect(overlay.metric.scale).toBe('volume');
    expect(overlay.worst).toBe('TransformRecord');
    expect(overlay.nodes.TransformRecord).toMatchObject({ level: WORST, label: '1200' });
    expect(overlay.nodes.ReportFailure?.level).toBe(0);
  });

  it('breaks ties by name and keeps a calm scale when every rate is 0', () => {
    const tie = aggregateOverlay([stats('B', { failed: 5 }), stats('A', { failed: 5 }), stats('C')], ['C', 'B', 'A'], 'failureRate');
    expect(tie.worst).toBe('A');
    expect(tie.nodes.A?.level).toBe(WORST);
    expect(tie.nodes.B?.level).toBe(WORST);
    expect(tie.nodes.C?.level).toBe(0);

    const calm = aggregateOverlay([stats('A'), stats('B')], ['A', 'B'], 'failureRate');
    expect(calm.domain).toEqual({ lo: 0, hi: 0 });
    expect(calm.nodes.A?.level).toBe(0);
    expect(calm.legend).toEqual([{ level: 0, label: '0 %' }]);
    expect(calm.range).toBe('all 0 %');
    // worst is the first name with the highest value, even at 0: the legend still names it.
    expect(calm.worst).toBe('A');
  });

  it('has no domain and an empty legend when no state ran', () => {
    const overlay = aggregateOverlay([], ['A', 'B'], 'failureRate');
    expect(overlay.domain).toBeNull();
    expect(overlay.legend).toEqual([]);
    expect(overlay.worst).toBeNull();
    expect(overlay.range).toBeNull();
    expect(overlay.nodes.A?.category).toBe('no-runs');
  });

  it('writes every figure of a state in its tooltip', () => {
    const overlay = aggregateOverlay(SALES_ETL, GRAPH_STATES, 'failureRate');
    expect(overlay.nodes.TransformRecord?.title).toBe(
      [
        'TransformRecord',
        '1200 runs · 240 failed · 60 caught · 0 aborted',
        'failure rate 20 % · caught 5 % · retried 7.5 %',
        'average attempts 1.08',
        'duration p50 40 ms · p95 300 ms · p99 800 ms · max 900 ms',
      ].join('\n'),
    );
  });
});

describe('the scale and its legend', () => {
  it('cuts a rate domain into equal steps, calmest first, the top value in the worst', () => {
    const domain = metricDomain('rate', [0.05, 0.2, 0]);
    expect(domain).toEqual({ lo: 0, hi: 0.2 });
    const legend = legendSteps('rate', domain as { lo: number; hi: number });
    expect(legend.map((s) => s.label)).toEqual(['0 % – 4 %', '4 % – 8 %', '8 % – 12 %', '12 % – 16 %', '16 % – 20 %']);
    expect(legend.map((s) => s.level)).toEqual([0, 1, 2, 3, 4]);
    // Each step's values get its level: its lower edge in, its upper edge in the next.
    const d = domain as { lo: number; hi: number };
    expect([0, 0.039, 0.04, 0.119, 0.16, 0.2].map((v) => metricLevel('rate', d, v))).toEqual([0, 0, 1, 2, 4, 4]);
  });

  it('starts average attempts at 1 (never retried) and durations at the fastest value', () => {
    expect(metricDomain('attempts', [1, 1.5])).toEqual({ lo: 1, hi: 1.5 });
    expect(metricDomain('attempts', [])).toBeNull();
    expect(metricDomain('duration', [0, 50, 5000])).toEqual({ lo: 1, hi: 5000 });
    expect(metricDomain('count', [3, 9])).toEqual({ lo: 0, hi: 9 });
  });

  it('every metric has a label, a description and a scale; the picker accepts only them', () => {
    for (const metric of AGGREGATE_METRICS) {
      const def = AGGREGATE_METRIC_DEFINITIONS[metric];
      expect(def.metric).toBe(metric);
      expect(def.label.length).toBeGreaterThan(0);
      expect(def.description.length).toBeGreaterThan(0);
      expect(isAggregateMetric(metric)).toBe(true);
    }
    expect(isAggregateMetric('constructor')).toBe(false);
    expect(isAggregateMetric(undefined)).toBe(false);
  });

  it('formats figures compactly enough for a node', () => {
    expect([0, 0.0004, 0.025, 0.125, 0.5, 1].map(formatRate)).toEqual(['0 %', '0.04 %', '2.5 %', '13 %', '50 %', '100 %']);
    expect([340, 1234, 75_000, 5_400_000, 2 * 86_400_000].map(formatDurationShort)).toEqual(['340 ms', '1.23 s', '1.3 min', '1.5 h', '2 d']);
  });
});
