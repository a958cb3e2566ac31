// What the execution page's action bar (and GET /api/executions/{arn}/actions) says: whether
// actions are on, whether this person may act, and per action whether it applies and why not —
// the same eligibility runAction checks, over the store and, when the source answers, AWS's
// current view (DescribeExecution, DescribeStateMachine through the actions' own buckets).
import { actionEligibility, type ActionEligibility } from '../history/action-eligibility.ts';
import type { Store } from '../store/index.ts';
import { getActionTarget } from '../store/audit/index.ts';
import type { ExecutionDescription } from '../aws/action-client.ts';
import { actionsEnabled } from './actions-enabled.ts';
import { actionSourcesFor } from './action-sources.ts';
import { factsOf, type Actor } from './run-action.ts';

export interface ActionAvailability {
  enabled: boolean;
  /** The asker has the operator role. */
  operator: boolean;
  /** Sent back as X-StepLens-CSRF on the action POSTs; null for bearer clients (exempt) and when actions are off. */
  csrfToken: string | null;
  status: string | null;
  /** Per action; null when actions are off, the asker is no operator, or the execution is unknown. */
  eligibility: ActionEligibility | null;
  /** Why nothing can be done here at all (no source for the Region, source unreachable), else null. */
  unavailable: string | null;
  /** Whether AWS was asked (false: the store's view only). */
  checkedWithSource: boolean;
}

export async function actionAvailability(
  store: Store,
  executionArn: string,
  actor: Actor,
  csrfToken: string | null,
  deps: { env?: Readonly<Record<string, string | undefined>>; cwd?: string; now?: number } = {},
): Promise<ActionAvailability | null> {
  const env = deps.env ?? process.env;
  const target = await getActionTarget(store, executionArn);
  if (target === null) return null;
  const enabled = actionsEnabled(env);
  const operator = actor.role === 'operator';
  const base = { enabled, operator, csrfToken: enabled && operator ? csrfToken : null, status: target.status, eligibility: null, unavailable: null, checkedWithSource: false };
  if (!enabled || !operator) return base;
  const sources = actionSourcesFor(executionArn, target.sourceId, env, deps.cwd);
  if (sources.length === 0) return { ...base, unavailable: `No configured source serves this execution's Region: an imported execution cannot be acted on.` };
  let described: ExecutionDescription | null = null;
  let smStatus: string | null = null;
  let unavailable: string | null = null;
  const via = sources[0];
  if (via && !(target.type === 'EXPRESS' && target.mapRunArn === null)) {
    try {
      [described, smStatus] = await Promise.all([via.client.describeExecution(executionArn), via.client.stateMachineStatus(target.stateMachineArn).catch(() => null)]);
    } catch (error) {
      unavailable = `The source could not be asked (${error instanceof Error ? error.message : String(error)}); what follows is the store's view.`;
    }
  }
  const facts = { ...factsOf(target, described), stateMachineStatus: smStatus };
  return { ...base, status: facts.status, eligibility: actionEligibility(facts, deps.now ?? Date.now()), unavailable, checkedWithSource: described !== null };
}
