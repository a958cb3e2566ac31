'use client';

import { useQuery } from '@tanstack/react-query';
import type { StateMachineWithStats } from '@/lib/api/state-machines/list-state-machines';
import type { StateMachineSummary } from '@/lib/store/types';
import { fetchJson } from './fetch-json';
import { stateMachineKeys } from './query-keys';

export function useStateMachines() {
  return useQuery({
    queryKey: [...stateMachineKeys.all, 'list'],
    queryFn: async () => (await fetchJson<{ items: StateMachineSummary[] }>('/api/state-machines')).items,
    staleTime: 30_000,
  });
}

/** State machines with success rate, last failure and hourly volume (home page), live. */
export function useStateMachineStats() {
  return useQuery({
    queryKey: [...stateMachineKeys.all, 'stats'],
    queryFn: async () => (await fetchJson<{ items: StateMachineWithStats[] }>('/api/state-machines?stats=1')).items,
    refetchInterval: 5_000,
    staleTime: 0,
  });
}
