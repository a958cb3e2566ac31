// History events in chunks (HistoryEventChunk, prisma/schema.prisma): each chunk holds
// consecutive events as one JSON array of their texts exactly as received, so the per-row costs
// (the execution ARN in the row and in the key index, row headers) are paid once per chunk, not
// once per event. Everything else a stored event has (id, type, previousEventId, timestamp,
// details, position) is what lib/history derives from its raw text (eventFieldsOfRaw,
// detailsOfRaw) for every event parseHistory produced; a chunk's sparse `extra` keeps the value
// only where it differs (a caller-built event, a log record's wrapper timestamp, a gap in the
// positions), so equal events in are equal events out.
import { jsonText } from '../../history/json-text.ts';
import { detailsOfRaw, eventFieldsOfRaw } from '../../history/parse-history.ts';
import type { HistoryEvent } from '../../history/types.ts';
import { StoreError } from '../db/errors.ts';

/**
 * A new chunk is started after this many events or this many UTF-8 bytes of event JSON,
 * whichever comes first (a single larger event is a chunk of its own). 128 events of the
 * typical ~250 B keep SQLite's half-filled last overflow page per chunk at a few % of the
 * chunk; 64 KiB bounds what an append rewrites (the last chunk) and what a window read parses.
 */
export const CHUNK_MAX_EVENTS = 128;
export const CHUNK_MAX_BYTES = 64 * 1024;

/** One stored event as the store's columns held it before chunks (and dumps still show it). */
export interface StoredEvent {
  eventKey: number;
  id: number | null;
  type: string;
  previousEventId: number | null;
  /** Epoch ms (whole), null when missing or unparseable. */
  timestamp: number | null;
  /** JSON text of the details where they are not raw's own (detailsOfRaw); null otherwise. */
  details: string | null;
  /** JSON text of the event exactly as received. */
  raw: string;
  position: number;
}

/** A HistoryEventChunk row's data columns. */
export interface ChunkData {
  firstPosition: number;
  eventCount: number;
  minKey: number;
  maxKey: number;
  extra: string | null;
  events: string;
}

/** What `extra` may hold for one event: the stored value where the derived one differs. */
interface EventExtra {
  eventKey?: number;
  id?: number | null;
  type?: string;
  previousEventId?: number | null;
  timestamp?: number | null;
  details?: string | null;
  position?: number;
}

/** HistoryEvent key in the store: the event id, or -(position + 1) for a masked id (stable across re-imports). */
export function eventKeyOf(event: { id: unknown; position: unknown }): number {
  return intValue(event.id) ?? -((intValue(event.position) ?? 0) + 1);
}

/** Finite number (truncated) or bigint → number; anything else → null. */
export function intValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

/** The event as the store keeps it (whole-ms timestamp, details text only where not raw's own). */
export function storedEventOf(event: HistoryEvent): StoredEvent {
  const ms = intValue(event.timestamp);
  const type = typeof event.type === 'string' ? event.type : (jsonText(event.type) ?? null);
  // A missing type was a NOT NULL violation of the old column: the batch is refused, as then.
  if (type === null) throw new StoreError(`history event at position ${String(event.position)} has no type`);
  return {
    eventKey: eventKeyOf(event),
    id: intValue(event.id),
    type,
    previousEventId: intValue(event.previousEventId),
    timestamp: ms !== null && Number.isFinite(new Date(ms).getTime()) ? ms : null,
    details: ownDetailsText(event, type),
    // JSON text keeps key order and values as parsed: the event as received (any depth: json-text.ts).
    raw: jsonText(event.raw) ?? 'null',
    position: intValue(event.position) ?? 0,
  };
}

/**
 * Details text only for an event whose details differ from raw's (detailsOfRaw: parseHistory's
 * own, and so every parsed event), so the event is stored once.
 */
function ownDetailsText(event: HistoryEvent, type: string): string | null {
  const details = event.details ?? {};
  const fromRaw = detailsOfRaw(event.raw, type);
  if (fromRaw === details) return null;
  const text = jsonText(details) ?? '{}';
  return text === (jsonText(fromRaw) ?? '{}') ? null : text;
}

/** Read order: position, then key (what ORDER BY position, eventKey gave). */
export function compareStored(a: StoredEvent, b: StoredEvent): number {
  return a.position - b.position || a.eventKey - b.eventKey;
}

/** One chunk of `events` (already in read order, at least one). */
export function encodeChunk(events: readonly StoredEvent[]): ChunkData {
  const first = events[0];
  if (first === undefined) throw new StoreError('an event chunk needs at least one event');
  const extras: Record<string, EventExtra> = {};
  let anyExtra = false;
  let minKey = first.eventKey;
  let maxKey = first.eventKey;
  let expectedPosition = first.position;
  const texts: string[] = [];
  events.forEach((event, i) => {
    texts.push(event.raw);
    minKey = Math.min(minKey, event.eventKey);
    maxKey = Math.max(maxKey, event.eventKey);
    const extra = extraOf(event, expectedPosition);
    expectedPosition = event.position + 1;
    if (extra !== null) {
      extras[String(i)] = extra;
      anyExtra = true;
    }
  });
  return {
    firstPosition: first.position,
    eventCount: events.length,
    minKey,
    maxKey,
    extra: anyExtra ? JSON.stringify(extras) : null,
    events: `[${texts.join(',')}]`,
  };
}

function extraOf(event: StoredEvent, expectedPosition: number): EventExtra | null {
  const raw = parseRaw(event.raw);
  const derived = eventFieldsOfRaw(raw);
  const extra: EventExtra = {};
  let any = false;
  const set = <K extends keyof EventExtra>(key: K, value: EventExtra[K]) => {
    extra[key] = value;
    any = true;
  };
  if (derived.id !== event.id) set('id', event.id);
  if (derived.type !== event.type) set('type', event.type);
  if (derived.previousEventId !== event.previousEventId) set('previousEventId', event.previousEventId);
  if (derived.timestamp !== event.timestamp) set('timestamp', event.timestamp);
  if (event.details !== null) set('details', event.details);
  if (event.position !== expectedPosition) set('position', event.position);
  if (event.eventKey !== (event.id ?? -(event.position + 1))) set('eventKey', event.eventKey);
  return any ? extra : null;
}

function parseRaw(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // not JSON (never written by the store): every field is kept in `extra`
  }
}

/** A decoded event: the stored fields, raw parsed, and its text only when asked for. */
export interface DecodedEvent extends Omit<StoredEvent, 'raw' | 'details'> {
  /** The details: the stored text's value where kept apart, else raw's own (detailsOfRaw). */
  details: Record<string, unknown>;
  /** The stored details text where kept apart (null: raw's own). */
  detailsText: string | null;
  raw: unknown;
}

/**
 * The events of one chunk, in read order. `withText` also returns each event's raw text exactly
 * as stored (split from the array text), for dumps and byte-exact checks.
 */
export function decodeChunk(chunk: { firstPosition: number; extra: string | null; events: string }): DecodedEvent[];
export function decodeChunk(chunk: { firstPosition: number; extra: string | null; events: string }, withText: true): Array<DecodedEvent & { rawText: string }>;
export function decodeChunk(chunk: { firstPosition: number; extra: string | null; events: string }, withText = false): DecodedEvent[] {
  const raws = JSON.parse(chunk.events) as unknown;
  if (!Array.isArray(raws)) throw new StoreError('a stored event chunk is not a JSON array');
  const extras = chunk.extra === null ? null : (JSON.parse(chunk.extra) as Record<string, EventExtra>);
  const texts = withText ? splitJsonArray(chunk.events) : null;
  const out: DecodedEvent[] = [];
  let position = chunk.firstPosition;
  for (let i = 0; i < raws.length; i++) {
    const raw: unknown = raws[i];
    const extra = extras?.[String(i)];
    const derived = eventFieldsOfRaw(raw);
    const id = extra && 'id' in extra ? (extra.id ?? null) : derived.id;
    const type = extra?.type ?? derived.type ?? '';
    if (extra?.position !== undefined) position = extra.position;
    const detailsText = extra?.details ?? null;
    const event: DecodedEvent = {
      eventKey: extra?.eventKey ?? id ?? -(position + 1),
      id,
      type,
      previousEventId: extra && 'previousEventId' in extra ? (extra.previousEventId ?? null) : derived.previousEventId,
      timestamp: extra && 'timestamp' in extra ? (extra.timestamp ?? null) : derived.timestamp,
      details: detailsText === null ? detailsOfRaw(raw, type) : detailsText === '{}' ? {} : (JSON.parse(detailsText) as Record<string, unknown>),
      detailsText,
      raw,
      position,
    };
    if (texts !== null) (event as DecodedEvent & { rawText: string }).rawText = texts[i] ?? 'null';
    out.push(event);
    position += 1;
  }
  return out;
}

/** The analyzer's view of a decoded event (raw left out where the reader never needs it). */
export function historyEventOf(event: DecodedEvent, keepRaw: boolean): HistoryEvent {
  return {
    id: event.id,
    previousEventId: event.previousEventId,
    type: event.type,
    timestamp: event.timestamp,
    details: event.details,
    position: event.position,
    raw: keepRaw ? event.raw : null,
  };
}

/**
 * The element texts of a JSON array text, byte for byte (a top-level comma splits; commas inside
 * strings, objects and arrays do not). The texts were checked as JSON by the caller's parse.
 */
export function splitJsonArray(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i += 1;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth += 1;
      if (depth === 1) {
        start = i + 1;
        continue;
      }
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth -= 1;
      if (depth === 0) {
        const last = text.slice(start, i).trim();
        if (last !== '' || out.length > 0) out.push(last);
        break;
      }
    } else if (c === 44 /* , */ && depth === 1) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return out;
}

/**
 * Splits `events` (read order) into chunks: a new one after CHUNK_MAX_EVENTS events or once
 * CHUNK_MAX_BYTES of JSON would be exceeded (never between two events of one position).
 */
export function splitIntoChunks(events: readonly StoredEvent[]): StoredEvent[][] {
  const chunks: StoredEvent[][] = [];
  let current: StoredEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = Buffer.byteLength(event.raw) + 1;
    const previous = current[current.length - 1];
    // Events of one position stay together: every position of a chunk is below the next chunk's
    // firstPosition, which is how a save finds the chunk an event belongs to.
    if (previous !== undefined && previous.position !== event.position && (current.length >= CHUNK_MAX_EVENTS || bytes + size > CHUNK_MAX_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(event);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
