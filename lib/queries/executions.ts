'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ExecutionListItem } from '@/lib/store/types';
import { fetchJson } from './fetch-json';
import { executionKeys } from './query-keys';

export interface ExecutionsPageResponse {
  items: ExecutionListItem[];
  nextCursor: string | null;
  scanLimited?: boolean;
  counts?: Record<string, number>;
}

/** Filters as they appear in the page URL (all strings; `range` is a preset resolved per fetch). */
export interface ExecutionFilterState {
  stateMachineArn?: string;
  status?: string;
  range?: string;
  from?: string;
  to?: string;
  q?: string;
  error?: string;
  text?: string;
  sort?: string;
  /** Page size (API default 50). */
  limit?: string;
  cursor?: string;
}

export const RANGE_PRESETS: Record<string, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };
export const LIVE_REFRESH_MS = 4_000;

/** API query string for the filters; a range preset becomes `from` relative to now. */
export function executionsApiParams(filters: ExecutionFilterState, now = Date.now()): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['stateMachineArn', 'status', 'q', 'error', 'text', 'sort', 'limit', 'cursor'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
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
