// The execution page's action bar (DESIGN.md §2.7): GET /api/executions/{arn}/actions (whether
// actions are on, the asker an operator, each action's eligibility and the CSRF token), asked
// again whenever the execution's status changes; and the action POSTs themselves.
import { useQuery } from '@tanstack/react-query';
import type { ActionAvailability } from '@/lib/actions/action-availability';
import type { ActionAnswer } from '@/lib/actions/run-action';
import type { AuditAction } from '@/lib/schemas/audit';
import { fetchJson } from './fetch-json';
import { executionKeys } from './query-keys';

export type { ActionAnswer, ActionAvailability };

/** Sent on every action POST (lib/server csrf.ts CSRF_HEADER). */
const CSRF_HEADER = 'X-StepLens-CSRF';

export function actionsUrl(executionArn: string, action?: AuditAction): string {
  return `/api/executions/${encodeURIComponent(executionArn)}/${action ?? 'actions'}`;
}

export function useExecutionActions(executionArn: string, status: string) {
  return useQuery({
    queryKey: [...executionKeys.detail(executionArn), 'actions', status] as const,
    queryFn: () => fetchJson<ActionAvailability>(actionsUrl(executionArn)),
    staleTime: 30_000,
  });
}

/** POSTs one action; the answer whatever its status (a refusal carries its error and reasons). */
export async function postAction(executionArn: string, action: AuditAction, csrfToken: string | null, body: Record<string, string>): Promise<ActionAnswer> {
  const response = await fetch(actionsUrl(executionArn, action), {
    method: 'POST',
    cache: 'no-store',
    headers: { 'content-type': 'application/json', ...(csrfToken !== null ? { [CSRF_HEADER]: csrfToken } : {}) },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json().catch(() => null);
  if (answer && typeof answer === 'object' && 'outcome' in answer) return answer as ActionAnswer;
  const error = answer && typeof answer === 'object' && 'error' in answer && typeof answer.error === 'string' ? answer.error : `HTTP ${response.status}`;
  return { action, executionArn, outcome: 'failed', auditId: 0, error };
}
