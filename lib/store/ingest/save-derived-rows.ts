// Rewrites what is derived from events for a batch of executions (`steplens reanalyze`): the
// derived Execution columns (transitions included, recomputed from the new runs) and the StateRun
// rows, in one transaction. Events, source bookkeeping (historyComplete, partial, expired) and
// revisions are not touched. A row whose values are unchanged is not written (updatedAt stays
// put), so rebuilding at the current version leaves the derived rows byte-identical.
import type { StateRun } from '../../history/types.ts';
import { internalsOf } from '../db/internals.ts';
import { applyStateRunRollupDelta, readRollupRuns } from '../aggregates/state-run-rollup.ts';
import { DERIVED_EXECUTION_COLUMNS, RUN_COLUMNS, derivedExecutionValues, rollupRunOf, runRow, transitionsOf } from './save-execution-history.ts';
import { insertRows, q } from '../db/sql.ts';
import type { DerivedExecutionFields, Store } from '../types.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';

export interface DerivedRows {
  execution: DerivedExecutionFields;
  runs: readonly StateRun[];
}

/** Returns the number of StateRun rows written. */
export async function saveDerivedRows(store: Store, batch: readonly DerivedRows[], analyzerVersion: number): Promise<number> {
  if (batch.length === 0) return 0;
  const { dialect } = internalsOf(store);
  const rowsOf = batch.map(({ execution, runs }) => runs.map((run, ordinal) => runRow(execution, run, ordinal, analyzerVersion)));
  const runRows = rowsOf.flat();
  const n = DERIVED_EXECUTION_COLUMNS.length;
  const sets = DERIVED_EXECUTION_COLUMNS.map((column, i) => `${q(column)} = ${dialect.param(i + 1)}`);
  // Fresh parameter numbers for the comparison: SQLite's `?` cannot refer back to an earlier one.
  const differs = DERIVED_EXECUTION_COLUMNS.map((column, i) => `${q(column)} IS DISTINCT FROM ${dialect.param(n + 3 + i)}`);
  const update = `UPDATE ${q('Execution')} SET ${sets.join(', ')}, ${q('updatedAt')} = ${dialect.param(n + 1)} WHERE ${q('executionArn')} = ${dialect.param(n + 2)} AND (${differs.join(' OR ')})`;
  const now = new Date();
  const arns = batch.map(({ execution }) => execution.executionArn);
  await withWriteTransaction(store, async (tx) => {
    for (const [i, { execution }] of batch.entries()) {
      const values = derivedExecutionValues(execution, analyzerVersion, transitionsOf(rowsOf[i] ?? []));
      await tx.$executeRawUnsafe(update, ...values, now, execution.executionArn, ...values);
    }
    const placeholders = arns.map((_, i) => dialect.param(i + 1)).join(', ');
    // Concurrent writers of these executions take turns from here (an UPDATE that changed
    // nothing took no lock), so the old runs read below are the ones deleted.
    if (dialect.backend === 'postgres') await tx.$queryRawUnsafe(`SELECT 1 FROM ${q('Execution')} WHERE ${q('executionArn')} IN (${placeholders}) FOR UPDATE`, ...arns);
    const replaced = await readRollupRuns(tx, dialect, arns);
    await tx.$executeRawUnsafe(`DELETE FROM ${q('StateRun')} WHERE ${q('executionArn')} IN (${placeholders})`, ...arns);
    await insertRows(tx, dialect, 'StateRun', RUN_COLUMNS, runRows);
    await applyStateRunRollupDelta(tx, dialect, replaced, runRows.map(rollupRunOf));
  });
  return runRows.length;
}
