// Whether a replayed history reproduces a recorded one event for event (DESIGN.md §2.10), and
// where it first differs: event types in order, ids, previousEventId, state names, Map iteration
// indexes, errors and causes (compared as JSON values where both are JSON). Timestamps, inputs,
// outputs and parameters are not compared: they follow from what is compared, or vary by run.
import { payloadText } from './decode-payload.ts';
import { payloadValue } from './task-outcomes.ts';

/** What the comparison reads of an event: HistoryEvent and the emulator's EmittedEvent both fit. */
export interface ComparableEvent {
  id: number | null;
  previousEventId: number | null;
  type: string;
  details?: Record<string, unknown>;
}

/** An event as a difference shows it. */
export interface EventSummary {
  id: number | null;
  previousEventId: number | null;
  type: string;
  stateName?: string;
  index?: number;
  error?: string;
  cause?: string;
}

export type DifferenceField = 'missing' | 'extra' | 'type' | 'id' | 'previousEventId' | 'stateName' | 'index' | 'error' | 'cause' | 'maskedEvents' | 'lastId';

export interface HistoryDifference {
  /** The recorded event's id where it differs (the replayed one's when the recording has none there). */
  eventId: number | null;
  /** Beyond §2.10: which property differs first. */
  field: DifferenceField;
  expected: EventSummary | null;
  got: EventSummary | null;
  /** Beyond §2.10: one line saying it. */
  message: string;
}

export interface CompareHistoriesOptions {
  /**
   * Whether recorded text matches replayed text (error causes, and strings inside causes that are
   * JSON); default equality. The corpus harness passes a placeholder-tolerant test.
   */
  textMatches?: (recorded: string, replayed: string) => boolean;
  /** The recording stops before the execution ended: only its length of the replay is compared. */
  prefixOnly?: boolean;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const equalText = (a: string, b: string): boolean => a === b;

/** Recorded vs replayed value: strings holding JSON compared as values, at every level. */
export function valueMatches(recorded: unknown, replayed: unknown, textMatches: (a: string, b: string) => boolean = equalText): boolean {
  const r = payloadValue(recorded);
  const o = payloadValue(replayed);
  if (typeof r === 'string') return textMatches(r, typeof o === 'string' ? o : JSON.stringify(o));
  if (Array.isArray(r)) return Array.isArray(o) && r.length === o.length && r.every((v, i) => valueMatches(v, o[i], textMatches));
  if (isObject(r)) {
    if (!isObject(o)) return false;
    const keys = Object.keys(r);
    return keys.length === Object.keys(o).length && keys.every((k) => Object.hasOwn(o, k) && valueMatches(r[k], o[k], textMatches));
  }
  return r === o;
}

const CAUSE_SHOWN = 300;

export function summarizeEvent(event: ComparableEvent): EventSummary {
  const d = event.details ?? {};
  const summary: EventSummary = { id: event.id, previousEventId: event.previousEventId ?? 0, type: event.type };
  if (d.name !== undefined) summary.stateName = String(d.name);
  if (typeof d.index === 'number') summary.index = d.index;
  if (d.error !== undefined) summary.error = String(d.error);
  const cause = payloadText(d.cause);
  if (cause !== null) summary.cause = cause.length > CAUSE_SHOWN ? `${cause.slice(0, CAUSE_SHOWN)}…` : cause;
  return summary;
}

function describeEvent(s: EventSummary | null): string {
  if (s === null) return '(none)';
  const name = s.stateName !== undefined ? ` ${s.stateName}` : '';
  const index = s.index !== undefined ? ` [${s.index}]` : '';
  const error = s.error !== undefined ? ` error=${s.error}` : '';
  return `#${s.id ?? 'masked'} (previous ${s.previousEventId ?? 0}) ${s.type}${name}${index}${error}`;
}

/** The first property in which two events differ, or null. */
function differingField(r: ComparableEvent, o: ComparableEvent, textMatches: (a: string, b: string) => boolean): DifferenceField | null {
  const rd = r.details ?? {};
  const od = o.details ?? {};
  if (r.type !== o.type) return 'type';
  if (r.id !== o.id) return 'id';
  if ((r.previousEventId ?? 0) !== (o.previousEventId ?? 0)) return 'previousEventId';
  if ((rd.name ?? null) !== (od.name ?? null)) return 'stateName';
  if (r.type.startsWith('MapIteration') && rd.index !== od.index) return 'index';
  if ((rd.error ?? null) !== (od.error ?? null)) return 'error';
  const rc = rd.cause;
  const oc = od.cause;
  if (rc === undefined || oc === undefined) return rc === oc ? null : 'cause';
  return valueMatches(rc, oc, textMatches) ? null : 'cause';
}

function difference(field: DifferenceField, r: ComparableEvent | undefined, o: ComparableEvent | undefined, position: number | null): HistoryDifference {
  const expected = r ? summarizeEvent(r) : null;
  const got = o ? summarizeEvent(o) : null;
  const where = position === null ? `event #${expected?.id ?? got?.id ?? '?'}` : `event ${position + 1}`;
  return {
    eventId: expected?.id ?? got?.id ?? null,
    field,
    expected,
    got,
    message: `${where} differs (${field}): recorded ${describeEvent(expected)} | replayed ${describeEvent(got)}`,
  };
}

/**
 * Recordings whose Parallel branch events have masked ids (`"id": [0]` in the corpus, null once
 * parsed; DESIGN.md §2.2): the events that kept their ids must match one for one by id; the
 * masked ones, whose order was lost, must match the replayed branch events as a multiset of type,
 * state name and error. The masking also dropped ParallelStateSucceeded/Failed and the Exited
 * events of nested Parallel states, so those replayed events are left out of the multiset.
 */
function compareMasked(recorded: readonly ComparableEvent[], replayed: readonly ComparableEvent[], textMatches: (a: string, b: string) => boolean): HistoryDifference | null {
  const byId = new Map(replayed.map((e) => [e.id, e]));
  for (const r of recorded) {
    if (r.id === null) continue;
    const o = byId.get(r.id);
    if (!o) return difference('missing', r, undefined, null);
    const field = differingField(r, o, textMatches);
    if (field !== null) return difference(field, r, o, null);
  }
  const visible = new Set<number | null>(recorded.map((r) => r.id).filter((id) => id !== null));
  const key = (e: ComparableEvent): string => {
    const d = e.details ?? {};
    return `${e.type}|${d.name === undefined ? '' : String(d.name)}|${d.error === undefined ? '' : String(d.error)}`;
  };
  const theirs = recorded.filter((r) => r.id === null).map(key).sort();
  const mine = replayed.filter((o) => !visible.has(o.id) && !/^ParallelState(Succeeded|Failed|Exited)$/.test(o.type)).map(key).sort();
  if (theirs.join('\n') !== mine.join('\n')) {
    const missing = theirs.filter((k) => !mine.includes(k));
    const extra = mine.filter((k) => !theirs.includes(k));
    return {
      eventId: null,
      field: 'maskedEvents',
      expected: null,
      got: null,
      message: `masked branch events differ: recorded only [${missing.join(', ')}] | replayed only [${extra.join(', ')}]`,
    };
  }
  const lastRecorded = recorded.reduce((m, r) => Math.max(m, r.id ?? 0), 0);
  const lastReplayed = replayed.reduce((m, o) => Math.max(m, o.id ?? 0), 0);
  if (lastRecorded !== lastReplayed) {
    return { eventId: lastRecorded, field: 'lastId', expected: null, got: null, message: `last event id: recorded ${lastRecorded} | replayed ${lastReplayed}` };
  }
  return null;
}

/**
 * The first difference between a recorded history and its replay (both in chronological order),
 * or null when the replay reproduces it. O(events).
 */
export function compareHistories(recorded: readonly ComparableEvent[], replayed: readonly ComparableEvent[], options: CompareHistoriesOptions = {}): HistoryDifference | null {
  const textMatches = options.textMatches ?? equalText;
  if (recorded.some((e) => e.id === null)) return compareMasked(recorded, replayed, textMatches);
  const mine = options.prefixOnly ? replayed.slice(0, recorded.length) : replayed;
  const n = Math.max(recorded.length, mine.length);
  for (let i = 0; i < n; i += 1) {
    const r = recorded[i];
    const o = mine[i];
    if (!o) return difference('missing', r, undefined, i);
    if (!r) return difference('extra', undefined, o, i);
    const field = differingField(r, o, textMatches);
    if (field !== null) return difference(field, r, o, i);
  }
  return null;
}
