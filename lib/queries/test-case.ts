// The execution page's "Reproduce locally" panel: GET /api/executions/{arn}/test-case, fetched when
// the panel is first opened (a 25,000-event execution's test case is megabytes), kept while the
// execution is unchanged.
import { useQuery } from '@tanstack/react-query';
import type { ExecutionTestCase, TestCaseFileKind } from '@/lib/api/executions/get-test-case';
import { fetchJson } from './fetch-json';
import { executionKeys } from './query-keys';

export type { ExecutionTestCase, TestCaseFileKind };

export function testCaseUrl(executionArn: string, file?: TestCaseFileKind): string {
  const base = `/api/executions/${encodeURIComponent(executionArn)}/test-case`;
  return file === undefined ? base : `${base}?file=${file}`;
}

export function useExecutionTestCase(executionArn: string, enabled: boolean) {
  return useQuery({
    queryKey: [...executionKeys.detail(executionArn), 'test-case'] as const,
    queryFn: () => fetchJson<ExecutionTestCase>(testCaseUrl(executionArn)),
    enabled,
    staleTime: Infinity,
  });
}
