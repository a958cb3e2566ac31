// The one WHERE builder of the executions filter (lib/schemas/execution-filters.ts), shared by
// listExecutions (per status scan, plus its keyset and text clauses) and countExecutionsByStatus
// (status ignored), so a chip's count is always what that status would list.
import { FAILURE_STATUSES } from '../../metrics/index.ts';
import type { Dialect } from '../db/internals.ts';
import type { ListExecutionsQuery } from '../types.ts';

/** The filters that define an executions scope: all but status, text, sort, cursor and limit. */
export type ExecutionScope = Pick<ListExecutionsQuery, 'stateMachineArn' | 'mapRunArn' | 'q' | 'error' | 'cluster' | 'from' | 'to'> & {
  /**
   * Set by resolveClusterScope when `cluster` is a machine's unanalysed cluster (its FAILED and
   * TIMED_OUT executions nothing was derived for yet, whose rows have no clusterId): that machine.
   */
  unanalysedClusterOf?: string;
};

/** Positional parameters of one statement, in the dialect's placeholder syntax. */
export interface SqlParams {
  readonly params: unknown[];
  /** Adds a value; returns its placeholder. */
  p(value: unknown): string;
  /** Adds a Date; returns its placeholder as the backend compares dates. */
  d(value: Date): string;
}

export function sqlParams(dialect: Dialect): SqlParams {
  const params: unknown[] = [];
  return {
    params,
    p: (value) => {
      params.push(value);
      return dialect.param(params.length);
    },
    d: (value) => {
      params.push(value);
      return dialect.dateParam(params.length);
    },
  };
}

/** `%text%` for LIKE/ILIKE … ESCAPE '\': the user's %, _ and \ match themselves. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * WHERE clauses (to be joined with AND) for the scope and, when given, any of `statuses`
 * (one status is an equality, so the scan stays on a (status, …) index).
 */
export function executionFilterWhere(dialect: Dialect, sql: SqlParams, scope: ExecutionScope, statuses: readonly string[] = []): string[] {
  const { p, d } = sql;
  const where: string[] = [];
  if (scope.stateMachineArn !== undefined) where.push(`"stateMachineArn" = ${p(scope.stateMachineArn)}`);
  if (scope.mapRunArn !== undefined) where.push(`"mapRunArn" = ${p(scope.mapRunArn)}`);
  if (statuses.length === 1) where.push(`"status" = ${p(statuses[0])}`);
  else if (statuses.length > 1) where.push(`"status" IN (${statuses.map((s) => p(s)).join(', ')})`);
  if (scope.error !== undefined && scope.error !== '') where.push(`"error" = ${p(scope.error)}`);
  // A cluster's members are its FAILED and TIMED_OUT executions: a redriven one (RUNNING again)
  // keeps its old failure columns until its new history is derived, and is not a member.
  // (Placeholders are taken in the order they appear: SQLite's are positional.)
  if (scope.cluster !== undefined) {
    const member = scope.unanalysedClusterOf !== undefined ? `"clusterId" IS NULL AND "stateMachineArn" = ${p(scope.unanalysedClusterOf)}` : `"clusterId" = ${p(scope.cluster)}`;
    where.push(`${member} AND "status" IN (${FAILURE_STATUSES.map((s) => p(s)).join(', ')})`);
  }
  if (scope.q !== undefined && scope.q.trim() !== '') {
    const pattern = likePattern(scope.q.trim());
    where.push(`("name" ${dialect.ilike} ${p(pattern)} ESCAPE '\\' OR "error" ${dialect.ilike} ${p(pattern)} ESCAPE '\\')`);
  }
  if (scope.from !== undefined) where.push(`"startDate" >= ${d(scope.from)}`);
  if (scope.to !== undefined) where.push(`"startDate" <= ${d(scope.to)}`);
  return where;
}
