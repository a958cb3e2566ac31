// The audit log of actions (lib/actions; DESIGN.md §2.7): rows are appended, never changed, and
// read newest first with keyset pages (id is the order: autoincrement follows insertion).
import { internalsOf } from '../db/internals.ts';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction, type AuditOutcome } from '../../schemas/audit.ts';
import type { Store } from '../types.ts';

export interface AuditEntryDraft {
  at: Date;
  subject: string;
  actorName: string;
  role: string;
  credential: string;
  action: AuditAction;
  target: string;
  outcome: AuditOutcome;
  httpStatus: number;
  error: string | null;
  resultArn: string | null;
  /** Anything else worth keeping (an AWS error code, edited input, the re-ingest's outcome); stored as JSON text. */
  detail: Record<string, unknown> | null;
}

export interface AuditEntryRow extends Omit<AuditEntryDraft, 'at'> {
  id: number;
  /** ISO-8601 UTC. */
  at: string;
}

export interface AuditQuery {
  action?: AuditAction;
  outcome?: AuditOutcome;
  target?: string;
  /** Entries older than this id. */
  beforeId?: number;
  limit: number;
}

/** Appends one entry; returns its id. */
export async function appendAuditEntry(store: Store, entry: AuditEntryDraft): Promise<number> {
  const { client } = internalsOf(store);
  const row = await client.auditEntry.create({
    data: { ...entry, detail: entry.detail === null ? null : JSON.stringify(entry.detail) },
    select: { id: true },
  });
  return row.id;
}

function isOf<T extends string>(words: readonly T[], value: string, fallback: T): T {
  return (words as readonly string[]).includes(value) ? (value as T) : fallback;
}

function parseDetail(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { text };
  }
}

/** Entries newest first, filtered by action, outcome and target. */
export async function listAuditEntries(store: Store, query: AuditQuery): Promise<AuditEntryRow[]> {
  const { client } = internalsOf(store);
  const rows = await client.auditEntry.findMany({
    where: {
      ...(query.action !== undefined ? { action: query.action } : {}),
      ...(query.outcome !== undefined ? { outcome: query.outcome } : {}),
      ...(query.target !== undefined ? { target: query.target } : {}),
      ...(query.beforeId !== undefined ? { id: { lt: query.beforeId } } : {}),
    },
    orderBy: { id: 'desc' },
    take: query.limit,
  });
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    subject: row.subject,
    actorName: row.actorName,
    role: row.role,
    credential: row.credential,
    action: isOf(AUDIT_ACTIONS, row.action, 'stop'),
    target: row.target,
    outcome: isOf(AUDIT_OUTCOMES, row.outcome, 'failed'),
    httpStatus: row.httpStatus,
    error: row.error,
    resultArn: row.resultArn,
    detail: parseDetail(row.detail),
  }));
}
