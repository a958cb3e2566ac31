// What ListExecutions said, committed in one transaction with the poller's listing cursor: new
// executions become rows without events (historyComplete = false, so they join the backlog);
// a known execution whose status or redrive count changed goes back to the backlog. Events and
// runs are untouched here (saveExecutionHistory owns them).
import { createHash } from 'node:crypto';
import { StoreError } from '../db/errors.ts';
import { internalsOf, type Dialect, type RawDb } from '../db/internals.ts';
import { definitionRevisionId, sourceIdOf } from '../ingest/save-execution-history.ts';
import { insertRows } from '../db/sql.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';
import type { SourceInput, StateMachineType, Store } from '../types.ts';

export interface ListedExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: Date | null;
  stopDate: Date | null;
  redriveCount: number;
}

export interface ListedStateMachine {
  stateMachineArn: string;
  name: string;
  type: StateMachineType | (string & {});
  /** AWS LoggingConfiguration as received; undefined keeps the stored value. */
  loggingConfiguration?: unknown;
  /** The current definition (DescribeStateMachine): stored as a revision and made current. */
  definition?: string | null;
  /** Its AWS revisionId; default "sha256:<hex of definition>". */
  revisionId?: string | null;
}

export interface RecordListedExecutionsInput {
  source?: SourceInput;
  stateMachine: ListedStateMachine;
  executions: readonly ListedExecution[];
  /** Written in the same transaction (PollerCursor). */
  cursor?: { key: string; value: unknown };
}

const COLUMNS = [
  'executionArn',
  'stateMachineArn',
  'name',
  'status',
  'startDate',
  'stopDate',
  'durationMs',
  'redriveCount',
  'historyComplete',
  'partial',
  'expired',
  'eventCount',
  'createdAt',
  'updatedAt',
] as const;

/** Returns the number of executions inserted or sent back to the backlog. */
export async function recordListedExecutions(store: Store, input: RecordListedExecutionsInput): Promise<number> {
  const { dialect } = internalsOf(store);
  const arn = input.stateMachine.stateMachineArn;
  for (const execution of input.executions) {
    if (execution.stateMachineArn !== arn) throw new StoreError(`execution ${execution.executionArn} does not belong to ${arn}`);
  }
  const now = new Date();
  const rows = input.executions.map((e) => {
    const start = validDate(e.startDate);
    const stop = validDate(e.stopDate);
    return [
      e.executionArn,
      arn,
      e.name,
      e.status,
      start,
      stop,
      start && stop ? stop.getTime() - start.getTime() : null,
      Math.trunc(e.redriveCount) || 0,
      false,
      false,
      false,
      0,
      now,
      now,
    ];
  });
  return withWriteTransaction(store, async (tx) => {
    const sourceId = input.source ? await upsertSource(tx, dialect, input.source, now) : null;
    await upsertStateMachine(tx, dialect, input.stateMachine, sourceId, now);
    // A status change (e.g. RUNNING → SUCCEEDED, or FAILED → RUNNING after a redrive) or a new
    // redrive sends the execution back to the backlog; identical rows are left alone.
    const changed = await insertRows(
      tx,
      dialect,
      'Execution',
      COLUMNS,
      rows,
      `ON CONFLICT ("executionArn") DO UPDATE SET "status" = excluded."status", "stopDate" = excluded."stopDate",
        "durationMs" = excluded."durationMs", "redriveCount" = excluded."redriveCount", "historyComplete" = ${dialect.backend === 'postgres' ? 'false' : '0'},
        "updatedAt" = excluded."updatedAt"
       WHERE "Execution"."expired" = ${dialect.backend === 'postgres' ? 'false' : '0'}
         AND ("Execution"."status" IS DISTINCT FROM excluded."status" OR "Execution"."redriveCount" < excluded."redriveCount")`,
      500,
    );
    if (input.cursor) await setCursor(tx, dialect, input.cursor.key, input.cursor.value, now);
    return changed;
  });
}

async function setCursor(db: RawDb, dialect: Dialect, key: string, value: unknown, now: Date): Promise<void> {
  const p = dialect.param;
  await db.$executeRawUnsafe(
    `INSERT INTO "PollerCursor" ("key", "value", "updatedAt") VALUES (${p(1)}, ${p(2)}, ${p(3)})
     ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`,
    key,
    JSON.stringify(value) ?? 'null',
    now,
  );
}

async function upsertSource(db: RawDb, dialect: Dialect, source: SourceInput, now: Date): Promise<string> {
  const id = sourceIdOf(source);
  const p = dialect.param;
  await db.$executeRawUnsafe(
    `INSERT INTO "Source" ("id", "kind", "region", "accountId", "endpoint", "label", "createdAt", "updatedAt")
     VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}) ON CONFLICT ("id") DO NOTHING`,
    id,
    source.kind,
    source.region ?? null,
    source.accountId ?? null,
    source.endpoint ?? null,
    source.label ?? null,
    now,
    now,
  );
  return id;
}

async function upsertStateMachine(db: RawDb, dialect: Dialect, machine: ListedStateMachine, sourceId: string | null, now: Date): Promise<void> {
  const p = dialect.param;
  const logging = machine.loggingConfiguration === undefined ? undefined : (JSON.stringify(machine.loggingConfiguration) ?? null);
  const sets = ['"name" = excluded."name"', '"type" = excluded."type"'];
  const differs = ['"StateMachine"."name" IS DISTINCT FROM excluded."name"', '"StateMachine"."type" IS DISTINCT FROM excluded."type"'];
  if (sourceId !== null) {
    sets.push('"sourceId" = excluded."sourceId"');
    differs.push('"StateMachine"."sourceId" IS DISTINCT FROM excluded."sourceId"');
  }
  if (logging !== undefined) {
    sets.push('"loggingConfiguration" = excluded."loggingConfiguration"');
    differs.push('"StateMachine"."loggingConfiguration" IS DISTINCT FROM excluded."loggingConfiguration"');
  }
  await db.$executeRawUnsafe(
    `INSERT INTO "StateMachine" ("stateMachineArn", "name", "type", "sourceId", "loggingConfiguration", "createdAt", "updatedAt")
     VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)})
     ON CONFLICT ("stateMachineArn") DO UPDATE SET ${sets.join(', ')}, "updatedAt" = excluded."updatedAt" WHERE ${differs.join(' OR ')}`,
    machine.stateMachineArn,
    machine.name,
    machine.type,
    sourceId,
    logging ?? null,
    now,
    now,
  );
  const definition = machine.definition ?? null;
  if (definition === null) return;
  const revisionId = machine.revisionId ?? definitionRevisionId(definition);
  // A revision's definition never changes: the first stored copy wins.
  await db.$executeRawUnsafe(
    `INSERT INTO "DefinitionRevision" ("stateMachineArn", "revisionId", "definitionHash", "definition", "createdAt")
     VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}) ON CONFLICT ("stateMachineArn", "revisionId") DO NOTHING`,
    machine.stateMachineArn,
    revisionId,
    createHash('sha256').update(definition).digest('hex'),
    definition,
    now,
  );
  await db.$executeRawUnsafe(
    `UPDATE "StateMachine" SET "currentRevisionId" = ${p(1)}, "updatedAt" = ${p(2)} WHERE "stateMachineArn" = ${p(3)} AND "currentRevisionId" IS DISTINCT FROM ${p(4)}`,
    revisionId,
    now,
    machine.stateMachineArn,
    revisionId,
  );
}

function validDate(value: Date | null): Date | null {
  return value instanceof Date && Number.isFinite(value.getTime()) ? value : null;
}
