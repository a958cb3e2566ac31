// The aggregate overlay of the state machine page: per-state statistics of a window (lib/metrics
// StateStats, GET /api/state-machines/{arn}/states) → for each state of the graph, the value of the
// chosen metric, its colour level on a sequential scale, the figure written on the node and a
// tooltip; and the legend that explains the scale. Pure: components/state-machine draws it.
//
// Scale: AGGREGATE_LEVELS equal steps over the domain of the states shown that have a value —
// [0, max] for rates and counts (so 0 % is always the calmest colour and the state with the highest
// rate the hottest), [1, max] for average attempts (1 = never retried), and [min, max] on a log scale
// for durations (they spread over orders of magnitude). A state without runs in the window is
// `no-runs`; one with runs but no value for the metric (durations unknown, or no attempts because it
// is not a Task) is `no-data`: both drawn in a neutral colour, never on the scale.
import type { StateStats } from '../metrics/state-stats.ts';

export const AGGREGATE_METRICS = ['failureRate', 'caughtRate', 'retriedRate', 'avgAttempts', 'p50', 'p95', 'p99', 'runs'] as const;
export type AggregateMetric = (typeof AGGREGATE_METRICS)[number];
export const DEFAULT_AGGREGATE_METRIC: AggregateMetric = 'failureRate';

/** Number of colour steps of the scale (level 0 = calmest … AGGREGATE_LEVELS − 1 = worst / most). */
export const AGGREGATE_LEVELS = 5;

type MetricKind = 'rate' | 'attempts' | 'duration' | 'count';

export interface AggregateMetricDefinition {
  metric: AggregateMetric;
  /** Short name for the picker. */
  label: string;
  /** One sentence for the legend: what the value is. */
  description: string;
  kind: MetricKind;
  /** `risk`: higher is worse (green → red); `volume`: higher is more, not worse (a blue ramp). */
  scale: 'risk' | 'volume';
  value(stats: StateStats): number | null;
}

const rate = (count: number, runs: number) => (runs > 0 ? count / runs : null);

export const AGGREGATE_METRIC_DEFINITIONS: Readonly<Record<AggregateMetric, AggregateMetricDefinition>> = {
  failureRate: {
    metric: 'failureRate',
    label: 'Failure rate',
    description: 'share of the state’s runs that failed (FAILED; a caught error is not a failure)',
    kind: 'rate',
    scale: 'risk',
    value: (s) => rate(s.failed, s.runs),
  },
  caughtRate: {
    metric: 'caughtRate',
    label: 'Caught-error rate',
    description: 'share of the state’s runs whose error its Catch sent elsewhere (CAUGHT)',
    kind: 'rate',
    scale: 'risk',
    value: (s) => rate(s.caught, s.runs),
  },
  retriedRate: {
    metric: 'retriedRate',
    label: 'Retried runs',
    description: 'share of the state’s runs that needed more than one attempt',
    kind: 'rate',
    scale: 'risk',
    value: (s) => rate(s.retriedRuns, s.runs),
  },
  avgAttempts: {
    metric: 'avgAttempts',
    label: 'Average attempts',
    description: 'attempts per run (1 = never retried); states that make no calls have none',
    kind: 'attempts',
    scale: 'risk',
    value: (s) => (s.attempts > 0 && s.runs > 0 ? s.attempts / s.runs : null),
  },
  p50: { metric: 'p50', label: 'Duration p50', description: 'median run duration (nearest rank)', kind: 'duration', scale: 'risk', value: (s) => s.durationMs.p50 },
  p95: { metric: 'p95', label: 'Duration p95', description: '95th percentile of run duration (nearest rank)', kind: 'duration', scale: 'risk', value: (s) => s.durationMs.p95 },
  p99: { metric: 'p99', label: 'Duration p99', description: '99th percentile of run duration (nearest rank)', kind: 'duration', scale: 'risk', value: (s) => s.durationMs.p99 },
  runs: {
    metric: 'runs',
    label: 'Runs',
    description: 'entries into the state (Map iterations and Parallel branches each count)',
    kind: 'count',
    scale: 'volume',
    value: (s) => s.runs,
  },
};

export function isAggregateMetric(value: unknown): value is AggregateMetric {
  return typeof value === 'string' && (AGGREGATE_METRICS as readonly string[]).includes(value);
}

export type NodeHeatCategory = 'value' | 'no-runs' | 'no-data';

export interface NodeHeat {
  stateName: string;
  category: NodeHeatCategory;
  value: number | null;
  /** Colour level in [0, AGGREGATE_LEVELS); null unless category is `value`. */
  level: number | null;
  /** The figure written on the node ("12.5 %", "1.2 s", "no runs"). */
  label: string;
  /** Every figure of the state, one per line (the node's tooltip). */
  title: string;
}

export interface LegendStep {
  level: number;
  /** The values this colour stands for ("0 % – 5 %"). */
  label: string;
}

export interface AggregateOverlay {
  metric: AggregateMetricDefinition;
  /** The scale's ends (the metric's unit: a fraction for rates, ms for durations); null when no state has a value. */
  domain: { lo: number; hi: number } | null;
  /** One step per level, calmest first; empty when domain is null. */
  legend: LegendStep[];
  /** By state name (every name asked for). */
  nodes: Record<string, NodeHeat>;
  /** The state with the highest value (ties: the first name in code-unit order); null when none has one. */
  worst: string | null;
  /**
   * The scale's span as the legend says it ("0 % – 20 %", "2 ms – 12 s"), or "all 0 %" when every
   * state shown has the same value (then no state is worse than another); null without a domain.
   */
  range: string | null;
  /** States that have runs in the window but are not in the graph (renamed or removed by a later revision). */
  unplaced: string[];
}

// ── formatting (compact: the figure must fit on a node) ────────────────────────────────────────

/** 0.125 → "12.5 %", 0.5 → "50 %", 0.0004 → "0.04 %", 0 → "0 %". */
export function formatRate(fraction: number): string {
  const pct = fraction * 100;
  if (pct === 0) return '0 %';
  if (pct < 0.1) return `${pct.toFixed(2)} %`;
  if (pct < 10) return `${trim(pct.toFixed(1))} %`;
  return `${Math.round(pct)} %`;
}

/** 340 → "340 ms", 1234 → "1.23 s", 75_000 → "1.3 min", 5_400_000 → "1.5 h", 2 days → "2 d". */
export function formatDurationShort(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trim((ms / 1000).toFixed(ms < 10_000 ? 2 : 1))} s`;
  if (ms < 3_600_000) return `${trim((ms / 60_000).toFixed(1))} min`;
  if (ms < 86_400_000) return `${trim((ms / 3_600_000).toFixed(1))} h`;
  return `${trim((ms / 86_400_000).toFixed(1))} d`;
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function formatCount(n: number): string {
  return n >= 10_000 ? `${trim((n / 1000).toFixed(n >= 100_000 ? 0 : 1))}k` : String(Math.round(n));
}

/** A value of a metric as written on a node and in the legend. */
export function formatMetricValue(kind: MetricKind, value: number): string {
  switch (kind) {
    case 'rate':
      return formatRate(value);
    case 'attempts':
      return `×${trim(value.toFixed(2))}`;
    case 'duration':
      return formatDurationShort(value);
    case 'count':
      return formatCount(value);
  }
}

function statsTitle(stats: StateStats): string {
  const { durationMs: d } = stats;
  const lines = [
    `${stats.runs} run${stats.runs === 1 ? '' : 's'} · ${stats.failed} failed · ${stats.caught} caught · ${stats.aborted} aborted`,
    `failure rate ${formatRate(stats.failed / stats.runs)} · caught ${formatRate(stats.caught / stats.runs)} · retried ${formatRate(stats.retriedRuns / stats.runs)}`,
  ];
  if (stats.attempts > 0) lines.push(`average attempts ${trim((stats.attempts / stats.runs).toFixed(2))}`);
  lines.push(
    d.p50 === null
      ? 'durations unknown'
      : `duration p50 ${formatDurationShort(d.p50)} · p95 ${formatDurationShort(d.p95 ?? d.p50)} · p99 ${formatDurationShort(d.p99 ?? d.p50)} · max ${formatDurationShort(d.max ?? d.p50)}`,
  );
  return lines.join('\n');
}

// ── the scale ──────────────────────────────────────────────────────────────────────────────────

/** The domain of a metric over the values shown (see the top of this file). */
export function metricDomain(kind: MetricKind, values: readonly number[]): { lo: number; hi: number } | null {
  if (values.length === 0) return null;
  const max = Math.max(...values);
  const min = Math.min(...values);
  if (kind === 'rate' || kind === 'count') return { lo: 0, hi: max };
  if (kind === 'attempts') return { lo: 1, hi: Math.max(1, max) };
  return { lo: Math.max(1, min), hi: Math.max(1, max) };
}

/** Position of a value in the domain, in [0, 1] (log scale for durations). */
function position(kind: MetricKind, domain: { lo: number; hi: number }, value: number): number {
  if (domain.hi <= domain.lo) return value > domain.lo ? 1 : 0;
  const t = kind === 'duration' ? (Math.log(Math.max(1, value)) - Math.log(domain.lo)) / (Math.log(domain.hi) - Math.log(domain.lo)) : (value - domain.lo) / (domain.hi - domain.lo);
  return Math.min(1, Math.max(0, t));
}

/**
 * The colour level of a value: equal steps of the domain; the domain's top value is the last level,
 * and a value at the bottom of a domain that has any width is level 0. A flat domain (every value
 * equal) paints level 0, or the top level for a positive rate or count shared by all.
 */
export function metricLevel(kind: MetricKind, domain: { lo: number; hi: number }, value: number): number {
  // The epsilon puts a value on a legend edge (0.04 of [0, 0.2]) in the step the legend starts
  // there, not one below because 0.04 / 0.2 * 5 is 0.9999… in floating point.
  return Math.min(AGGREGATE_LEVELS - 1, Math.floor(position(kind, domain, value) * AGGREGATE_LEVELS + 1e-9));
}

/** The values each level stands for: the domain cut in AGGREGATE_LEVELS steps (log steps for durations). */
export function legendSteps(kind: MetricKind, domain: { lo: number; hi: number }): LegendStep[] {
  const at = (t: number) => (kind === 'duration' ? Math.exp(Math.log(domain.lo) + t * (Math.log(domain.hi) - Math.log(domain.lo))) : domain.lo + t * (domain.hi - domain.lo));
  if (domain.hi <= domain.lo) return [{ level: 0, label: formatMetricValue(kind, domain.lo) }];
  return Array.from({ length: AGGREGATE_LEVELS }, (_, level) => ({
    level,
    label: `${formatMetricValue(kind, at(level / AGGREGATE_LEVELS))} – ${formatMetricValue(kind, at((level + 1) / AGGREGATE_LEVELS))}`,
  }));
}

/**
 * The overlay of `metric` for the graph's states `stateNames` (duplicates are fine: a name that
 * repeats in several scopes gets one entry), from the window's per-state statistics.
 */
export function aggregateOverlay(stats: readonly StateStats[], stateNames: Iterable<string>, metric: AggregateMetric): AggregateOverlay {
  const definition = AGGREGATE_METRIC_DEFINITIONS[metric];
  const byName = new Map(stats.map((s) => [s.stateName, s]));
  const names = [...new Set(stateNames)];
  const shown = new Set(names);
  const values = new Map<string, number>();
  for (const name of names) {
    const s = byName.get(name);
    const v = s && s.runs > 0 ? definition.value(s) : null;
    if (v !== null && Number.isFinite(v)) values.set(name, v);
  }
  const domain = metricDomain(definition.kind, [...values.values()]);
  const nodes: Record<string, NodeHeat> = {};
  let worst: string | null = null;
  for (const name of [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const s = byName.get(name);
    const value = values.get(name) ?? null;
    if (!s || s.runs === 0) {
      nodes[name] = { stateName: name, category: 'no-runs', value: null, level: null, label: 'no runs', title: `${name}\nno runs in this window` };
      continue;
    }
    const title = `${name}\n${statsTitle(s)}`;
    if (value === null || domain === null) {
      nodes[name] = { stateName: name, category: 'no-data', value: null, level: null, label: '—', title: `${title}\n${definition.label}: no value` };
      continue;
    }
    nodes[name] = { stateName: name, category: 'value', value, level: metricLevel(definition.kind, domain, value), label: formatMetricValue(definition.kind, value), title };
    if (worst === null || value > (values.get(worst) ?? -Infinity)) worst = name;
  }
  const unplaced = stats
    .filter((s) => s.runs > 0 && !shown.has(s.stateName))
    .map((s) => s.stateName)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const range =
    domain === null
      ? null
      : domain.hi <= domain.lo
        ? `all ${formatMetricValue(definition.kind, domain.lo)}`
        : `${formatMetricValue(definition.kind, domain.lo)} – ${formatMetricValue(definition.kind, domain.hi)}`;
  return { metric: definition, domain, legend: domain === null ? [] : legendSteps(definition.kind, domain), nodes, worst, range, unplaced };
}
