'use client';

import { useQuery } from '@tanstack/react-query';
import type { Health } from '@/lib/api/health/get-health';
import { fetchJson } from './fetch-json';
import { healthKeys } from './query-keys';

export type { Health };

/** GET /api/health, refreshed every few seconds. */
export function useHealth(refetchInterval = 3_000) {
  return useQuery({ queryKey: healthKeys.all, queryFn: () => fetchJson<Health>('/api/health'), refetchInterval, staleTime: 0 });
}
