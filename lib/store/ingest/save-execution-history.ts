// saveExecutionHistory: one transaction per batch. Upserts the source, state machine, definition
// revision and execution, adds events idempotently (into the execution's HistoryEventChunk rows:
// lib/store/events; an event whose (executionArn, eventKey) is stored is dropped) and replaces the
// execution's derived StateRun rows. Saving the same history twice changes nothing: upserts only
// write when a value differs (so updatedAt stays put), stored event keys are skipped, and runs are
// rebuilt identically. Any failure rolls the whole batch back.
import { createHash } from 'node:crypto';
import { jsonText } from '../../history/json-text.ts';
import type { StateRun } from '../../history/types.ts';
import { stateTransitions } from '../../metrics/index.ts';
import { applyStateRunRollupDelta, durationBucketOf, readRollupRuns, type RollupRun } from '../aggregates/state-run-rollup.ts';
import { StoreError } from '../db/errors.ts';
import { internalsOf, type Dialect, type RawDb } from '../db/internals.ts';
import { insertRows, q } from '../db/sql.ts';
import { addStoredEvents, countChunkEvents } from '../events/chunk-store.ts';
import { intValue, storedEventOf } from '../events/event-chunks.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';
import type {
  DerivedExecutionFields,
  ExecutionInput,
  SaveExecutionHistoryInput,
  SaveExecutionHistoryResult,
  SourceInput,
  StateMachineInput,
  Store,
} from '../types.ts';

export { eventKeyOf, intValue } from '../events/event-chunks.ts';

export const RUN_COLUMNS = [
  'executionArn',
  'ordinal',
  'stateMachineArn',
  'stateName',
  'stateType',
  'status',
  'attempts',
  'mapIndex',
  'enteredEventId',
  'exitedEventId',
  'durationMs',
  'error',
  'cause',
  'analyzerVersion',
  'startDate',
  'durationBucket',
] as const;

/** Execution columns derived from the events (lib/history deriveExecution), rebuilt by reanalyze. */
export const DERIVED_EXECUTION_COLUMNS = [
  'status',
  'startDate',
  'stopDate',
  'durationMs',
  'input',
  'output',
  'error',
  'cause',
  'redriveCount',
  'analyzerVersion',
  'failedStateName',
  'failureError',
  'causePattern',
  'clusterId',
  'rootCauseStateName',
  'rootCauseError',
  'transitions',
] as const;

/** Default Source.id: `kind[:endpoint|region][:accountId]`, e.g. "aws:us-east-1:123456789012", "import". */
export function sourceIdOf(source: SourceInput): string {
  return source.id ?? [source.kind, source.endpoint ?? source.region, source.accountId].filter((p) => p != null && p !== '').join(':');
}

/** "sha256:<hex>" revision key of a definition without an AWS revisionId. */
export function definitionRevisionId(definition: string): string {
  return `sha256:${sha256(definition)}`;
}

export async function saveExecutionHistory(store: Store, input: SaveExecutionHistoryInput): Promise<SaveExecutionHistoryResult> {
  const { dialect } = internalsOf(store);
  const { execution } = input;
  if (input.stateMachine && input.stateMachine.stateMachineArn !== execution.stateMachineArn) {
    throw new StoreError(
      `execution ${execution.executionArn} belongs to ${execution.stateMachineArn}, not to ${input.stateMachine.stateMachineArn}`,
    );
  }
  // Serialise outside the transaction: it is the costliest CPU work and needs no lock.
  const storedEvents = input.events.map(storedEventOf);
  const runRows = input.runs.map((run, ordinal) => runRow(execution, run, ordinal, input.analyzerVersion));
  const now = new Date();

  return withWriteTransaction(store, async (tx) => {
    const sourceId = input.source ? await upsertSource(tx, dialect, input.source, now) : null;
    const revisionId = await upsertStateMachine(tx, dialect, execution, input.stateMachine, sourceId, now);
    await upsertExecution(tx, dialect, execution, revisionId, input.analyzerVersion, transitionsOf(runRows), now);
    if (dialect.backend === 'postgres') {
      // Concurrent saves of one execution take turns from here, so the second one's DELETE sees
      // (and replaces) the first one's runs. SQLite transactions already hold the database lock.
      await tx.$queryRawUnsafe(`SELECT 1 FROM "Execution" WHERE "executionArn" = $1 FOR UPDATE`, execution.executionArn);
    }
    const insertedEvents = await addStoredEvents(tx, dialect, execution.executionArn, storedEvents);
    // Events stored again (the whole history of a pruned execution, re-read after a redrive): no longer pruned.
    if (insertedEvents > 0) {
      await tx.$executeRawUnsafe(`UPDATE "Execution" SET "eventsPrunedAt" = NULL WHERE "executionArn" = ${dialect.param(1)} AND "eventsPrunedAt" IS NOT NULL`, execution.executionArn);
    }
    const eventCount = await refreshEventCount(tx, dialect, execution.executionArn, now);
    // The runs are replaced: the rollup loses the old ones' counts and gains the new ones'.
    const replaced = await readRollupRuns(tx, dialect, [execution.executionArn]);
    await tx.$executeRawUnsafe(`DELETE FROM "StateRun" WHERE "executionArn" = ${dialect.param(1)}`, execution.executionArn);
    await insertRows(tx, dialect, 'StateRun', RUN_COLUMNS, runRows);
    await applyStateRunRollupDelta(tx, dialect, replaced, runRows.map(rollupRunOf));
    return { insertedEvents, eventCount, revisionId };
  });
}

// Inputs are typed, but they come from recordings: the corpus has error/cause/input values
// that were parsed into objects, and analyzers may leave fields undefined. Text columns take
// strings as they are and anything else as JSON text; integer columns take finite numbers.
// null stays null, so NOT NULL columns still reject a missing value (and roll the batch back).

/** String as is; null/undefined → null; any other value → its JSON text. */
export function textValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : (jsonText(value) ?? null);
}

/** A StateRun row in RUN_COLUMNS order; it carries the execution's startDate (its rollup hour). */
export function runRow(
  execution: { executionArn: string; stateMachineArn: string; startDate: Date | null },
  run: StateRun,
  ordinal: number,
  analyzerVersion: number,
): unknown[] {
  const durationMs = intValue(run.durationMs);
  return [
    execution.executionArn,
    ordinal,
    execution.stateMachineArn,
    textValue(run.stateName),
    textValue(run.stateType),
    textValue(run.status),
    intValue(run.attempts),
    JSON.stringify(run.mapIndex ?? []) ?? '[]',
    intValue(run.enteredEventId),
    intValue(run.exitedEventId),
    durationMs,
    textValue(run.error),
    textValue(run.cause),
    analyzerVersion,
    validDate(execution.startDate),
    durationBucketOf(durationMs),
  ];
}

/** What a StateRun row (RUN_COLUMNS order) contributes to StateRunRollup. */
export function rollupRunOf(row: readonly unknown[]): RollupRun {
  const at = (column: (typeof RUN_COLUMNS)[number]) => row[RUN_COLUMNS.indexOf(column)];
  return {
    stateMachineArn: at('stateMachineArn') as string,
    stateName: at('stateName') as string,
    status: at('status') as string,
    attempts: (at('attempts') as number | null) ?? 0,
    durationBucket: at('durationBucket') as number | null,
    startDate: at('startDate') as Date | null,
  };
}

/**
 * Execution.transitions of the StateRun rows (RUN_COLUMNS order) written for it: lib/metrics
 * stateTransitions over the stored attempts, so it always agrees with the rows beside it.
 */
export function transitionsOf(runRows: ReadonlyArray<readonly unknown[]>): number {
  return stateTransitions(runRows.map(rollupRunOf));
}

/** The DERIVED_EXECUTION_COLUMNS values of an execution, in that order (`transitions`: transitionsOf its runs). */
export function derivedExecutionValues(execution: DerivedExecutionFields, analyzerVersion: number, transitions: number): unknown[] {
  const startDate = validDate(execution.startDate);
  const stopDate = validDate(execution.stopDate);
  const durationMs = startDate !== null && stopDate !== null ? stopDate.getTime() - startDate.getTime() : null;
  const failure = execution.failure ?? null;
  return [
    textValue(execution.status),
    startDate,
    stopDate,
    durationMs,
    textValue(execution.input),
    textValue(execution.output),
    textValue(execution.error),
    textValue(execution.cause),
    intValue(execution.redriveCount) ?? 0,
    analyzerVersion,
    textValue(failure?.failedStateName),
    textValue(failure?.failureError),
    textValue(failure?.causePattern),
    textValue(failure?.clusterId),
    textValue(failure?.rootCauseStateName),
    textValue(failure?.rootCauseError),
    transitions,
  ];
}

/**
 * INSERT … ON CONFLICT (key) DO UPDATE SET <update> WHERE <some column differs>: a no-op for
 * identical data on both backends, so a repeated save leaves rows (and updatedAt) untouched.
 */
async function upsert(
  db: RawDb,
  dialect: Dialect,
  table: string,
  key: readonly string[],
  insert: Record<string, unknown>,
  update: readonly string[],
  touch: string | null,
): Promise<void> {
  const columns = Object.keys(insert);
  const values = Object.values(insert);
  const placeholders = columns.map((_, i) => dialect.param(i + 1));
  let sql = `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES (${placeholders.join(', ')}) ON CONFLICT (${key.map(q).join(', ')})`;
  if (update.length === 0) {
    sql += ' DO NOTHING';
  } else {
    const sets = update.map((c) => `${q(c)} = excluded.${q(c)}`);
    if (touch !== null) sets.push(`${q(touch)} = excluded.${q(touch)}`);
    const differs = update.map((c) => `${q(table)}.${q(c)} IS DISTINCT FROM excluded.${q(c)}`);
    sql += ` DO UPDATE SET ${sets.join(', ')} WHERE ${differs.join(' OR ')}`;
  }
  await db.$executeRawUnsafe(sql, ...values);
}

async function upsertSource(db: RawDb, dialect: Dialect, source: SourceInput, now: Date): Promise<string> {
  const id = sourceIdOf(source);
  const row: Record<string, unknown> = { id, kind: textValue(source.kind) };
  // Undefined optional fields keep what is stored.
  for (const field of ['region', 'accountId', 'endpoint', 'label'] as const) {
    if (source[field] !== undefined) row[field] = textValue(source[field]);
  }
  const update = Object.keys(row).filter((c) => c !== 'id');
  await upsert(db, dialect, 'Source', ['id'], { ...row, createdAt: now, updatedAt: now }, update, 'updatedAt');
  return id;
}

/** Returns the revision the execution ran (null when unknown). */
async function upsertStateMachine(
  db: RawDb,
  dialect: Dialect,
  execution: ExecutionInput,
  stateMachine: StateMachineInput | undefined,
  sourceId: string | null,
  now: Date,
): Promise<string | null> {
  const arn = execution.stateMachineArn;
  if (!stateMachine) {
    // Executions need their state machine row (foreign key, and listStateMachines): a stub
    // named after the ARN, typed from the execution ARN (Express ARNs contain ":express:").
    const stub = {
      stateMachineArn: arn,
      name: arn.slice(arn.lastIndexOf(':') + 1),
      type: execution.executionArn.includes(':express:') ? 'EXPRESS' : 'STANDARD',
      sourceId,
      createdAt: now,
      updatedAt: now,
    };
    await upsert(db, dialect, 'StateMachine', ['stateMachineArn'], stub, [], null);
    return null;
  }

  const definition = textValue(stateMachine.definition);
  const revisionId = textValue(stateMachine.revisionId) ?? (definition !== null ? definitionRevisionId(definition) : null);
  const row: Record<string, unknown> = { stateMachineArn: arn, name: textValue(stateMachine.name), type: textValue(stateMachine.type) };
  if (stateMachine.loggingConfiguration !== undefined) row.loggingConfiguration = textValue(stateMachine.loggingConfiguration);
  if (sourceId !== null) row.sourceId = sourceId;
  if (revisionId !== null && stateMachine.isCurrentRevision !== false) row.currentRevisionId = revisionId;
  const update = Object.keys(row).filter((c) => c !== 'stateMachineArn');
  // The revision's foreign key needs the state machine first.
  await upsert(db, dialect, 'StateMachine', ['stateMachineArn'], { ...row, createdAt: now, updatedAt: now }, update, 'updatedAt');
  if (definition !== null && revisionId !== null) {
    const revision = { stateMachineArn: arn, revisionId, definitionHash: sha256(definition), definition, createdAt: now };
    // A revision's definition never changes: the first stored copy wins.
    await upsert(db, dialect, 'DefinitionRevision', ['stateMachineArn', 'revisionId'], revision, [], null);
  }
  return revisionId;
}

async function upsertExecution(
  db: RawDb,
  dialect: Dialect,
  execution: ExecutionInput,
  revisionId: string | null,
  analyzerVersion: number,
  transitions: number,
  now: Date,
): Promise<void> {
  const derived = derivedExecutionValues(execution, analyzerVersion, transitions);
  const row: Record<string, unknown> = {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: textValue(execution.name),
    ...Object.fromEntries(DERIVED_EXECUTION_COLUMNS.map((column, i) => [column, derived[i]])),
    historyComplete: execution.historyComplete === true,
    partial: execution.partial === true,
  };
  if (revisionId !== null) row.revisionId = revisionId;
  if (execution.expired !== undefined) row.expired = execution.expired === true;
  const update = Object.keys(row).filter((c) => c !== 'executionArn');
  await upsert(db, dialect, 'Execution', ['executionArn'], { ...row, createdAt: now, updatedAt: now }, update, 'updatedAt');
}

async function refreshEventCount(db: RawDb, dialect: Dialect, executionArn: string, now: Date): Promise<number> {
  const count = await countChunkEvents(db, dialect, executionArn);
  await db.$executeRawUnsafe(
    `UPDATE "Execution" SET "eventCount" = ${dialect.param(1)}, "updatedAt" = ${dialect.param(2)} WHERE "executionArn" = ${dialect.param(3)} AND "eventCount" <> ${dialect.param(4)}`,
    count,
    now,
    executionArn,
    count,
  );
  return count;
}

function validDate(value: Date | null | undefined): Date | null {
  return value instanceof Date && Number.isFinite(value.getTime()) ? value : null;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
