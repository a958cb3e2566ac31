// Synthetic executions for benchmarks (tests/bench/list-bench.ts): raw prepared inserts into a
// migrated SQLite store, in one transaction, about 1,000,000 rows in well under a minute.
// Not for production data: no history events, no state runs.
import Database from 'better-sqlite3';
import { endsWithError, type ExecutionStatus } from '../../history/statuses.ts';
import { resolveDatabaseUrl } from '../db/database-url.ts';
import { StoreError } from '../db/errors.ts';

export interface SeedOptions {
  count: number;
  machines?: number;
  /** Newest startDate; executions go back one every `spacingMs`. */
  now?: Date;
  spacingMs?: number;
  /** Rows carrying `needle` in their input: one every `needleEvery` (0: none). */
  needleEvery?: number;
  needle?: string;
}

export const SEED_ERRORS = ['States.Timeout', 'States.TaskFailed', 'Lambda.ServiceException', 'States.Runtime'];
const STATUSES: readonly ExecutionStatus[] = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'RUNNING', 'TIMED_OUT', 'ABORTED'];

/** SQLite DateTime text as the Prisma adapter writes it. */
function sqliteDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

export function seedSyntheticExecutions(databaseUrl: string, options: SeedOptions): { inserted: number; stateMachineArns: string[] } {
  const resolved = resolveDatabaseUrl(databaseUrl);
  if (resolved.backend !== 'sqlite') throw new StoreError('seedSyntheticExecutions writes SQLite stores only');
  const db = new Database(resolved.file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const machines = options.machines ?? 10;
    const now = (options.now ?? new Date()).getTime();
    const spacing = options.spacingMs ?? 1_000;
    const needleEvery = options.needleEvery ?? 0;
    const needle = options.needle ?? 'needle';
    const arns = Array.from({ length: machines }, (_, i) => `arn:aws:states:us-east-1:123456789012:stateMachine:Bench${String(i).padStart(2, '0')}`);
    const stamp = sqliteDate(now);
    const machineInsert = db.prepare(
      `INSERT OR IGNORE INTO "StateMachine" ("stateMachineArn", "name", "type", "createdAt", "updatedAt") VALUES (?, ?, 'STANDARD', ?, ?)`,
    );
    const insert = db.prepare(
      `INSERT INTO "Execution" ("executionArn", "stateMachineArn", "name", "status", "startDate", "stopDate", "durationMs", "input", "output", "error", "cause", "historyComplete", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    );
    const run = db.transaction(() => {
      arns.forEach((arn, i) => machineInsert.run(arn, `Bench${String(i).padStart(2, '0')}`, stamp, stamp));
      for (let i = 0; i < options.count; i++) {
        const m = i % machines;
        const machineArn = arns[m] ?? '';
        const status = STATUSES[(i * 7) % STATUSES.length] ?? 'SUCCEEDED';
        const start = now - i * spacing;
        // Deterministic spread of durations: 10 ms .. ~17 min.
        const duration = status === 'RUNNING' ? null : 10 + ((i * 7919) % 1_000_000);
        const failed = endsWithError(status);
        const error = failed ? (status === 'TIMED_OUT' ? 'States.Timeout' : (SEED_ERRORS[1 + (i % 3)] ?? null)) : null;
        const name = `exec-${String(i).padStart(8, '0')}`;
        const input = needleEvery > 0 && i % needleEvery === 0 ? `{"order":${i},"tag":"${needle}"}` : `{"order":${i},"items":[1,2,3]}`;
        insert.run(
          `${machineArn.replace(':stateMachine:', ':execution:')}:${name}`,
          machineArn,
          name,
          status,
          sqliteDate(start),
          duration === null ? null : sqliteDate(start + duration),
          duration,
          input,
          status === 'SUCCEEDED' ? `{"ok":true,"order":${i}}` : null,
          error,
          error === null ? null : `cause of ${name}`,
          stamp,
          stamp,
        );
      }
    });
    run();
    db.pragma('optimize');
    return { inserted: options.count, stateMachineArns: arns };
  } finally {
    db.close();
  }
}
