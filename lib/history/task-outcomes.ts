// What every task call of one execution ended with, read from its history: per Task state, the
// calls in the order AWS scheduled them (retries, Map iterations and Parallel branches included),
// each with its recorded outcome. This is what a replay answers the interpreter's task calls with,
// and what a Step Functions Local mock config is written from (test-case.ts).
import { payloadText } from './decode-payload.ts';
import type { HistoryEvent } from './types.ts';

/** The three kinds of task event families a history schedules. */
export type TaskFamily = 'Task' | 'LambdaFunction' | 'Activity';

/**
 * One recorded call, in Step Functions Local's words where it has them: `Return` (the
 * *Succeeded output, as a JSON value) or `Throw` (the *Failed error and cause). `TimedOut` (a
 * *TimedOut event: the interpreter's own timer wrote it) and `Pending` (still running when the
 * execution ended: stopped, timed out, or cancelled by a failing sibling) have no mock-config form.
 * `Submitted` is the TaskSubmitted output of a `.sync`/`.waitForTaskToken` call.
 */
export type RecordedTaskOutcome =
  | { Return: unknown; Submitted?: unknown }
  | { Throw: { Error: string; Cause?: string }; Submitted?: unknown }
  | { TimedOut: { Error: string; Cause?: string }; Submitted?: unknown }
  | { Pending: true; Submitted?: unknown };

export interface TaskCall {
  family: TaskFamily;
  /** The *Scheduled event; null where the recording masked it. */
  scheduledEventId: number | null;
  /** The *Scheduled event's resource and resourceType (Task family only), as recorded. */
  resource: string | null;
  resourceType: string | null;
  outcome: RecordedTaskOutcome;
}

export interface TaskOutcomes {
  /** Per Task state name, its calls in call order (the order of their *Scheduled events). */
  byState: Map<string, TaskCall[]>;
  /**
   * Calls that cannot be tied to a state: the recording masked their ids (the corpus's Parallel
   * branches, DESIGN.md §2.2), so no previousEventId leads back to a TaskStateEntered. In the
   * order they appear; a replay hands them out to calls no state's list answers.
   */
  unowned: TaskCall[];
}

const SCHEDULED = /^(Task|LambdaFunction|Activity)Scheduled$/;
const CLOSED = /^(Task|LambdaFunction|Activity)(Succeeded|Failed|TimedOut)$/;
/** How far below a *Scheduled event its outcome may be: Scheduled → Started → Submitted → Succeeded. */
const OUTCOME_DEPTH = 4;

/** The JSON value of a payload received as JSON text; other values as they are. */
export function payloadValue(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function errorOf(details: Record<string, unknown>): { Error: string; Cause?: string } {
  const thrown: { Error: string; Cause?: string } = { Error: typeof details.error === 'string' ? details.error : String(details.error ?? '') };
  const cause = payloadText(details.cause);
  if (cause !== null) thrown.Cause = cause;
  return thrown;
}

function outcomeOf(event: HistoryEvent): RecordedTaskOutcome {
  if (event.type.endsWith('Succeeded')) return { Return: payloadValue(event.details.output ?? null) };
  if (event.type.endsWith('TimedOut')) return { TimedOut: errorOf(event.details) };
  return { Throw: errorOf(event.details) };
}

/**
 * The task calls of one execution (events in chronological order, as parseHistory gives them).
 * A call belongs to the nearest TaskStateEntered reached through previousEventId; its outcome is
 * the first *Succeeded/*Failed/*TimedOut of its family within a few links below it (through
 * *Started and TaskSubmitted). O(events).
 */
export function taskOutcomes(events: readonly HistoryEvent[]): TaskOutcomes {
  // Owner state of each event: the nearest TaskStateEntered up the previousEventId chain. A
  // previousEventId is always smaller than the id, so one pass in id order fills it.
  const owner = new Map<number, string | null>();
  const children = new Map<number, HistoryEvent[]>();
  for (const event of events) {
    const prev = event.previousEventId ?? 0;
    if (event.id !== null) {
      owner.set(event.id, event.type === 'TaskStateEntered' ? String(event.details.name) : prev === 0 ? null : (owner.get(prev) ?? null));
    }
    if (event.id !== null || prev !== 0) {
      const list = children.get(prev);
      if (list) list.push(event);
      else children.set(prev, [event]);
    }
  }
  const maskedOutcomes = events.filter((e) => e.id === null && CLOSED.test(e.type));
  // Masked TaskSubmitted events (a .waitForTaskToken/.sync call in a branch): paired with the masked
  // calls of the same resource in order, so a replay writes them too (AWS writes TaskSubmitted
  // before a callback's success or failure).
  const maskedSubmitted = events.filter((e) => e.id === null && e.type === 'TaskSubmitted');
  const byState = new Map<string, TaskCall[]>();
  const unowned: TaskCall[] = [];
  for (const event of events) {
    const match = SCHEDULED.exec(event.type);
    if (!match) continue;
    const family = match[1] as TaskFamily;
    const resource = typeof event.details.resource === 'string' ? event.details.resource : null;
    const resourceType = typeof event.details.resourceType === 'string' ? event.details.resourceType : null;
    if (event.id === null) {
      // Masked branch events lost their links: pair them with the masked outcomes in order.
      // The masked outcome of the same resource (a branch's calls differ by resource), else the next one.
      const same = maskedOutcomes.findIndex((e) => e.type.startsWith(family) && (e.details.resource ?? null) === resource && (e.details.resourceType ?? null) === resourceType);
      const closed = same >= 0 ? maskedOutcomes.splice(same, 1)[0] : maskedOutcomes.shift();
      const outcome: RecordedTaskOutcome = closed ? outcomeOf(closed) : { Pending: true };
      if (family === 'Task' && resource !== null && /\.(waitForTaskToken|sync(:2)?)$/.test(resource)) {
        const at = maskedSubmitted.findIndex((e) => e.details.resource === resource && e.details.resourceType === resourceType);
        if (at >= 0) outcome.Submitted = payloadValue(maskedSubmitted.splice(at, 1)[0]?.details.output ?? {});
      }
      unowned.push({ family, scheduledEventId: null, resource, resourceType, outcome });
      continue;
    }
    let outcome: RecordedTaskOutcome = { Pending: true };
    let submitted: unknown;
    let frontier = [event.id];
    for (let depth = 0; depth < OUTCOME_DEPTH && frontier.length > 0; depth += 1) {
      const next: number[] = [];
      for (const id of frontier) {
        for (const child of children.get(id) ?? []) {
          if (child.type === 'TaskSubmitted') submitted = payloadValue(child.details.output ?? {});
          if (CLOSED.test(child.type) && child.type.startsWith(family)) outcome = outcomeOf(child);
          else if (child.id !== null && /(Started|Submitted)$/.test(child.type)) next.push(child.id);
        }
      }
      frontier = next;
    }
    if (submitted !== undefined) outcome.Submitted = submitted;
    const call: TaskCall = { family, scheduledEventId: event.id, resource, resourceType, outcome };
    const stateName = owner.get(event.id) ?? null;
    if (stateName === null) unowned.push(call);
    else {
      const list = byState.get(stateName);
      if (list) list.push(call);
      else byState.set(stateName, [call]);
    }
  }
  return { byState, unowned };
}
