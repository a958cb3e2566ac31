'use client';
// The Failures view's data: GET /api/failure-clusters for a window (a preset relative to now at
// each fetch, or a custom from/to sent as typed: the API refuses bad ones, naming them) and one
// state machine or all; and the link from a cluster to its members in the executions list.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { FailureCluster } from '@/lib/metrics';
import { fetchJson } from './fetch-json';
import { RANGE_PRESETS } from './executions';
import { failureClusterKeys } from './query-keys';

/** A cluster as the API answers it (dates ISO-8601). */
export type FailureClusterItem = Omit<FailureCluster, 'firstSeen' | 'lastSeen'> & { firstSeen: string; lastSeen: string };

export interface FailureClustersResponse {
  from: string;
  to: string;
  failures: number;
  clusters: number;
  sparklineSliceMs: number;
  items: FailureClusterItem[];
}

/** The view's URL state: `range` a RANGE_PRESETS key (default 24h) or custom with from/to. */
export interface FailuresUrlState {
  stateMachineArn?: string;
  range: string;
  from?: string;
  to?: string;
}

export const DEFAULT_FAILURES_RANGE = '24h';

export function failuresUrlStateOf(params: URLSearchParams): FailuresUrlState {
  const range = params.get('range') ?? '';
  const state: FailuresUrlState = { range: range === 'custom' || Object.hasOwn(RANGE_PRESETS, range) ? range : DEFAULT_FAILURES_RANGE };
  const machine = params.get('stateMachineArn');
  if (machine) state.stateMachineArn = machine;
  if (state.range === 'custom') {
    const from = params.get('from');
    const to = params.get('to');
    if (from) state.from = from;
    if (to) state.to = to;
  }
  return state;
}

/** The API query for a URL state; a preset becomes from/to relative to `now`. */
export function failureClustersApiParams(state: FailuresUrlState, now = Date.now()): URLSearchParams {
  const params = new URLSearchParams();
  if (state.stateMachineArn) params.set('stateMachineArn', state.stateMachineArn);
  const preset = RANGE_PRESETS[state.range];
  if (preset !== undefined) {
    params.set('from', new Date(now - preset).toISOString());
    params.set('to', new Date(now).toISOString());
  } else {
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
  }
  return params;
}

export const FAILURES_REFRESH_MS = 10_000;

export function useFailureClusters(state: FailuresUrlState) {
  return useQuery({
    queryKey: failureClusterKeys.list({ ...state }),
    queryFn: () => fetchJson<FailureClustersResponse>(`/api/failure-clusters?${failureClustersApiParams(state)}`),
    refetchInterval: FAILURES_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/**
 * The executions list of a cluster's members over the window the clusters were computed for.
 * The list's `to` is inclusive and the window's is not: it ends 1 ms before.
 */
export function clusterMembersHref(cluster: Pick<FailureClusterItem, 'id'>, window: { from: string; to: string }): string {
  const params = new URLSearchParams({ cluster: cluster.id, range: 'custom', from: window.from, to: new Date(Date.parse(window.to) - 1).toISOString() });
  return `/executions?${params}`;
}
