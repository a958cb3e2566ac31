'use client';
// The /compare page's data: GET /api/compare for the chosen machines over the window.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CompareItem } from '@/lib/metrics';
import { compareApiParams, type CompareUrlState } from './compare-url-state';
import { fetchJson } from './fetch-json';
import { compareKeys } from './query-keys';

export interface CompareResponse {
  from: string;
  to: string;
  items: CompareItem[];
}

export const COMPARE_REFRESH_MS = 15_000;

export function useCompare(state: CompareUrlState) {
  return useQuery({
    queryKey: compareKeys.of({ ...state, stateMachineArns: state.stateMachineArns.join(',') }),
    queryFn: () => fetchJson<CompareResponse>(`/api/compare?${compareApiParams(state)}`),
    enabled: state.stateMachineArns.length > 0,
    refetchInterval: COMPARE_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}
