// The alert outbox (lib/alerts): recording transitions and their deliveries, and the delivery
// log. The guarantee is in recordAlertTransitions: a firing (or resolution) and its delivery row
// are written in one transaction, and the row's key (rule|subject|episode|state) is unique, so
// however often an evaluation is repeated (a crash before the commit, a restart, two pollers
// racing for an expired lease) one firing has one row. Sending is at-least-once on top of it:
// a row stays `pending` until an attempt's outcome is committed (recordAlertDeliveryAttempt).
import { internalsOf, type RawDb } from '../db/internals.ts';
import { toDate, toNumber } from '../db/sql.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';
import type { Store } from '../types.ts';

export type AlertStateWord = 'firing' | 'resolved';
export type AlertDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** The delivery row a transition writes; key and body depend on the episode the store assigns. */
export interface AlertDeliveryDraft {
  executionArn: string | null;
  stateMachineArn: string | null;
  format: 'json' | 'slack';
  webhook: string;
  key(episode: number): string;
  body(episode: number, key: string): string;
}

export type AlertChange =
  /** An event rule fired for `subject` (episode 1, never resolved). */
  | { type: 'event'; rule: string; subject: string; delivery: AlertDeliveryDraft }
  /** A condition rule's next episode for `subject` fires (the store numbers it). */
  | { type: 'fire'; rule: string; subject: string; value: number | null; stateMachineArn: string | null; delivery: AlertDeliveryDraft }
  /** Episode `episode` of (rule, subject) resolves. */
  | { type: 'resolve'; rule: string; subject: string; episode: number; value: number | null; delivery: AlertDeliveryDraft };

export interface RecordAlertChangesResult {
  /** Delivery rows written. */
  written: number;
  /** Changes that found their work done (another evaluation recorded them first). */
  skipped: number;
}

async function insertDelivery(db: RawDb, store: Store, change: AlertChange, episode: number, state: AlertStateWord, at: Date): Promise<boolean> {
  const { dialect } = internalsOf(store);
  const p = dialect.param;
  const key = change.delivery.key(episode);
  const inserted = await db.$executeRawUnsafe(
    `INSERT INTO "AlertDelivery" ("key", "rule", "subject", "state", "episode", "executionArn", "stateMachineArn", "format", "webhook", "body", "status", "attempts", "nextAttemptAt", "createdAt")
     VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(p).join(', ')}, 'pending', 0, ${dialect.dateParam(11)}, ${dialect.dateParam(12)})
     ON CONFLICT ("key") DO NOTHING`,
    key,
    change.rule,
    change.subject,
    state,
    episode,
    change.delivery.executionArn,
    change.delivery.stateMachineArn,
    change.delivery.format,
    change.delivery.webhook,
    change.delivery.body(episode, key),
    at,
    at,
  );
  return inserted > 0;
}

/**
 * Records the changes of one evaluation and their deliveries in one transaction. A firing whose
 * (rule, subject) is already firing, a resolution of an episode no longer firing, and a delivery
 * whose key exists are skipped: repeating an evaluation writes nothing twice.
 */
export async function recordAlertChanges(store: Store, changes: readonly AlertChange[], at: Date): Promise<RecordAlertChangesResult> {
  if (changes.length === 0) return { written: 0, skipped: 0 };
  const { dialect } = internalsOf(store);
  const p = dialect.param;
  const d = dialect.dateParam;
  return withWriteTransaction(store, async (db) => {
    let written = 0;
    let skipped = 0;
    for (const change of changes) {
      let episode = 1;
      let state: AlertStateWord = 'firing';
      if (change.type === 'fire') {
        // The next episode: 1 for a new subject, +1 after a resolution; nothing when already firing.
        const rows = await db.$queryRawUnsafe<Array<{ episode: unknown }>>(
          `INSERT INTO "AlertState" ("rule", "subject", "state", "episode", "since", "value", "stateMachineArn", "updatedAt")
           VALUES (${p(1)}, ${p(2)}, 'firing', 1, ${d(3)}, ${p(4)}, ${p(5)}, ${d(6)})
           ON CONFLICT ("rule", "subject") DO UPDATE SET "state" = 'firing', "episode" = "AlertState"."episode" + 1, "since" = excluded."since",
             "value" = excluded."value", "stateMachineArn" = excluded."stateMachineArn", "updatedAt" = excluded."updatedAt"
           WHERE "AlertState"."state" = 'resolved'
           RETURNING "episode"`,
          change.rule,
          change.subject,
          at,
          change.value,
          change.stateMachineArn,
          at,
        );
        const assigned = toNumber(rows[0]?.episode);
        if (assigned === null) {
          skipped += 1;
          continue;
        }
        episode = assigned;
      } else if (change.type === 'resolve') {
        const updated = await db.$executeRawUnsafe(
          `UPDATE "AlertState" SET "state" = 'resolved', "since" = ${d(1)}, "value" = ${p(2)}, "updatedAt" = ${d(3)}
           WHERE "rule" = ${p(4)} AND "subject" = ${p(5)} AND "episode" = ${p(6)} AND "state" = 'firing'`,
          at,
          change.value,
          at,
          change.rule,
          change.subject,
          change.episode,
        );
        if (updated === 0) {
          skipped += 1;
          continue;
        }
        episode = change.episode;
        state = 'resolved';
      }
      if (await insertDelivery(db, store, change, episode, state, at)) written += 1;
      else skipped += 1;
    }
    return { written, skipped };
  });
}

export interface AlertStateRow {
  rule: string;
  subject: string;
  state: AlertStateWord;
  episode: number;
  /** Epoch ms the current state began. */
  since: number;
  value: number | null;
  stateMachineArn: string | null;
  /** Epoch ms. */
  updatedAt: number;
}

/** AlertState rows, of some rules (default all), only firing ones when asked. */
export async function listAlertStates(store: Store, query: { rules?: readonly string[]; firingOnly?: boolean } = {}): Promise<AlertStateRow[]> {
  const { client } = internalsOf(store);
  const rows = await client.alertState.findMany({
    where: { ...(query.rules ? { rule: { in: [...query.rules] } } : {}), ...(query.firingOnly ? { state: 'firing' } : {}) },
    orderBy: [{ rule: 'asc' }, { since: 'asc' }, { subject: 'asc' }],
  });
  return rows.map((row) => ({
    rule: row.rule,
    subject: row.subject,
    state: row.state === 'firing' ? 'firing' : 'resolved',
    episode: row.episode,
    since: row.since.getTime(),
    value: row.value,
    stateMachineArn: row.stateMachineArn,
    updatedAt: row.updatedAt.getTime(),
  }));
}

/** A delivery the sender may attempt now. */
export interface DueAlertDelivery {
  id: number;
  key: string;
  rule: string;
  format: 'json' | 'slack';
  webhook: string;
  body: string;
  /** Attempts made so far. */
  attempts: number;
}

/** Pending deliveries due at `now`, oldest due first (then in the order they were written). */
export async function listDueAlertDeliveries(store: Store, now: Date, limit: number): Promise<DueAlertDelivery[]> {
  const { client } = internalsOf(store);
  const rows = await client.alertDelivery.findMany({
    where: { status: 'pending', nextAttemptAt: { lte: now } },
    orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
    take: limit,
    select: { id: true, key: true, rule: true, format: true, webhook: true, body: true, attempts: true },
  });
  return rows.map((row) => ({ ...row, format: row.format === 'slack' ? 'slack' : 'json' }));
}

/** When the next pending delivery is due (epoch ms), or null when none is pending. */
export async function nextAlertDeliveryDue(store: Store): Promise<number | null> {
  const { client } = internalsOf(store);
  const row = await client.alertDelivery.aggregate({ where: { status: 'pending' }, _min: { nextAttemptAt: true } });
  return row._min.nextAttemptAt?.getTime() ?? null;
}

export interface AlertDeliveryAttemptRecord {
  id: number;
  /** 1-based: the delivery's attempts before this one + 1. */
  attempt: number;
  startedAt: Date;
  durationMs: number;
  httpStatus: number | null;
  error: string | null;
  /** Where the delivery goes from here. */
  status: AlertDeliveryStatus;
  /** The next attempt (status pending). */
  nextAttemptAt: Date | null;
}

/**
 * Records one attempt and its outcome in one transaction, only if the delivery is still pending
 * with `attempt − 1` attempts (so no attempt is counted twice); false when it was not.
 */
export async function recordAlertDeliveryAttempt(store: Store, record: AlertDeliveryAttemptRecord): Promise<boolean> {
  const { dialect } = internalsOf(store);
  const p = dialect.param;
  const d = dialect.dateParam;
  return withWriteTransaction(store, async (db) => {
    const finishedAt = new Date(record.startedAt.getTime() + record.durationMs);
    const updated = await db.$executeRawUnsafe(
      `UPDATE "AlertDelivery" SET "attempts" = ${p(1)}, "status" = ${p(2)}, "nextAttemptAt" = ${d(3)}, "deliveredAt" = ${d(4)}, "lastError" = ${p(5)}
       WHERE "id" = ${p(6)} AND "status" = 'pending' AND "attempts" = ${p(7)}`,
      record.attempt,
      record.status,
      record.nextAttemptAt ?? finishedAt,
      record.status === 'delivered' ? finishedAt : null,
      record.status === 'delivered' ? null : (record.error ?? (record.httpStatus === null ? 'no answer' : `HTTP ${record.httpStatus}`)),
      record.id,
      record.attempt - 1,
    );
    if (updated === 0) return false;
    await db.$executeRawUnsafe(
      `INSERT INTO "AlertDeliveryAttempt" ("deliveryId", "attempt", "startedAt", "durationMs", "httpStatus", "error") VALUES (${p(1)}, ${p(2)}, ${d(3)}, ${p(4)}, ${p(5)}, ${p(6)})
       ON CONFLICT ("deliveryId", "attempt") DO NOTHING`,
      record.id,
      record.attempt,
      record.startedAt,
      Math.max(0, Math.round(record.durationMs)),
      record.httpStatus,
      record.error,
    );
    return true;
  });
}

/** Moves a pending delivery's next attempt to `until` without an attempt (the per-rule rate limit). */
export async function postponeAlertDelivery(store: Store, id: number, until: Date): Promise<void> {
  const { client } = internalsOf(store);
  await client.alertDelivery.updateMany({ where: { id, status: 'pending' }, data: { nextAttemptAt: until } });
}

export interface AlertDeliveryAttemptRow {
  attempt: number;
  startedAt: string;
  durationMs: number;
  httpStatus: number | null;
  error: string | null;
}

export interface AlertDeliveryRow {
  id: number;
  key: string;
  rule: string;
  subject: string;
  state: AlertStateWord;
  episode: number;
  executionArn: string | null;
  stateMachineArn: string | null;
  format: 'json' | 'slack';
  /** The webhook URL (callers show only its origin: Slack's path is a secret). */
  webhook: string;
  /** The request body sent (JSON text). */
  body: string;
  status: AlertDeliveryStatus;
  attempts: AlertDeliveryAttemptRow[];
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  lastError: string | null;
}

export interface AlertDeliveriesQuery {
  rule?: string;
  status?: AlertDeliveryStatus;
  /** Rows with id below this (keyset paging, newest first). */
  beforeId?: number;
  limit: number;
}

/** The delivery log, newest first, each with its attempts. */
export async function listAlertDeliveries(store: Store, query: AlertDeliveriesQuery): Promise<AlertDeliveryRow[]> {
  const { client } = internalsOf(store);
  const rows = await client.alertDelivery.findMany({
    where: {
      ...(query.rule !== undefined ? { rule: query.rule } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.beforeId !== undefined ? { id: { lt: query.beforeId } } : {}),
    },
    orderBy: { id: 'desc' },
    take: query.limit,
    include: { attemptLog: { orderBy: { attempt: 'asc' } } },
  });
  return rows.map((row) => ({
    id: row.id,
    key: row.key,
    rule: row.rule,
    subject: row.subject,
    state: row.state === 'resolved' ? 'resolved' : 'firing',
    episode: row.episode,
    executionArn: row.executionArn,
    stateMachineArn: row.stateMachineArn,
    format: row.format === 'slack' ? 'slack' : 'json',
    webhook: row.webhook,
    body: row.body,
    status: row.status === 'delivered' ? 'delivered' : row.status === 'failed' ? 'failed' : 'pending',
    attempts: row.attemptLog.map((a) => ({ attempt: a.attempt, startedAt: a.startedAt.toISOString(), durationMs: a.durationMs, httpStatus: a.httpStatus, error: a.error })),
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    lastError: row.lastError,
  }));
}

export interface AlertRuleActivity {
  rule: string;
  deliveries: number;
  pending: number;
  failed: number;
  /** Epoch ms of its newest firing delivery. */
  lastFiredAt: number | null;
  /** Firing deliveries written in the last 24 h. */
  firedLast24h: number;
}

/** Per rule (of those that have deliveries): counts and the last firing. */
export async function alertRuleActivity(store: Store, now: Date = new Date()): Promise<AlertRuleActivity[]> {
  const { client, dialect } = internalsOf(store);
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(
    `SELECT "rule", COUNT(*) AS "deliveries",
            SUM(CASE WHEN "status" = 'pending' THEN 1 ELSE 0 END) AS "pending",
            SUM(CASE WHEN "status" = 'failed' THEN 1 ELSE 0 END) AS "failed",
            MAX(CASE WHEN "state" = 'firing' THEN "createdAt" END) AS "lastFiredAt",
            SUM(CASE WHEN "state" = 'firing' AND "createdAt" >= ${dialect.dateParam(1)} THEN 1 ELSE 0 END) AS "firedLast24h"
     FROM "AlertDelivery" GROUP BY "rule"`,
    new Date(now.getTime() - 24 * 3_600_000),
  );
  return rows.map((row) => ({
    rule: String(row.rule),
    deliveries: toNumber(row.deliveries) ?? 0,
    pending: toNumber(row.pending) ?? 0,
    failed: toNumber(row.failed) ?? 0,
    lastFiredAt: toDate(row.lastFiredAt)?.getTime() ?? null,
    firedLast24h: toNumber(row.firedLast24h) ?? 0,
  }));
}

/** Per rule, its first firing delivery written at or after `since` (epoch ms), or null: one probe of the (rule, createdAt) index each. */
export async function firstFiringsSince(store: Store, queries: ReadonlyArray<{ rule: string; since: Date }>): Promise<Map<string, number | null>> {
  const { client } = internalsOf(store);
  const out = new Map<string, number | null>();
  await Promise.all(
    queries.map(async ({ rule, since }) => {
      const row = await client.alertDelivery.findFirst({ where: { rule, state: 'firing', createdAt: { gte: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } });
      out.set(rule, row?.createdAt.getTime() ?? null);
    }),
  );
  return out;
}
