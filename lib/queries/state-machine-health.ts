'use client';
// The state machine page (/state-machines/{arn}): its window as the URL carries it, the API query
// each window becomes, and the React Query hooks of the three pattern routes it reads (per-state
// stats, the execution series, one state's detail).
//
// URL: `window` = 1h | 24h | 7d | 30d (default 24h, relative to now at each fetch) | custom (with
// `wfrom`, `wto`: ISO-8601, sent as typed — the API refuses bad ones, naming them) | last (with
// `last` = N, the N newest executions, resolved by the API); `bucket` = auto (default) | 1m | 5m |
// 1h | 1d; `metric` (the overlay's), `state` (the open panel). The keys differ from the executions
// list's (range, from, to, status…), which shares the page and the URL.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AggregateMetric } from '@/lib/graph/aggregate-overlay';
import { DEFAULT_AGGREGATE_METRIC, isAggregateMetric } from '@/lib/graph/aggregate-overlay';
import type { HistogramBucket, SeriesBucket, StateErrorCount, StateRunRef, StateRunSeriesBucket, StateStats } from '@/lib/metrics';
import { BUCKET_CHOICES, type Bucket, type BucketChoice } from '@/lib/schemas/window';
import { fetchJson } from './fetch-json';
import { stateMachineKeys } from './query-keys';

export const HEALTH_PRESETS = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type HealthPreset = keyof typeof HEALTH_PRESETS;
export const DEFAULT_HEALTH_PRESET: HealthPreset = '24h';
export const DEFAULT_LAST_EXECUTIONS = 100;

export type HealthWindow = { kind: 'preset'; preset: HealthPreset } | { kind: 'custom'; from: string; to: string } | { kind: 'last'; last: string };

export interface HealthUrlState {
  window: HealthWindow;
  bucket: BucketChoice;
  metric: AggregateMetric;
  state: string | null;
}

const isPreset = (value: string | null): value is HealthPreset => value !== null && Object.hasOwn(HEALTH_PRESETS, value);

/** The page state a URL carries; anything unknown falls back to its default. */
export function healthUrlStateOf(params: URLSearchParams): HealthUrlState {
  const range = params.get('window');
  let window: HealthWindow;
  if (range === 'custom') window = { kind: 'custom', from: params.get('wfrom') ?? '', to: params.get('wto') ?? '' };
  else if (range === 'last') window = { kind: 'last', last: params.get('last') || String(DEFAULT_LAST_EXECUTIONS) };
  else window = { kind: 'preset', preset: isPreset(range) ? range : DEFAULT_HEALTH_PRESET };
  const bucket = params.get('bucket');
  const metric = params.get('metric');
  return {
    window,
    bucket: (BUCKET_CHOICES as readonly string[]).includes(bucket ?? '') ? (bucket as BucketChoice) : 'auto',
    metric: isAggregateMetric(metric) ? metric : DEFAULT_AGGREGATE_METRIC,
    state: params.get('state') || null,
  };
}

/** The URL query of a page state (defaults left out, so a plain URL stays plain). */
export const HEALTH_URL_KEYS = ['window', 'wfrom', 'wto', 'last', 'bucket', 'metric', 'state'] as const;

/**
 * The URL query of a page state over `current` (the executions list's keys are kept; defaults are
 * left out, so a plain URL stays plain).
 */
export function healthUrlSearch(state: HealthUrlState, current: URLSearchParams = new URLSearchParams()): string {
  const params = new URLSearchParams(current);
  for (const key of HEALTH_URL_KEYS) params.delete(key);
  const { window } = state;
  if (window.kind === 'custom') {
    params.set('window', 'custom');
    params.set('wfrom', window.from);
    params.set('wto', window.to);
  } else if (window.kind === 'last') {
    params.set('window', 'last');
    params.set('last', window.last);
  } else if (window.preset !== DEFAULT_HEALTH_PRESET) params.set('window', window.preset);
  if (state.bucket !== 'auto') params.set('bucket', state.bucket);
  if (state.metric !== DEFAULT_AGGREGATE_METRIC) params.set('metric', state.metric);
  if (state.state !== null) params.set('state', state.state);
  return params.toString();
}

/** A stable key of a window (no clock in it: a preset stays the same query while it slides). */
export function healthWindowKey(window: HealthWindow): string {
  return window.kind === 'preset' ? window.preset : window.kind === 'custom' ? `${window.from}/${window.to}` : `last:${window.last}`;
}

/** The window as the pattern routes take it; a preset is resolved against `now` (epoch ms). */
export function healthWindowApiParams(window: HealthWindow, now: number): URLSearchParams {
  const params = new URLSearchParams();
  if (window.kind === 'preset') {
    params.set('from', new Date(now - HEALTH_PRESETS[window.preset]).toISOString());
    params.set('to', new Date(now).toISOString());
  } else if (window.kind === 'custom') {
    if (window.from) params.set('from', window.from);
    if (window.to) params.set('to', window.to);
  } else params.set('last', window.last);
  return params;
}

export interface StateStatsResponse {
  from: string;
  to: string;
  executions: number;
  items: StateStats[];
  /** Durations estimated from the hourly rollups (DESIGN §2.5); counts exact. */
  approximate?: true;
}

export interface SeriesResponse {
  from: string;
  to: string;
  bucket: Bucket;
  items: Array<Omit<SeriesBucket, 'start'> & { start: string }>;
  revisions: Array<{ revisionId: string; firstSeen: string }>;
}

export interface StateDetailResponse {
  stateName: string;
  from: string;
  to: string;
  bucket: Bucket;
  series: Array<Omit<StateRunSeriesBucket, 'start'> & { start: string }>;
  histogram: HistogramBucket[];
  unknownDurations: number;
  errors: StateErrorCount[];
  slowest: Array<Omit<StateRunRef, 'startDate'> & { startDate: string }>;
  recentFailures: Array<Omit<StateRunRef, 'startDate'> & { startDate: string }>;
}

/** How often the page refreshes its figures (new executions keep arriving). */
export const HEALTH_REFRESH_MS = 10_000;

const base = (stateMachineArn: string) => `/api/state-machines/${encodeURIComponent(stateMachineArn)}`;
const keyOf = stateMachineKeys.health;

export function useStateStats(stateMachineArn: string, window: HealthWindow) {
  return useQuery({
    queryKey: keyOf(stateMachineArn, 'states', healthWindowKey(window)),
    queryFn: () => fetchJson<StateStatsResponse>(`${base(stateMachineArn)}/states?${healthWindowApiParams(window, Date.now())}`),
    placeholderData: keepPreviousData,
    refetchInterval: HEALTH_REFRESH_MS,
  });
}

export function useExecutionSeries(stateMachineArn: string, window: HealthWindow, bucket: BucketChoice) {
  return useQuery({
    queryKey: keyOf(stateMachineArn, 'series', healthWindowKey(window), bucket),
    queryFn: () => {
      const params = healthWindowApiParams(window, Date.now());
      params.set('bucket', bucket);
      return fetchJson<SeriesResponse>(`${base(stateMachineArn)}/series?${params}`);
    },
    placeholderData: keepPreviousData,
    refetchInterval: HEALTH_REFRESH_MS,
  });
}

export function useStateDetail(stateMachineArn: string, stateName: string | null, window: HealthWindow, bucket: BucketChoice) {
  return useQuery({
    queryKey: keyOf(stateMachineArn, 'state', stateName, healthWindowKey(window), bucket),
    queryFn: () => {
      const params = healthWindowApiParams(window, Date.now());
      params.set('bucket', bucket);
      return fetchJson<StateDetailResponse>(`${base(stateMachineArn)}/states/${encodeURIComponent(stateName ?? '')}?${params}`);
    },
    enabled: stateName !== null,
    refetchInterval: HEALTH_REFRESH_MS,
  });
}
