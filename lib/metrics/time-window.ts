// Windows across executions (DESIGN.md §2.5): half-open [from, to) on the execution's startDate.
// An execution whose startDate is unknown is in no window.

/** A half-open interval [from, to) of epoch milliseconds (UTC). */
export interface TimeWindow {
  from: number;
  to: number;
}

/** Epoch ms of a Date or a number; null for null/undefined and invalid dates. */
export function epochMs(value: Date | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === 'number' ? value : value.getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Throws unless from and to are finite and from <= to (an empty window from = to is allowed). */
export function checkWindow(window: TimeWindow): void {
  if (!Number.isFinite(window.from) || !Number.isFinite(window.to) || window.from > window.to) {
    throw new RangeError(`window must have finite from <= to, got [${window.from}, ${window.to})`);
  }
}

/** from <= startDate < to; false when startDate is unknown. */
export function inWindow(startDate: Date | number | null | undefined, window: TimeWindow): boolean {
  const ms = epochMs(startDate);
  return ms !== null && ms >= window.from && ms < window.to;
}
