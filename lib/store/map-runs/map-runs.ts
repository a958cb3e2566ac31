// MapRun rows: DescribeMapRun as the poller last read it (source facts), the children's
// Execution.mapRunArn (ListExecutions(mapRunArn)), and the reads the Map Run page and the
// poller need. Which Map state started a Map Run is ExecutionLink (kind MAP_RUN), derived.
import { internalsOf } from '../db/internals.ts';
import { q } from '../db/sql.ts';
import type { Store } from '../types.ts';

import type { MapRunCounts } from '../../history/map-run-counts.ts';

export type { MapRunCounts };

export interface MapRunInput {
  mapRunArn: string;
  executionArn: string;
  stateMachineArn: string;
  status: string;
  startDate: Date | null;
  stopDate: Date | null;
  maxConcurrency: number;
  toleratedFailureCount: number;
  toleratedFailurePercentage: number;
  itemCounts: MapRunCounts;
  executionCounts: MapRunCounts;
  redriveCount: number;
  redriveDate: Date | null;
  sourceId: string | null;
}

export interface StoredMapRun extends Omit<MapRunInput, 'startDate' | 'stopDate' | 'redriveDate'> {
  startDate: string | null;
  stopDate: string | null;
  redriveDate: string | null;
  executionType: string | null;
  revisionId: string | null;
  childrenListed: boolean;
  describedAt: string;
  /** The Map state of the parent that started it (ExecutionLink MAP_RUN); null until the parent's events are stored. */
  stateName: string | null;
  /** Its run's index in the parent's analysis; null when unknown. */
  runIndex: number | null;
}

/** Writes what DescribeMapRun said; keeps executionType, revisionId and childrenListed. */
export async function saveMapRun(store: Store, input: MapRunInput): Promise<void> {
  const { client } = internalsOf(store);
  const now = new Date();
  const values = {
    executionArn: input.executionArn,
    stateMachineArn: input.stateMachineArn,
    status: input.status,
    startDate: input.startDate,
    stopDate: input.stopDate,
    maxConcurrency: input.maxConcurrency,
    toleratedFailureCount: input.toleratedFailureCount,
    toleratedFailurePercentage: input.toleratedFailurePercentage,
    itemCounts: JSON.stringify(input.itemCounts),
    executionCounts: JSON.stringify(input.executionCounts),
    redriveCount: input.redriveCount,
    redriveDate: input.redriveDate,
    sourceId: input.sourceId,
    describedAt: now,
    updatedAt: now,
  };
  await client.mapRun.upsert({ where: { mapRunArn: input.mapRunArn }, create: { mapRunArn: input.mapRunArn, ...values }, update: values });
}

/** Poller bookkeeping of a Map Run: the children's type and revision, whether every child is listed. */
export async function updateMapRunProgress(
  store: Store,
  mapRunArn: string,
  progress: { executionType?: string | null; revisionId?: string | null; childrenListed?: boolean },
): Promise<void> {
  const { client } = internalsOf(store);
  await client.mapRun.update({ where: { mapRunArn }, data: { ...progress, updatedAt: new Date() } });
}

const SET_CHILDREN_CHUNK = 500;

/** Marks listed executions as children of a Map Run (their rows exist: recordListedExecutions made them). */
export async function setMapRunChildren(store: Store, mapRunArn: string, executionArns: readonly string[]): Promise<number> {
  const { client } = internalsOf(store);
  let changed = 0;
  // 500 ARNs (+ the Map Run ARN twice) per statement: SQLite's limit is 999 bound parameters, so a
  // ListExecutions page of 1,000 children in one IN list failed ("query parameter limit … exceeded").
  for (let i = 0; i < executionArns.length; i += SET_CHILDREN_CHUNK) {
    const chunk = executionArns.slice(i, i + SET_CHILDREN_CHUNK);
    const result = await client.execution.updateMany({ where: { executionArn: { in: [...chunk] }, OR: [{ mapRunArn: null }, { mapRunArn: { not: mapRunArn } }] }, data: { mapRunArn } });
    changed += result.count;
  }
  return changed;
}

type MapRunRow = Awaited<ReturnType<ReturnType<typeof internalsOf>['client']['mapRun']['findUnique']>>;

function storedMapRunOf(row: NonNullable<MapRunRow>, link: { stateName: string | null; runIndex: number | null } | undefined): StoredMapRun {
  return {
    mapRunArn: row.mapRunArn,
    executionArn: row.executionArn,
    stateMachineArn: row.stateMachineArn,
    status: row.status,
    startDate: row.startDate?.toISOString() ?? null,
    stopDate: row.stopDate?.toISOString() ?? null,
    maxConcurrency: row.maxConcurrency,
    toleratedFailureCount: row.toleratedFailureCount,
    toleratedFailurePercentage: row.toleratedFailurePercentage,
    itemCounts: JSON.parse(row.itemCounts) as MapRunCounts,
    executionCounts: JSON.parse(row.executionCounts) as MapRunCounts,
    redriveCount: row.redriveCount,
    redriveDate: row.redriveDate?.toISOString() ?? null,
    sourceId: row.sourceId,
    executionType: row.executionType,
    revisionId: row.revisionId,
    childrenListed: row.childrenListed,
    describedAt: row.describedAt.toISOString(),
    stateName: link?.stateName ?? null,
    runIndex: link?.runIndex ?? null,
  };
}

export async function getMapRun(store: Store, mapRunArn: string): Promise<StoredMapRun | null> {
  const { client } = internalsOf(store);
  const row = await client.mapRun.findUnique({ where: { mapRunArn } });
  if (row === null) return null;
  const link = await client.executionLink.findUnique({
    where: { fromExecutionArn_kind_targetArn: { fromExecutionArn: row.executionArn, kind: 'MAP_RUN', targetArn: mapRunArn } },
  });
  return storedMapRunOf(row, link ?? undefined);
}

/**
 * The Map Runs a parent's events name (ExecutionLink MAP_RUN), in event order, with what
 * DescribeMapRun said when the poller has read it (null before).
 */
export async function listMapRunsOf(store: Store, executionArn: string): Promise<Array<{ mapRunArn: string; stateName: string | null; runIndex: number | null; mapRun: StoredMapRun | null }>> {
  const { client } = internalsOf(store);
  const links = await client.executionLink.findMany({ where: { fromExecutionArn: executionArn, kind: 'MAP_RUN' }, orderBy: [{ eventId: 'asc' }, { targetArn: 'asc' }] });
  const rows = links.length > 0 ? await client.mapRun.findMany({ where: { mapRunArn: { in: links.map((l) => l.targetArn) } } }) : [];
  const byArn = new Map(rows.map((r) => [r.mapRunArn, r]));
  return links.map((l) => {
    const row = byArn.get(l.targetArn);
    return { mapRunArn: l.targetArn, stateName: l.stateName, runIndex: l.runIndex, mapRun: row ? storedMapRunOf(row, l) : null };
  });
}

export interface OpenMapRun {
  mapRunArn: string;
  executionArn: string;
  /** The parent's state machine (whose poller lease covers the Map Run). */
  parentStateMachineArn: string;
  /** null: never described. */
  status: string | null;
  startDate: Date | null;
  stopDate: Date | null;
  /** The children's state machine; null before the Map Run was described. */
  stateMachineArn: string | null;
  executionType: string | null;
  revisionId: string | null;
}

/**
 * Map Runs of these parent machines' executions that the poller still has work on: named by a
 * parent's events (ExecutionLink MAP_RUN) but never described, RUNNING, or not settled
 * (childrenListed: every child listed after it stopped, Express children's logs read through its
 * end). Oldest parents first, at most `limit`. Standard children's histories are not tracked
 * here: they are in the ingest backlog like any execution.
 */
export async function listOpenMapRuns(store: Store, parentStateMachineArns: readonly string[], limit = 100): Promise<OpenMapRun[]> {
  if (parentStateMachineArns.length === 0) return [];
  const { client, dialect } = internalsOf(store);
  const marks = parentStateMachineArns.map((_, i) => dialect.param(i + 1)).join(', ');
  const no = dialect.backend === 'postgres' ? 'false' : '0';
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(
    `SELECT l.${q('targetArn')} AS "mapRunArn", l.${q('fromExecutionArn')} AS "executionArn", e.${q('stateMachineArn')} AS "parent",
            m.${q('status')} AS "status", m.${q('startDate')} AS "startDate", m.${q('stopDate')} AS "stopDate",
            m.${q('stateMachineArn')} AS "childMachine", m.${q('executionType')} AS "executionType", m.${q('revisionId')} AS "revisionId"
       FROM ${q('ExecutionLink')} l
       JOIN ${q('Execution')} e ON e.${q('executionArn')} = l.${q('fromExecutionArn')}
       LEFT JOIN ${q('MapRun')} m ON m.${q('mapRunArn')} = l.${q('targetArn')}
      WHERE l.${q('kind')} = 'MAP_RUN' AND e.${q('stateMachineArn')} IN (${marks})
        AND (m.${q('mapRunArn')} IS NULL OR m.${q('status')} = 'RUNNING' OR m.${q('childrenListed')} = ${no})
      ORDER BY e.${q('startDate')} ASC, l.${q('targetArn')} ASC
      LIMIT ${Math.max(1, Math.trunc(limit))}`,
    ...parentStateMachineArns,
  );
  const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
  return rows.map((r) => ({
    mapRunArn: String(r.mapRunArn),
    executionArn: String(r.executionArn),
    parentStateMachineArn: String(r.parent),
    status: typeof r.status === 'string' ? r.status : null,
    startDate: date(r.startDate),
    stopDate: date(r.stopDate),
    stateMachineArn: typeof r.childMachine === 'string' ? r.childMachine : null,
    executionType: typeof r.executionType === 'string' ? r.executionType : null,
    revisionId: typeof r.revisionId === 'string' ? r.revisionId : null,
  }));
}

/** The children's state machines of Standard-child Map Runs of these parent machines (their histories join the backlog). */
export async function listMapRunChildMachines(store: Store, parentStateMachineArns: readonly string[]): Promise<string[]> {
  if (parentStateMachineArns.length === 0) return [];
  const { client, dialect } = internalsOf(store);
  const marks = parentStateMachineArns.map((_, i) => dialect.param(i + 1)).join(', ');
  const rows = await client.$queryRawUnsafe<Array<{ arn: string }>>(
    `SELECT DISTINCT m.${q('stateMachineArn')} AS "arn"
       FROM ${q('MapRun')} m JOIN ${q('Execution')} e ON e.${q('executionArn')} = m.${q('executionArn')}
      WHERE m.${q('executionType')} = 'STANDARD' AND e.${q('stateMachineArn')} IN (${marks})`,
    ...parentStateMachineArns,
  );
  return rows.map((r) => r.arn);
}

/** Stored children of a Map Run per status (the page's filter chips; the tests' check against DescribeMapRun). */
export async function countMapRunChildren(store: Store, mapRunArn: string): Promise<Record<string, number>> {
  const { client } = internalsOf(store);
  const groups = await client.execution.groupBy({ by: ['status'], where: { mapRunArn }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}

/** Children of a Map Run whose history is not complete yet (Express: their log records to read). */
export async function listIncompleteMapRunChildren(store: Store, mapRunArn: string): Promise<string[]> {
  const { client } = internalsOf(store);
  const rows = await client.execution.findMany({ where: { mapRunArn, historyComplete: false, expired: false }, select: { executionArn: true } });
  return rows.map((r) => r.executionArn);
}

export interface ExecutionBrief {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: string | null;
  stopDate: string | null;
  /** The Map Run that dispatched it; null for an execution that is not a Map Run child. */
  mapRunArn: string | null;
}

/** Name, status, dates and Map Run of stored executions (those unknown are left out). */
export async function getExecutionBriefs(store: Store, executionArns: readonly string[]): Promise<Map<string, ExecutionBrief>> {
  if (executionArns.length === 0) return new Map();
  const { client } = internalsOf(store);
  const rows = await client.execution.findMany({
    where: { executionArn: { in: [...new Set(executionArns)] } },
    select: { executionArn: true, stateMachineArn: true, name: true, status: true, startDate: true, stopDate: true, mapRunArn: true },
  });
  return new Map(
    rows.map((r) => [
      r.executionArn,
      { ...r, startDate: r.startDate?.toISOString() ?? null, stopDate: r.stopDate?.toISOString() ?? null },
    ]),
  );
}
