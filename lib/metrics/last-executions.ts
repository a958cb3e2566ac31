// "The last N executions" as a window (DESIGN.md §2.5 windows are half-open [from, to) on
// startDate): [startDate of the N-th newest execution, newest startDate + 1 ms). Executions with
// an unknown startDate are in no window, so they are not counted among the N. With fewer than N
// dated executions the window holds all of them; executions that share the N-th one's startDate
// are all inside (a window cannot split an instant), so it may hold more than N. With none, there
// is no such window (null): callers fall back to their default window.
import { epochMs, type TimeWindow } from './time-window.ts';

export function lastExecutionsWindow(startDates: Iterable<Date | number | null>, n: number): TimeWindow | null {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  const known: number[] = [];
  for (const start of startDates) {
    const ms = epochMs(start);
    if (ms !== null) known.push(ms);
  }
  if (known.length === 0) return null;
  known.sort((a, b) => b - a);
  const newest = known[0] as number;
  const nth = known[Math.min(n, known.length) - 1] as number;
  return { from: nth, to: newest + 1 };
}
