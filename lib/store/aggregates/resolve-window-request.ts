// The window of a pattern route's request (lib/schemas/window.ts WindowRequest): a range as given,
// or `last=N` resolved over the machine's executions as lib/metrics lastExecutionsWindow defines it:
// [startDate of the N-th newest, newest + 1 ms). Two probes of the (stateMachineArn, startDate)
// index (the newest, and the N-th newest by OFFSET), whatever N; with no dated execution, the
// default window (the last 24 h before `now`).
import type { TimeWindow, WindowRequest } from '../../schemas/window.ts';
import { DEFAULT_WINDOW_MS } from '../../schemas/window.ts';
import { internalsOf } from '../db/internals.ts';
import type { Store } from '../types.ts';

export async function resolveWindowRequest(store: Store, stateMachineArn: string, request: WindowRequest, now: Date = new Date()): Promise<TimeWindow> {
  if (request.kind === 'range') return { from: request.from, to: request.to };
  const { client } = internalsOf(store);
  const where = { stateMachineArn, startDate: { not: null } };
  const [newest, nth] = await Promise.all([
    client.execution.findFirst({ where, orderBy: { startDate: 'desc' }, select: { startDate: true } }),
    client.execution.findFirst({ where, orderBy: { startDate: 'desc' }, skip: request.last - 1, select: { startDate: true } }),
  ]);
  if (!newest?.startDate) return { from: new Date(now.getTime() - DEFAULT_WINDOW_MS), to: now };
  // Fewer than N dated executions: the oldest one starts the window.
  const first =
    nth?.startDate ?? (await client.execution.findFirst({ where, orderBy: { startDate: 'asc' }, select: { startDate: true } }))?.startDate ?? newest.startDate;
  return { from: first, to: new Date(newest.startDate.getTime() + 1) };
}
