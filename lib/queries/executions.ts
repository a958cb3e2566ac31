'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { EXECUTION_FILTER_KEYS, executionFilterInput, type ExecutionFilterKey } from '@/lib/schemas/execution-filters';
import type { ExecutionListItem } from '@/lib/store/types';
import { fetchJson } from './fetch-json';
import { executionKeys } from './query-keys';

export interface ExecutionsPageResponse {
  items: ExecutionListItem[];
  nextCursor: string | null;
  scanLimited?: boolean;
  counts?: Record<string, number>;
}

/**
 * The list page's URL keys: the filter schema's (lib/schemas/execution-filters.ts) but `counts`,
 * which every fetch sets, plus `range`, a preset (1h, 24h, 7d, custom) resolved to `from` per fetch.
 */
export type ExecutionUrlKey = Exclude<ExecutionFilterKey, 'counts'> | 'range';
export const EXECUTION_URL_KEYS: readonly ExecutionUrlKey[] = [
  ...EXECUTION_FILTER_KEYS.filter((key): key is Exclude<ExecutionFilterKey, 'counts'> => key !== 'counts'),
  'range',
];

/** Filters as they appear in the page URL: strings as typed (the API parses and refuses them). */
export type ExecutionFilterState = Partial<Record<ExecutionUrlKey, string>>;

/** The page URL's filters; a repeated key is joined with commas, as the API reads it (executionFilterInput). */
export function executionFilterStateOf(params: URLSearchParams): ExecutionFilterState {
  const input = executionFilterInput(params);
  const state: ExecutionFilterState = {};
  for (const key of EXECUTION_URL_KEYS) {
    const value = key === 'range' ? params.getAll(key).join(',') : input[key];
    if (value) state[key] = value;
  }
  return state;
}

export const RANGE_PRESETS: Record<string, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };
export const LIVE_REFRESH_MS = 4_000;

/** API query string for the filters; a range preset becomes `from` relative to now. */
export function executionsApiParams(filters: ExecutionFilterState, now = Date.now()): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of EXECUTION_URL_KEYS) {
    const value = filters[key];
    // from/to go through the range below; range itself is the page's.
    if (value && key !== 'from' && key !== 'to' && key !== 'range') params.set(key, value);
  }
  const preset = filters.range ? RANGE_PRESETS[filters.range] : undefined;
  if (preset !== undefined) params.set('from', new Date(now - preset).toISOString());
  else if (filters.range === 'custom' || !filters.range) {
    if (filters.from) params.set('from', filters.from);
    if (filters.to) params.set('to', filters.to);
  }
  params.set('counts', '1');
  return params;
}

/** One page of executions, refetched every few seconds (live updates). */
export function useExecutionsPage(filters: ExecutionFilterState) {
  return useQuery({
    queryKey: executionKeys.list({ ...filters }),
    queryFn: () => fetchJson<ExecutionsPageResponse>(`/api/executions?${executionsApiParams(filters)}`),
    refetchInterval: LIVE_REFRESH_MS,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}
