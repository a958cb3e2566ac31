// Reads and writes of HistoryEventChunk (event-chunks.ts has the format). A save adds events the
// way the old per-event INSERT … ON CONFLICT (executionArn, eventKey) DO NOTHING did: an event
// whose key is stored (or came earlier in the same batch) is dropped, every other one is kept.
// It reads only the chunks its events fall in (by position) or whose key range holds one of
// their keys, and rewrites only the chunks that gain events: an append touches the last chunk
// and adds new ones after it.
import type { HistoryEvent } from '../../history/types.ts';
import type { Dialect, RawDb } from '../db/internals.ts';
import { internalsOf } from '../db/internals.ts';
import { insertRows, q, toNumber } from '../db/sql.ts';
import type { Store } from '../types.ts';
import { compareStored, decodeChunk, encodeChunk, historyEventOf, splitIntoChunks, type ChunkData, type DecodedEvent, type StoredEvent } from './event-chunks.ts';

export const CHUNK_TABLE = 'HistoryEventChunk';
export const CHUNK_COLUMNS = ['executionArn', 'chunkIndex', 'firstPosition', 'eventCount', 'minKey', 'maxKey', 'extra', 'events'] as const;

interface ChunkMeta {
  chunkIndex: number;
  firstPosition: number;
  minKey: number;
  maxKey: number;
}

/**
 * Adds `events` (StoredEvent form, any order) to the execution's stored history; returns how many
 * were new. Must run inside the save's write transaction (after the execution row is locked).
 */
export async function addStoredEvents(tx: RawDb, dialect: Dialect, executionArn: string, events: readonly StoredEvent[]): Promise<number> {
  // Within the batch the first copy of a key wins (as the multi-row INSERT's DO NOTHING did).
  const seen = new Set<number>();
  const incoming: StoredEvent[] = [];
  for (const event of events) {
    if (seen.has(event.eventKey)) continue;
    seen.add(event.eventKey);
    incoming.push(event);
  }
  if (incoming.length === 0) return 0;

  const meta = (
    await tx.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT ${q('chunkIndex')} AS i, ${q('firstPosition')} AS p, ${q('minKey')} AS lo, ${q('maxKey')} AS hi FROM ${q(CHUNK_TABLE)}
       WHERE ${q('executionArn')} = ${dialect.param(1)} ORDER BY ${q('chunkIndex')}`,
      executionArn,
    )
  ).map((row): ChunkMeta => ({ chunkIndex: toNumber(row.i) ?? 0, firstPosition: toNumber(row.p) ?? 0, minKey: toNumber(row.lo) ?? 0, maxKey: toNumber(row.hi) ?? 0 }));

  if (meta.length === 0) {
    const pieces = splitIntoChunks([...incoming].sort(compareStored));
    await insertChunks(tx, dialect, executionArn, pieces.map((piece, i) => ({ index: i, data: encodeChunk(piece) })));
    return incoming.length;
  }

  // Each incoming event belongs to the last chunk starting at or before its position (the first
  // chunk for one before everything stored).
  const targetOf = (position: number): number => {
    let lo = 0;
    let hi = meta.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((meta[mid] as ChunkMeta).firstPosition <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const targets = incoming.map((event) => targetOf(event.position));
  const keys = [...seen].sort((a, b) => a - b);
  const holdsKey = (m: ChunkMeta): boolean => {
    // First incoming key ≥ minKey, then is it ≤ maxKey?
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((keys[mid] as number) < m.minKey) lo = mid + 1;
      else hi = mid;
    }
    return lo < keys.length && (keys[lo] as number) <= m.maxKey;
  };
  const toRead = new Set<number>(targets);
  meta.forEach((m, i) => {
    if (holdsKey(m)) toRead.add(i);
  });
  const read = await readChunksByIndex(tx, dialect, executionArn, [...toRead].map((i) => (meta[i] as ChunkMeta).chunkIndex));

  const storedKeys = new Set<number>();
  for (const chunk of read.values()) for (const event of chunk) storedKeys.add(event.eventKey);
  const byTarget = new Map<number, StoredEvent[]>();
  let added = 0;
  incoming.forEach((event, i) => {
    if (storedKeys.has(event.eventKey)) return;
    const target = targets[i] as number;
    const list = byTarget.get(target) ?? [];
    list.push(event);
    byTarget.set(target, list);
    added += 1;
  });
  if (added === 0) return 0;

  const last = meta.length - 1;
  const inserts: Array<{ index: number; data: ChunkData }> = [];
  for (const [target, fresh] of byTarget) {
    const m = meta[target] as ChunkMeta;
    const stored = read.get(m.chunkIndex) ?? [];
    const merged = [...stored, ...fresh].sort(compareStored);
    if (target !== last) {
      // A late event filling a gap: its chunk is rewritten whole (it may grow past the bounds;
      // splitting it would renumber every chunk after it).
      await updateChunk(tx, dialect, executionArn, m.chunkIndex, encodeChunk(merged));
      continue;
    }
    const freshSet = new Set(fresh);
    const pieces = splitIntoChunks(merged);
    pieces.forEach((piece, i) => {
      if (i === 0) return;
      inserts.push({ index: m.chunkIndex + i, data: encodeChunk(piece) });
    });
    const head = pieces[0] as StoredEvent[];
    // A full last chunk followed by appended events stays as it was: only new chunks are written.
    const unchanged = head.length === stored.length && !head.some((event) => freshSet.has(event));
    if (!unchanged) await updateChunk(tx, dialect, executionArn, m.chunkIndex, encodeChunk(head));
  }
  await insertChunks(tx, dialect, executionArn, inserts);
  return added;
}

async function readChunksByIndex(tx: RawDb, dialect: Dialect, executionArn: string, indexes: readonly number[]): Promise<Map<number, StoredEvent[]>> {
  const out = new Map<number, StoredEvent[]>();
  if (indexes.length === 0) return out;
  // Bounded statements: a pathological key layout could name every chunk.
  for (let start = 0; start < indexes.length; start += 500) {
    const part = indexes.slice(start, start + 500);
    const rows = await tx.$queryRawUnsafe<Array<{ chunkIndex: unknown; firstPosition: unknown; extra: string | null; events: string }>>(
      `SELECT ${q('chunkIndex')}, ${q('firstPosition')}, ${q('extra')}, ${q('events')} FROM ${q(CHUNK_TABLE)}
       WHERE ${q('executionArn')} = ${dialect.param(1)} AND ${q('chunkIndex')} IN (${part.map((_, i) => dialect.param(i + 2)).join(', ')})`,
      executionArn,
      ...part,
    );
    for (const row of rows) {
      const decoded = decodeChunk({ firstPosition: toNumber(row.firstPosition) ?? 0, extra: row.extra, events: row.events }, true);
      out.set(toNumber(row.chunkIndex) ?? 0, decoded.map(storedOfDecoded));
    }
  }
  return out;
}

/** A decoded event back in StoredEvent form (raw as its stored text: rewriting keeps its bytes). */
export function storedOfDecoded(event: DecodedEvent & { rawText: string }): StoredEvent {
  return {
    eventKey: event.eventKey,
    id: event.id,
    type: event.type,
    previousEventId: event.previousEventId,
    timestamp: event.timestamp,
    details: event.detailsText,
    raw: event.rawText,
    position: event.position,
  };
}

async function updateChunk(tx: RawDb, dialect: Dialect, executionArn: string, chunkIndex: number, data: ChunkData): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE ${q(CHUNK_TABLE)} SET ${q('firstPosition')} = ${dialect.param(1)}, ${q('eventCount')} = ${dialect.param(2)}, ${q('minKey')} = ${dialect.param(3)},
       ${q('maxKey')} = ${dialect.param(4)}, ${q('extra')} = ${dialect.param(5)}, ${q('events')} = ${dialect.param(6)}
     WHERE ${q('executionArn')} = ${dialect.param(7)} AND ${q('chunkIndex')} = ${dialect.param(8)}`,
    data.firstPosition,
    data.eventCount,
    data.minKey,
    data.maxKey,
    data.extra,
    data.events,
    executionArn,
    chunkIndex,
  );
}

async function insertChunks(tx: RawDb, dialect: Dialect, executionArn: string, chunks: ReadonlyArray<{ index: number; data: ChunkData }>): Promise<void> {
  const rows = chunks.map(({ index, data }) => [executionArn, index, data.firstPosition, data.eventCount, data.minKey, data.maxKey, data.extra, data.events]);
  // Few rows per statement: each carries up to CHUNK_MAX_BYTES of text.
  await insertRows(tx, dialect, CHUNK_TABLE, CHUNK_COLUMNS, rows, '', 64);
}

/** Number of events stored for the execution (the sum of its chunks' eventCount). */
export async function countChunkEvents(db: RawDb, dialect: Dialect, executionArn: string): Promise<number> {
  const rows = await db.$queryRawUnsafe<Array<{ n: unknown }>>(
    `SELECT COALESCE(SUM(${q('eventCount')}), 0) AS n FROM ${q(CHUNK_TABLE)} WHERE ${q('executionArn')} = ${dialect.param(1)}`,
    executionArn,
  );
  return toNumber(rows[0]?.n) ?? 0;
}

/**
 * The decoded events of each of `executionArns` (position order), keyed by ARN; an ARN with no
 * stored events is absent. Read through the driver adapter the client is connected through:
 * Prisma's row mapping costs more than the query. `withText`: each event's raw text too.
 */
export async function readDecodedEvents(store: Store, executionArns: readonly string[]): Promise<Map<string, DecodedEvent[]>>;
export async function readDecodedEvents(store: Store, executionArns: readonly string[], withText: true): Promise<Map<string, Array<DecodedEvent & { rawText: string }>>>;
export async function readDecodedEvents(store: Store, executionArns: readonly string[], withText = false): Promise<Map<string, DecodedEvent[]>> {
  const byArn = new Map<string, DecodedEvent[]>();
  if (executionArns.length === 0) return byArn;
  const { dialect, adapter } = internalsOf(store);
  const placeholders = executionArns.map((_, i) => dialect.param(i + 1)).join(', ');
  const result = await adapter().queryRaw({
    sql: `SELECT ${q('executionArn')}, ${q('firstPosition')}, ${q('extra')}, ${q('events')} FROM ${q(CHUNK_TABLE)}
          WHERE ${q('executionArn')} IN (${placeholders}) ORDER BY ${q('executionArn')}, ${q('chunkIndex')}`,
    args: [...executionArns],
    argTypes: executionArns.map(() => ({ scalarType: 'string' as const, arity: 'scalar' as const })),
  });
  for (const row of result.rows as unknown[][]) {
    const arn = String(row[0]);
    let list = byArn.get(arn);
    if (list === undefined) byArn.set(arn, (list = []));
    const chunk = { firstPosition: toNumber(row[1]) ?? 0, extra: typeof row[2] === 'string' ? row[2] : null, events: String(row[3]) };
    for (const event of withText ? decodeChunk(chunk, true) : decodeChunk(chunk)) list.push(event);
  }
  return byArn;
}

/** The events of each execution as HistoryEvents (position order); `keepRaw` false leaves raw null. */
export async function readHistoryEvents(store: Store, executionArns: readonly string[], keepRaw: boolean): Promise<Map<string, HistoryEvent[]>> {
  const decoded = await readDecodedEvents(store, executionArns);
  const out = new Map<string, HistoryEvent[]>();
  for (const [arn, events] of decoded) out.set(arn, events.map((event) => historyEventOf(event, keepRaw)));
  return out;
}
