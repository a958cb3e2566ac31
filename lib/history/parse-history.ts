// Any accepted history input (DESIGN.md §2.2) -> HistoryEvent[] in chronological order.
//
// Accepted: `aws stepfunctions get-execution-history` output (`{"events": [...]}`, either order,
// CLI v1 epoch-seconds or v2 ISO timestamps), a bare array of events, an object with an `events`
// array and other keys (the corpus files), CloudWatch Logs records of one execution (an array,
// JSON lines, or `aws logs filter-log-events` output whose `events[].message` hold the records).
// Only an input that is not JSON / JSON lines, or has no element with a `type`, is an error;
// odd single elements are kept when they have a type and reported in `warnings`.
import { isHistoryEventType } from './history-event-types.ts';
import { HistoryInputError } from './history-input-error.ts';
import { parseTimestamp } from './parse-timestamp.ts';
import type { HistoryEvent, HistoryForm, ParsedHistory } from './types.ts';
import { WarningList } from './warning-list.ts';

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseText(text: string, warnings: WarningList): unknown {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // PowerShell redirects add a BOM
  if (s.trim() === '') throw new HistoryInputError('empty input (not JSON or JSON lines)');
  try {
    return JSON.parse(s) as unknown;
  } catch {
    // JSON lines: one record per line (CloudWatch Logs exports, `jq -c` output).
  }
  const values: unknown[] = [];
  const badLines: number[] = [];
  const lines = s.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (line === '') continue;
    try {
      values.push(JSON.parse(line) as unknown);
    } catch {
      badLines.push(i + 1);
    }
  }
  // A log export may hold a truncated line: keep the records that parse and say which did not.
  // Nothing parsing at all means the input is not JSON lines.
  if (values.length === 0) throw new HistoryInputError(`not JSON or JSON lines (line ${badLines[0] ?? 1} does not parse)`);
  for (const line of badLines) warnings.add('line is not JSON; dropped', `line ${line}`);
  return values;
}

/** Finds the list of elements and the wrapping object (if any) that held it. */
function locateElements(value: unknown): { elements: unknown[]; wrapper: Rec | null } {
  if (Array.isArray(value)) {
    // JSON lines of `filter-log-events` pages (one `{"events": [...]}` object per line).
    if (value.length > 0 && value.every((v) => isRecord(v) && Array.isArray(v.events) && typeof v.type !== 'string')) {
      return { elements: value.flatMap((v) => (v as { events: unknown[] }).events), wrapper: null };
    }
    return { elements: value, wrapper: null };
  }
  if (isRecord(value)) {
    if (Array.isArray(value.events)) return { elements: value.events, wrapper: value };
    // CloudWatch Logs subscription payloads call the list logEvents.
    if (Array.isArray(value.logEvents)) return { elements: value.logEvents, wrapper: value };
    if (typeof value.type === 'string') return { elements: [value], wrapper: null };
  }
  throw new HistoryInputError('no events array');
}

/**
 * A `filter-log-events` event (`{timestamp, message, ...}`) or a bare message string holds the
 * CloudWatch Logs record as JSON text; anything else is the record itself.
 */
function unwrapRecord(el: unknown): { rec: unknown; logTimestamp: unknown } {
  if (typeof el === 'string') {
    try {
      return { rec: JSON.parse(el) as unknown, logTimestamp: undefined };
    } catch {
      return { rec: el, logTimestamp: undefined };
    }
  }
  if (isRecord(el) && typeof el.type !== 'string' && typeof el.message === 'string') {
    try {
      return { rec: JSON.parse(el.message) as unknown, logTimestamp: el.timestamp };
    } catch {
      return { rec: el, logTimestamp: undefined };
    }
  }
  return { rec: el, logTimestamp: undefined };
}

/** Integer id from a number or numeric string; undefined for anything else (incl. the `[0]` mask). */
function parseId(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return Number(v);
  return undefined;
}

/** The recordings mask ids inside Parallel branches as the JSON list `[0]`. */
function isMaskedId(v: unknown): boolean {
  return Array.isArray(v) && v.length === 1 && v[0] === 0;
}

/**
 * API form: exactly one `<lowerCamelType>EventDetails` key (all *StateEntered share
 * `stateEnteredEventDetails`, MapIteration* `mapIteration…`), so take any key ending in
 * EventDetails, preferring the one named after the type.
 */
const detailsKeys = new Map<string, string>();

function apiDetails(rec: Rec, type: string): Record<string, unknown> {
  let key = detailsKeys.get(type);
  if (key === undefined) {
    key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
    if (detailsKeys.size < 1000) detailsKeys.set(type, key); // bounded: types are untrusted input
  }
  const preferred = rec[key];
  if (isRecord(preferred)) return preferred;
  for (const key in rec) {
    if (key.endsWith('EventDetails')) {
      const v = rec[key];
      if (isRecord(v)) return v;
    }
  }
  return {};
}

function isLogRecord(rec: Rec): boolean {
  return 'previous_event_id' in rec || 'event_timestamp' in rec || 'execution_arn' in rec || 'details' in rec;
}

/**
 * An event's details as parseHistory takes them from the event as received (`raw`): a CloudWatch
 * Logs record's `details`, else the API form's `<type>EventDetails` object; `{}` when there is
 * none. The value is the object inside `raw` (no copy). The store keeps only `raw` and derives the
 * details with this on read (the prisma migration event_details_once_retention mirrors it in SQL).
 */
export function detailsOfRaw(raw: unknown, type: string): Record<string, unknown> {
  if (!isRecord(raw)) return {};
  if (isLogRecord(raw)) return isRecord(raw.details) ? raw.details : {};
  return apiDetails(raw, type);
}

/** An event's own fields as parseHistory takes them from one record (`raw`) alone. */
export interface RawEventFields {
  id: number | null;
  previousEventId: number | null;
  /** null when the record has no non-empty string `type` (parseHistory drops such records). */
  type: string | null;
  timestamp: number | null;
}

/**
 * id, previousEventId, type and timestamp exactly as parseHistory derives them from `raw` (ids:
 * numbers or numeric strings, 0 and the `[0]` mask are null; the timestamp of a CloudWatch Logs
 * record is its event_timestamp, else its timestamp) — except for a `filter-log-events` record
 * whose timestamp only its wrapper held. The store keeps `raw` and derives these on read
 * (lib/store/events), keeping apart only the values that differ.
 */
export function eventFieldsOfRaw(raw: unknown): RawEventFields {
  if (!isRecord(raw)) return { id: null, previousEventId: null, type: null, timestamp: null };
  const logForm = isLogRecord(raw);
  const id = parseId(raw.id) ?? null;
  const rawPrev = 'previousEventId' in raw ? raw.previousEventId : raw.previous_event_id;
  return {
    // AWS ids start at 1; 0 is what masking tools write. Treat it as masked, not as an id.
    id: id === 0 ? null : id,
    previousEventId: parseId(rawPrev) ?? null,
    type: typeof raw.type === 'string' && raw.type !== '' ? raw.type : null,
    timestamp: parseTimestamp(logForm ? (raw.event_timestamp ?? raw.timestamp) : raw.timestamp),
  };
}

interface Keyed {
  event: HistoryEvent;
  /** Sort key: the event's id, or for a masked event the id of the last real event before it. */
  anchor: number;
  /** 0 for a real id; 1 for masked events, so they follow their anchor. */
  masked: 0 | 1;
  input: number;
}

/**
 * Chronological order. Ids are the order (timestamps tie to the ms, so never sort by time). A
 * newest-first history is reversed; other disorder is fixed with a stable sort in which masked
 * events (null id) stay right after the real event they followed in the input.
 */
function order(events: HistoryEvent[], warnings: WarningList): HistoryEvent[] {
  let first: number | null = null;
  let last: number | null = null;
  for (const e of events) {
    if (e.id === null) continue;
    if (first === null) first = e.id;
    last = e.id;
  }
  let list = first !== null && last !== null && first > last ? events.slice().reverse() : events;
  let sorted = true;
  let prevId = -Infinity;
  for (const e of list) {
    if (e.id === null) continue;
    if (e.id <= prevId) {
      sorted = false;
      break;
    }
    prevId = e.id;
  }
  if (!sorted) {
    let anchor = -Infinity;
    const keyed: Keyed[] = list.map((event, input) => {
      if (event.id !== null) anchor = event.id;
      return { event, anchor: event.id ?? anchor, masked: event.id === null ? 1 : 0, input };
    });
    keyed.sort((a, b) => a.anchor - b.anchor || a.masked - b.masked || a.input - b.input);
    // Duplicate ids (CloudWatch Logs may deliver a record twice; overlapping pages): keep the first.
    const out: HistoryEvent[] = [];
    let lastId: number | null = null;
    for (const k of keyed) {
      if (k.event.id !== null && k.event.id === lastId) {
        warnings.add('duplicate event id; later copy dropped', k.event.id);
        continue;
      }
      if (k.event.id !== null) lastId = k.event.id;
      out.push(k.event);
    }
    list = out;
  }
  for (let i = 0; i < list.length; i++) (list[i] as HistoryEvent).position = i;
  return list;
}

function stringField(rec: Rec | null | undefined, key: string): string | null {
  const v = rec?.[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

/**
 * Parses one execution's history from text (JSON or JSON lines), bytes, or an already parsed
 * value. Throws HistoryInputError only when nothing usable is there.
 */
export function parseHistory(input: unknown): ParsedHistory {
  const warnings = new WarningList();
  let value: unknown = input;
  if (input instanceof Uint8Array) value = new TextDecoder().decode(input);
  if (typeof value === 'string') value = parseText(value, warnings);

  const { elements, wrapper } = locateElements(value);
  const records = elements.map(unwrapRecord);
  if (!records.some(({ rec }) => isRecord(rec) && typeof rec.type === 'string')) {
    throw new HistoryInputError(elements.length === 0 ? 'no events (empty events array)' : 'no element has a "type"');
  }

  const events: HistoryEvent[] = [];
  const arns = new Set<string>();
  let logRecords = 0;
  for (let i = 0; i < records.length; i++) {
    const { rec, logTimestamp } = records[i] as { rec: unknown; logTimestamp: unknown };
    if (!isRecord(rec)) {
      warnings.add('element is not an object; dropped', `element ${i}`);
      continue;
    }
    const type = rec.type;
    if (typeof type !== 'string' || type === '') {
      warnings.add('element has no "type"; dropped', `element ${i}`);
      continue;
    }
    const logForm = isLogRecord(rec);
    if (logForm) logRecords += 1;

    const fields = eventFieldsOfRaw(rec);
    const { id, previousEventId } = fields;
    if (parseId(rec.id) === undefined && !isMaskedId(rec.id)) warnings.add('event has no usable id', `${type} at element ${i}`);
    // A log record without a timestamp of its own has its filter-log-events wrapper's.
    const timestamp = logForm && rec.event_timestamp == null && rec.timestamp == null ? parseTimestamp(logTimestamp) : fields.timestamp;
    const details = detailsOfRaw(rec, type);

    const arn = stringField(rec, 'execution_arn') ?? stringField(rec, 'executionArn');
    if (arn !== null) arns.add(arn);

    events.push({ id, previousEventId, type, timestamp, details, position: 0, raw: rec });
  }

  const wrapperArn =
    stringField(wrapper, 'executionArn') ??
    stringField(isRecord(wrapper?.describeExecution) ? wrapper.describeExecution : null, 'executionArn');
  if (arns.size > 1) warnings.add(`records of ${arns.size} different executions (execution_arn) analysed together`);
  const form: HistoryForm = logRecords * 2 > events.length ? 'cloudwatch-logs' : 'api';

  const ordered = order(events, warnings);
  // Same wording as analyzeExecution's warning, so analyzeHistory can merge the two lists.
  for (const e of ordered) if (!isHistoryEventType(e.type)) warnings.add(`unknown event type "${e.type}"; kept`, e.id ?? `position ${e.position}`);
  return {
    events: ordered,
    form,
    executionArn: arns.values().next().value ?? wrapperArn,
    warnings: warnings.toArray(),
    ...(wrapper && wrapper.definition !== undefined && wrapper.definition !== null ? { definition: wrapper.definition } : {}),
  };
}
