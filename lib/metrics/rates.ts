// Execution rates (DESIGN.md §2.6, §2.8). All rates are fractions in [0, 1] (not percent), over
// the executions that have finished: SUCCEEDED, FAILED, TIMED_OUT and ABORTED. RUNNING and
// PENDING_REDRIVE executions have no outcome yet and are excluded from numerator and
// denominator alike; so are status words this vocabulary does not know.
//
//   successRate = SUCCEEDED / finished
//   failureRate = (FAILED + TIMED_OUT) / finished   — the executions with a §2.2 `failure`,
//                                                     i.e. what the failure clusters count
//   abortedRate = ABORTED / finished                 — stopped by someone, not an error
//
// so successRate + failureRate + abortedRate = 1 whenever finished > 0. With nothing finished
// every rate is null (no outcome to rate), never 0 or NaN.
import { EXECUTION_STATUSES, endsWithError, isTerminal, type ExecutionStatus } from '../history/statuses.ts';

/** Executions per status (e.g. a GROUP BY "status"); absent statuses count 0. */
export type ExecutionStatusCounts = Partial<Record<ExecutionStatus | (string & {}), number>>;

/** The statuses that count as finished: SUCCEEDED, FAILED, TIMED_OUT, ABORTED. */
export const FINISHED_STATUSES: readonly ExecutionStatus[] = EXECUTION_STATUSES.filter((s) => isTerminal(s));
/** The finished statuses that count as failures: FAILED, TIMED_OUT. */
export const FAILURE_STATUSES: readonly ExecutionStatus[] = FINISHED_STATUSES.filter((s) => endsWithError(s));

function count(counts: ExecutionStatusCounts, status: ExecutionStatus): number {
  // Own properties only: counts may come from an object built from untrusted rows.
  const n = Object.prototype.hasOwnProperty.call(counts, status) ? counts[status] : undefined;
  if (n === undefined) return 0;
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`count of ${status} must be a non-negative integer, got ${n}`);
  return n;
}

function sum(counts: ExecutionStatusCounts, statuses: readonly ExecutionStatus[]): number {
  let total = 0;
  for (const status of statuses) total += count(counts, status);
  return total;
}

/** Executions with an outcome: SUCCEEDED + FAILED + TIMED_OUT + ABORTED. */
export function finishedCount(counts: ExecutionStatusCounts): number {
  return sum(counts, FINISHED_STATUSES);
}

function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** SUCCEEDED / finished, in [0, 1]; null when no execution has finished. */
export function successRate(counts: ExecutionStatusCounts): number | null {
  return rate(count(counts, 'SUCCEEDED'), finishedCount(counts));
}

/** (FAILED + TIMED_OUT) / finished, in [0, 1]; null when no execution has finished. */
export function failureRate(counts: ExecutionStatusCounts): number | null {
  return rate(sum(counts, FAILURE_STATUSES), finishedCount(counts));
}

/** ABORTED / finished, in [0, 1]; null when no execution has finished. */
export function abortedRate(counts: ExecutionStatusCounts): number | null {
  return rate(count(counts, 'ABORTED'), finishedCount(counts));
}

/** Counts per status of a list of statuses (any words; unknown ones are counted but never rated). */
export function countStatuses(statuses: Iterable<string>): ExecutionStatusCounts {
  const counts = new Map<string, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return Object.fromEntries(counts);
}
