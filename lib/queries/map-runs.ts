'use client';
// React Query hook of the Map Run page: GET /api/map-runs/{arn}, seeded by the server render and
// refetched every few seconds while the Map Run is live (running, not described yet, or its
// children not all stored: lib/history mapRunLive), as the execution page does while RUNNING.
import { useQuery } from '@tanstack/react-query';
import type { MapRunDetail } from '@/lib/api/map-runs/get-map-run-detail';
import { mapRunLive } from '@/lib/history/map-run-counts';
import { fetchJson } from './fetch-json';

export type { MapRunDetail };

/** Between refetches of a live Map Run (ms); the poller describes a running Map Run once a cycle. */
export const MAP_RUN_REFRESH_MS = 3_000;

export const mapRunKeys = {
  all: ['map-runs'] as const,
  detail: (mapRunArn: string) => ['map-runs', 'detail', mapRunArn] as const,
};

export function useMapRunDetail(mapRunArn: string, initialData: MapRunDetail) {
  return useQuery({
    queryKey: mapRunKeys.detail(mapRunArn),
    queryFn: () => fetchJson<MapRunDetail>(`/api/map-runs/${encodeURIComponent(mapRunArn)}`),
    initialData,
    initialDataUpdatedAt: Date.now(),
    refetchInterval: (query) => {
      const run = query.state.data?.mapRun;
      return run && mapRunLive(run.status, run.childrenListed) ? MAP_RUN_REFRESH_MS : false;
    },
    refetchIntervalInBackground: false,
  });
}
