// Stop, Redrive and Start again (DESIGN.md §2.7): authorise → lib/aws → audit row, then the
// target is ingested again (reingest-target.ts). Every attempt that reaches here writes one
// audit row, refused ones included; an unauthenticated request never gets here (withRoute
// answers 401 first: there is nobody to record).
//
// Order of the checks, each refusing with its own status before AWS is called:
//   actions off (404: a feature that is off answers as if its routes did not exist) → not an operator (403) → CSRF (403) → unreadable body (400) → unknown execution (404) →
//   bad start input (400) → no source for its Region (409) → AWS's current view
//   (DescribeExecution; unreachable → 502, failed) → not eligible (409, the reasons).
import { randomBytes, randomUUID } from 'node:crypto';
import { actionEligibility, startInputProblem, type ActionFacts } from '../history/action-eligibility.ts';
import { AwsError } from '../aws/aws-error.ts';
import type { ExecutionDescription } from '../aws/action-client.ts';
import type { AuditAction, AuditOutcome } from '../schemas/audit.ts';
import type { Store } from '../store/index.ts';
import { appendAuditEntry, getActionTarget, type ActionTarget } from '../store/audit/index.ts';
import { actionsEnabled } from './actions-enabled.ts';
import { actionSourcesFor, type ResolvedActionSource } from './action-sources.ts';
import { reingestTarget, type ReingestOutcome } from './reingest-target.ts';

/** Who is acting (lib/server's Identity, structurally: lib/actions does not import lib/server). */
export interface Actor {
  subject: string;
  name: string;
  role: string;
  credential: string;
}

export interface ActionRequest {
  action: AuditAction;
  executionArn: string;
  actor: Actor;
  /** Why the request looks forged (lib/server csrfProblem), or null. */
  csrfProblem: string | null;
  /** Why the body cannot be read (`<field>: <problem>`), or null: refused with 400 after the role and CSRF checks, so it is audited too. */
  bodyProblem?: string | null;
  /** Stop: recorded in ExecutionAborted. */
  error?: string;
  cause?: string;
  /** Start again: the input as JSON text; undefined = the execution's own input, read from the source. */
  input?: string;
}

export interface ActionAnswer {
  action: AuditAction;
  executionArn: string;
  outcome: AuditOutcome;
  /** The audit row written for this attempt. */
  auditId: number;
  error?: string;
  /** Why it is not eligible (409). */
  reasons?: string[];
  /** Start again: the execution started. */
  startedExecutionArn?: string;
  /** The status the store holds after the re-ingest. */
  reingest?: ReingestOutcome;
}

export interface ActionResult {
  httpStatus: number;
  body: ActionAnswer;
}

export interface ActionDeps {
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  now?: () => number;
  /** Waits between DescribeExecution checks after a stop (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The answer of every action route while actions are off (404, as for a route that does not exist). */
export const ACTIONS_OFF = 'actions are off: the server must run with STEPLENS_ACTIONS=on to stop, redrive or start again';

/** Names a started execution after the one it repeats: AWS's 80-character [A-Za-z0-9_-] names. */
export function startAgainName(originalName: string): string {
  const stem = originalName.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 60);
  return `${stem}-again-${randomBytes(4).toString('hex')}`;
}

export async function runAction(store: Store, request: ActionRequest, deps: ActionDeps = {}): Promise<ActionResult> {
  const env = deps.env ?? process.env;
  const now = deps.now ?? Date.now;
  const detail: Record<string, unknown> = {};

  const finish = async (httpStatus: number, outcome: AuditOutcome, extra: Partial<ActionAnswer> = {}): Promise<ActionResult> => {
    const auditId = await appendAuditEntry(store, {
      at: new Date(now()),
      subject: request.actor.subject,
      actorName: request.actor.name,
      role: request.actor.role,
      credential: request.actor.credential,
      action: request.action,
      target: request.executionArn,
      outcome,
      httpStatus,
      error: extra.error ?? null,
      resultArn: extra.startedExecutionArn ?? null,
      detail: Object.keys(detail).length > 0 || extra.reasons ? { ...detail, ...(extra.reasons ? { reasons: extra.reasons } : {}) } : null,
    });
    return { httpStatus, body: { action: request.action, executionArn: request.executionArn, outcome, auditId, ...extra } };
  };
  const refuse = (httpStatus: number, error: string, reasons?: string[]) => finish(httpStatus, 'refused', { error, ...(reasons ? { reasons } : {}) });

  if (!actionsEnabled(env)) return refuse(404, ACTIONS_OFF);
  if (request.actor.role !== 'operator') return refuse(403, `the ${request.action} action needs the operator role (${request.actor.name} is a ${request.actor.role})`);
  if (request.csrfProblem !== null) return refuse(403, request.csrfProblem);
  if (request.bodyProblem) return refuse(400, request.bodyProblem);

  const target = await getActionTarget(store, request.executionArn);
  if (target === null) return refuse(404, 'no such execution in the store');

  if (request.action === 'start-again' && request.input !== undefined) {
    const problem = startInputProblem(request.input);
    if (problem !== null) return refuse(400, `input: ${problem}`);
  }

  const sources = actionSourcesFor(request.executionArn, target.sourceId, env, deps.cwd);
  if (sources.length === 0) return refuse(409, `no configured source serves this execution's Region (${regionOf(request.executionArn)}): an imported execution cannot be acted on`);

  // AWS's current view: the status may be fresher than the store's, redriveStatus is AWS's
  // own verdict, and Start again takes the original input from it (never the stored copy, which
  // redaction in store mode may have changed).
  let via: ResolvedActionSource | null = null;
  let described: ExecutionDescription | null = null;
  let lastError: AwsError | null = null;
  for (const candidate of sources) {
    try {
      described = target.type === 'EXPRESS' && target.mapRunArn === null ? null : await candidate.client.describeExecution(request.executionArn);
      via = candidate;
      break;
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      lastError = error;
      if (error.kind === 'expired' || error.kind === 'not-found' || error.kind === 'unsupported') continue;
      break;
    }
  }
  if (via === null) {
    if (lastError?.kind === 'expired' || lastError?.kind === 'not-found') return refuse(409, `the source no longer has this execution (${lastError.message})`);
    detail.awsError = lastError?.code ?? null;
    return finish(502, 'failed', { error: lastError?.message ?? 'the source could not be asked' });
  }
  detail.source = via.source.id;

  const facts = factsOf(target, described);
  if (request.action !== 'stop' && described !== null) facts.stateMachineStatus = await via.client.stateMachineStatus(target.stateMachineArn).catch(() => null);
  const eligibility = actionEligibility(facts, now());
  const verdict = request.action === 'stop' ? eligibility.stop : request.action === 'redrive' ? eligibility.redrive : eligibility.startAgain;
  if (!verdict.allowed) return refuse(409, verdict.reasons[0] ?? 'not eligible', verdict.reasons);

  let started: string | null = null;
  try {
    if (request.action === 'stop') {
      await via.client.stopExecution({
        executionArn: request.executionArn,
        ...(request.error !== undefined ? { error: request.error } : {}),
        ...(request.cause !== undefined ? { cause: request.cause } : {}),
      });
      await settle(via, request.executionArn, deps.sleep ?? sleepFor);
    } else if (request.action === 'redrive') {
      await via.client.redriveExecution({ executionArn: request.executionArn, clientToken: randomUUID() });
    } else {
      const input = request.input ?? described?.input ?? null;
      if (input === null) return refuse(409, 'the source did not give the execution\'s input: send the input to start with');
      detail.inputEdited = request.input !== undefined;
      detail.inputBytes = Buffer.byteLength(input, 'utf8');
      const out = await via.client.startExecution({ stateMachineArn: target.stateMachineArn, name: startAgainName(target.name), input });
      started = out.executionArn;
    }
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    detail.awsError = error.code;
    // AWS refusing the request (not redrivable, already exists, validation) is the caller's 409;
    // AWS failing or unreachable is a 502.
    const status = error.kind === 'throttled' || error.kind === 'transient' || error.kind === 'unreachable' ? 502 : error.kind === 'access-denied' ? 403 : 409;
    return finish(status, 'failed', { error: error.message });
  }

  const reingest = await reingestTarget(store, via, { executionArn: started ?? request.executionArn, stateMachineArn: target.stateMachineArn, type: target.type });
  detail.reingest = reingest.outcome;
  if (reingest.error !== null) detail.reingestError = reingest.error;
  return finish(200, 'succeeded', { reingest: reingest.outcome, ...(started !== null ? { startedExecutionArn: started } : {}) });
}

/** The store's facts, with what DescribeExecution said where it said it. */
export function factsOf(target: ActionTarget, described: ExecutionDescription | null): ActionFacts {
  return {
    status: described?.status ?? target.status,
    type: target.type,
    startDate: described?.startDate ?? target.startDate,
    stopDate: described === null ? target.stopDate : described.stopDate,
    eventCount: target.eventCount,
    redriveCount: Math.max(target.redriveCount, described?.redriveCount ?? 0),
    mapRunChild: (described?.mapRunArn ?? target.mapRunArn) !== null,
    source: described === null ? null : { redriveStatus: described.redriveStatus, redriveStatusReason: described.redriveStatusReason },
  };
}

/** After StopExecution AWS closes the execution shortly after answering: wait (≤ 5 s) until it says so. */
async function settle(via: ResolvedActionSource, executionArn: string, sleep: (ms: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const now = await via.client.describeExecution(executionArn).catch(() => null);
    if (now === null || now.status !== 'RUNNING') return;
    await sleep(500);
  }
}

function regionOf(executionArn: string): string {
  return executionArn.split(':')[3] || 'unknown';
}
