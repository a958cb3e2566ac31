// Reading a corpus file (../shared/aws-histories) into what the parity suite needs: the events in
// id order with their details unwrapped, and, per Task state, the outcomes AWS recorded in call
// order (in effect a Step Functions Local mock config derived from the recording).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS = path.resolve(here, '../../../../../shared/aws-histories');

export interface CorpusFile {
  file: string;
  kind: string;
  definition: Record<string, unknown> | null;
  input: unknown;
  events: Array<Record<string, unknown>>;
  meta: Record<string, unknown>;
}

export interface RecEvent {
  /** null where LocalStack masked the id (Parallel branches). */
  id: number | null;
  prev: number;
  type: string;
  details: Record<string, unknown>;
}

export function corpusFiles(): string[] {
  if (!existsSync(CORPUS)) throw new Error(`corpus folder missing: ${CORPUS}`);
  const top = readdirSync(CORPUS).filter((f) => f.endsWith('.json'));
  const dir = path.join(CORPUS, 'unverified');
  const unverified = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => `unverified/${f}`) : [];
  return [...top, ...unverified].sort();
}

export function readCorpusFile(name: string): CorpusFile {
  const raw = JSON.parse(readFileSync(path.join(CORPUS, name), 'utf8')) as Omit<CorpusFile, 'file'>;
  return { ...raw, file: name };
}

export function recordedEvents(file: CorpusFile): RecEvent[] {
  const events = file.events.map((e): RecEvent => {
    const key = Object.keys(e).find((k) => k.endsWith('EventDetails'));
    return {
      id: typeof e.id === 'number' ? e.id : null,
      prev: typeof e.previousEventId === 'number' ? e.previousEventId : 0,
      type: String(e.type),
      details: (key ? (e[key] as Record<string, unknown>) : {}) ?? {},
    };
  });
  const ids = events.map((e) => e.id).filter((x): x is number => x !== null);
  // One history was recorded newest first.
  if (ids.length > 1 && (ids[0] as number) > (ids[ids.length - 1] as number)) events.reverse();
  return events;
}

export type RecordedOutcome =
  | { kind: 'succeeded'; output: unknown; submitted?: unknown }
  | { kind: 'failed'; error: string; cause?: string; submitted?: unknown }
  | { kind: 'timedOut'; submitted?: unknown }
  | { kind: 'pending'; submitted?: unknown };

export interface RecordedTask {
  family: 'Task' | 'LambdaFunction' | 'Activity';
  scheduled: Record<string, unknown>;
  outcome: RecordedOutcome;
}

const SCHEDULED = /^(Task|LambdaFunction|Activity)Scheduled$/;

export function causeText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Per state name, the task calls in the order AWS scheduled them, each with its outcome: the
 * *Succeeded output, *Failed error and cause, *TimedOut, or nothing (still running when the
 * execution ended). Masked (Parallel) calls cannot be tied to a state and go to `unowned`.
 */
export function recordedTasks(events: RecEvent[]): { byState: Map<string, RecordedTask[]>; unowned: RecordedTask[] } {
  const byId = new Map<number, RecEvent>();
  const children = new Map<number, RecEvent[]>();
  for (const e of events) {
    if (e.id !== null) byId.set(e.id, e);
    if (e.id !== null || e.prev !== 0) {
      const list = children.get(e.prev) ?? [];
      list.push(e);
      children.set(e.prev, list);
    }
  }
  const byState = new Map<string, RecordedTask[]>();
  const unowned: RecordedTask[] = [];
  const maskedOutcomes = events.filter((e) => e.id === null && /^(Task|LambdaFunction|Activity)(Succeeded|Failed|TimedOut)$/.test(e.type));
  for (const e of events) {
    const m = SCHEDULED.exec(e.type);
    if (!m) continue;
    const family = m[1] as RecordedTask['family'];
    if (e.id === null) {
      const out = maskedOutcomes.shift();
      unowned.push({ family, scheduled: e.details, outcome: out ? toOutcome(out) : { kind: 'pending' } });
      continue;
    }
    let owner: string | null = null;
    for (let cur = byId.get(e.prev); cur; cur = byId.get(cur.prev)) {
      if (cur.type === 'TaskStateEntered') {
        owner = String(cur.details.name);
        break;
      }
      if (cur.prev === 0) break;
    }
    let outcome: RecordedOutcome = { kind: 'pending' };
    let submitted: unknown;
    let frontier = [e.id];
    for (let depth = 0; depth < 4 && frontier.length > 0; depth += 1) {
      const nextFrontier: number[] = [];
      for (const id of frontier) {
        for (const c of children.get(id) ?? []) {
          if (c.type === 'TaskSubmitted') submitted = c.details.output ?? {};
          const o = /(Succeeded|Failed|TimedOut)$/.test(c.type) && c.type.startsWith(family) ? toOutcome(c) : null;
          if (o) outcome = o;
          else if (c.id !== null && /(Started|Submitted)$/.test(c.type)) nextFrontier.push(c.id);
        }
      }
      frontier = nextFrontier;
    }
    if (submitted !== undefined) outcome.submitted = submitted;
    const task: RecordedTask = { family, scheduled: e.details, outcome };
    if (owner === null) unowned.push(task);
    else {
      const list = byState.get(owner) ?? [];
      list.push(task);
      byState.set(owner, list);
    }
  }
  return { byState, unowned };
}

function toOutcome(e: RecEvent): RecordedOutcome {
  if (e.type.endsWith('Succeeded')) return { kind: 'succeeded', output: e.details.output ?? null };
  if (e.type.endsWith('TimedOut')) return { kind: 'timedOut' };
  const o: RecordedOutcome = { kind: 'failed', error: String(e.details.error ?? '') };
  const cause = causeText(e.details.cause);
  if (cause !== undefined) o.cause = cause;
  return o;
}
