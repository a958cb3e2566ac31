// Which actions (DESIGN.md §2.7: Stop, Redrive, Start again) an execution allows, and why not,
// from what StepLens knows of it (the store) and, when the source was asked, what AWS says
// (DescribeExecution's redriveStatus, DescribeStateMachine's status). Pure: lib/actions and the
// page both ask here, so the button, the API's refusal and the audit row give one reason.
//
// Redrive rules (RedriveExecution, reference/sfn-facts.md §1.4): Standard only; status FAILED,
// TIMED_OUT or ABORTED; started on or after 2023-11-15 (RedriveExecution's launch); within 14 days
// of its stop; open for less than a year in all; history below 24,999 events (a redrive needs room
// for ExecutionRedriven and at least one more event under the 25,000-event cap); its state machine
// not deleted; a child execution of a Distributed Map Run is redriven through its Map Run
// (redriveStatus REDRIVABLE_BY_MAP_RUN). AWS documents no count limit for executions themselves
// (the 1,000-redrive limit is a Map Run's): every redrive adds events, so the event cap bounds it.
import { EXECUTION_STATUSES, type ExecutionStatus } from './statuses.ts';

/** RedriveExecution's launch: executions started before it cannot be redriven. */
export const REDRIVE_LAUNCH_MS = Date.UTC(2023, 10, 15);
/** How long after its stop an execution may be redriven, ms (14 days). */
export const REDRIVE_WINDOW_MS = 14 * 24 * 3_600_000;
/** An execution open (start to now, redrives included) this long cannot be redriven, ms (365 days). */
export const MAX_OPEN_MS = 365 * 24 * 3_600_000;
/** A history must have fewer events than this to be redriven (25,000 cap, minus room for ExecutionRedriven and one event). */
export const REDRIVE_EVENT_LIMIT = 24_999;

/** DescribeExecution's redriveStatus. */
export type SourceRedriveStatus = 'REDRIVABLE' | 'NOT_REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN';

export interface ActionFacts {
  /** ExecutionStatus (the store's, or DescribeExecution's when fresher). */
  status: string;
  /** The state machine's type: 'STANDARD' | 'EXPRESS'; null when unknown. */
  type: string | null;
  /** Epoch ms; null when unknown. */
  startDate: number | null;
  stopDate: number | null;
  /** Events in the execution's history (every attempt). */
  eventCount: number;
  redriveCount: number;
  /** The execution is a child of a Distributed Map Run. */
  mapRunChild?: boolean;
  /** DescribeStateMachine's status (ACTIVE | DELETING), 'DELETED' when it answered StateMachineDoesNotExist; null when not asked. */
  stateMachineStatus?: string | null;
  /** What DescribeExecution said, when the source was asked. */
  source?: { redriveStatus: SourceRedriveStatus | null; redriveStatusReason: string | null } | null;
}

export interface ActionVerdict {
  allowed: boolean;
  /** Why not, each a sentence for people (empty when allowed). */
  reasons: string[];
}

export interface ActionEligibility {
  stop: ActionVerdict;
  redrive: ActionVerdict;
  startAgain: ActionVerdict;
}

const REDRIVABLE_STATUSES: ReadonlySet<string> = new Set<ExecutionStatus>(['FAILED', 'TIMED_OUT', 'ABORTED']);
const KNOWN_STATUSES: ReadonlySet<string> = new Set(EXECUTION_STATUSES);

function verdict(reasons: string[]): ActionVerdict {
  return { allowed: reasons.length === 0, reasons };
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

function deleted(facts: ActionFacts): boolean {
  return facts.stateMachineStatus === 'DELETED' || facts.stateMachineStatus === 'DELETING';
}

/** Every reason RedriveExecution would refuse this execution (empty: it may be redriven). */
export function redriveReasons(facts: ActionFacts, nowMs: number): string[] {
  const reasons: string[] = [];
  if (facts.type === 'EXPRESS') reasons.push('Express executions cannot be redriven (RedriveExecution supports Standard workflows only).');
  if (!KNOWN_STATUSES.has(facts.status)) reasons.push(`Its status ${JSON.stringify(facts.status)} is not one AWS can redrive (FAILED, TIMED_OUT or ABORTED).`);
  else if (facts.status === 'RUNNING' || facts.status === 'PENDING_REDRIVE') reasons.push('It is still running: only an execution that failed, timed out or was aborted can be redriven.');
  else if (facts.status === 'SUCCEEDED') reasons.push('It succeeded: only an execution that failed, timed out or was aborted can be redriven (Start again runs it anew).');
  else if (!REDRIVABLE_STATUSES.has(facts.status)) reasons.push(`Its status ${facts.status} cannot be redriven.`);
  if (facts.startDate !== null && facts.startDate < REDRIVE_LAUNCH_MS) reasons.push('It started before 2023-11-15, when RedriveExecution launched.');
  if (REDRIVABLE_STATUSES.has(facts.status)) {
    if (facts.stopDate === null) reasons.push('Its stop date is unknown, so the 14-day redrive period cannot be checked.');
    else if (nowMs - facts.stopDate > REDRIVE_WINDOW_MS) reasons.push(`Its 14-day redrive period ended at ${day(facts.stopDate + REDRIVE_WINDOW_MS)} (it stopped at ${day(facts.stopDate)}).`);
  }
  if (facts.startDate !== null && nowMs - facts.startDate >= MAX_OPEN_MS) reasons.push('It has been open for a year since it started (redrives included), the most an execution may be.');
  if (facts.eventCount >= REDRIVE_EVENT_LIMIT) {
    reasons.push(`Its history has ${facts.eventCount} events: a redrive needs fewer than ${REDRIVE_EVENT_LIMIT} (the 25,000-event cap leaves no room for ExecutionRedriven).`);
  }
  if (deleted(facts)) reasons.push('Its state machine has been deleted.');
  const said = facts.source;
  if (facts.mapRunChild === true || said?.redriveStatus === 'REDRIVABLE_BY_MAP_RUN') {
    reasons.push('It is a child execution of a Distributed Map Run: redrive the parent execution, which redrives the Map Run.');
  } else if (said?.redriveStatus === 'NOT_REDRIVABLE' && reasons.length === 0) {
    // AWS has the last word (it knows what StepLens may not have stored: a deleted revision, …).
    reasons.push(`AWS says it is not redrivable${said.redriveStatusReason ? `: ${said.redriveStatusReason}` : '.'}`);
  }
  return reasons;
}

/** Whether StopExecution applies: a running Standard execution (or an Express child of a Map Run). */
export function stopReasons(facts: ActionFacts): string[] {
  const reasons: string[] = [];
  if (facts.type === 'EXPRESS' && facts.mapRunChild !== true) reasons.push('Express executions cannot be stopped through StopExecution (only those a Map Run started).');
  if (facts.status !== 'RUNNING') reasons.push(`It is not running (${facts.status}): there is nothing to stop.`);
  return reasons;
}

/** Whether StartExecution of the same state machine applies. */
export function startAgainReasons(facts: ActionFacts): string[] {
  return deleted(facts) ? ['Its state machine has been deleted: there is nothing to start.'] : [];
}

export function actionEligibility(facts: ActionFacts, nowMs: number): ActionEligibility {
  return { stop: verdict(stopReasons(facts)), redrive: verdict(redriveReasons(facts, nowMs)), startAgain: verdict(startAgainReasons(facts)) };
}

/** StartExecution's input cap: 256 KiB of UTF-8. */
export const MAX_START_INPUT_BYTES = 262_144;

/** Why `text` cannot be an execution's input (not JSON, too large), else null. */
export function startInputProblem(text: string): string | null {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_START_INPUT_BYTES) return `input is ${bytes} bytes of UTF-8: StartExecution takes at most ${MAX_START_INPUT_BYTES} (256 KiB)`;
  try {
    JSON.parse(text);
  } catch (error) {
    return `input is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  return null;
}
