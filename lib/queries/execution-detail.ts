'use client';
// React Query hooks of the execution page: the detail (polled only while RUNNING) and the
// history pages for the event table (fetched page after page, on demand).
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { ExecutionEventItem, ExecutionEventsPage } from '@/lib/api/executions/get-execution-events';
import type { ExecutionDetail } from '@/lib/api/executions/get-execution-detail';
import type { StateRun } from '@/lib/history/types';
import { executionKeys } from './query-keys';

export type { ExecutionDetail, ExecutionEventItem, ExecutionEventsPage };

export const LIVE_REFRESH_MS = 3_000;

export const executionEventKeys = (executionArn: string) => [...executionKeys.detail(executionArn), 'events'] as const;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { error?: unknown };
      if (typeof body.error === 'string') message = body.error;
    } catch {
      // not JSON
    }
    throw new Error(message);
  }
  return (await response.json()) as T;
}

export function fetchExecutionDetail(executionArn: string): Promise<ExecutionDetail> {
  return getJson<ExecutionDetail>(`/api/executions/${encodeURIComponent(executionArn)}?runs=slim`);
}

/**
 * The selected run with its payloads (input, output, attempt parameters and results) when the
 * detail came without them; `version` (the execution's updatedAt) refetches it after a change.
 */
export function useStateRunPayloads(executionArn: string, runIndex: number | null, omitted: boolean, version: string) {
  return useQuery({
    queryKey: [...executionKeys.detail(executionArn), 'run', runIndex, version] as const,
    queryFn: () => getJson<StateRun>(`/api/executions/${encodeURIComponent(executionArn)}/runs/${runIndex ?? 0}`),
    enabled: omitted && runIndex !== null,
    staleTime: Infinity,
  });
}

/** The whole execution as stored (execution, definition, analysis) with every history event, for "Export". */
export async function fetchExecutionExport(executionArn: string, detail: ExecutionDetail): Promise<Record<string, unknown>> {
  const base = `/api/executions/${encodeURIComponent(executionArn)}`;
  const [full, first] = await Promise.all([getJson<ExecutionDetail>(base), getJson<ExecutionEventsPage>(`${base}/events?limit=25000`)]);
  const events = [...first.items];
  let cursor = first.nextCursor;
  while (cursor !== null) {
    const page = await getJson<ExecutionEventsPage>(`${base}/events?limit=25000&cursor=${encodeURIComponent(cursor)}`);
    events.push(...page.items);
    cursor = page.nextCursor;
  }
  return {
    exportedAt: new Date().toISOString(),
    execution: full.execution ?? detail.execution,
    definition: full.definition,
    analysis: full.analysis,
    events: events.map((e) => ({ id: e.id, previousEventId: e.previousEventId, type: e.type, timestamp: e.timestamp, details: e.details })),
  };
}

/** The detail, seeded by the server render; refetched every few seconds while the execution runs. */
export function useExecutionDetail(executionArn: string, initialData: ExecutionDetail) {
  return useQuery({
    queryKey: executionKeys.detail(executionArn),
    queryFn: () => fetchExecutionDetail(executionArn),
    initialData,
    initialDataUpdatedAt: Date.now(),
    refetchInterval: (query) => (query.state.data?.analysis.status === 'RUNNING' ? LIVE_REFRESH_MS : false),
    refetchIntervalInBackground: false,
  });
}

/** All history events, fetched in pages of `pageSize`; `enabled` defers it until the table is shown. */
export function useExecutionEvents(executionArn: string, options: { enabled: boolean; running: boolean; pageSize?: number }) {
  const pageSize = options.pageSize ?? 5_000;
  return useInfiniteQuery({
    queryKey: executionEventKeys(executionArn),
    queryFn: ({ pageParam }) =>
      getJson<ExecutionEventsPage>(`/api/executions/${encodeURIComponent(executionArn)}/events?limit=${pageSize}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: options.enabled,
    refetchInterval: options.running ? LIVE_REFRESH_MS * 2 : false,
  });
}
