// How the execution diff (lib/metrics diffExecutions) paints a workflow graph, by state name: the
// states both executions took, those only A or only B took, those neither took, and the state
// where the paths part. Pure; the page maps `membership` to its colours and draws `label` on the
// node and `title` as its tooltip.
import { formatDurationShort } from './aggregate-overlay.ts';
import type { Divergence, PathMembership, StateDiff, StateSide } from '../metrics/execution-diff.ts';

export type DiffMembership = PathMembership | 'none';

export interface DiffNodePaint {
  stateName: string;
  membership: DiffMembership;
  /** The first divergence is at this state. */
  diverges: boolean;
  /** Some pair of its runs differs (path, status, next state, error, input or output). */
  differs: boolean;
  /** Short text for the node's badge: "A failed · B ok", "only A", "not run", with "◆ " where the paths part. */
  label: string;
  /** One line per side: status, runs, attempts, duration, error. */
  title: string;
}

/** What each membership means, for the legend (one vocabulary with the badges). */
export const DIFF_MEMBERSHIP_LABELS: Readonly<Record<DiffMembership, string>> = {
  both: 'taken by both',
  a: 'only A',
  b: 'only B',
  none: 'taken by neither',
};

const SHORT_STATUS: ReadonlyMap<string, string> = new Map([
  ['SUCCEEDED', 'ok'],
  ['FAILED', 'failed'],
  ['CAUGHT', 'caught'],
  ['ABORTED', 'aborted'],
  ['RUNNING', 'running'],
]);

const short = (side: StateSide) => SHORT_STATUS.get(side.status) ?? side.status.toLowerCase();

function sideLine(which: 'A' | 'B', side: StateSide | null): string {
  if (side === null) return `${which}: not run`;
  const parts = [side.status, `${side.runs} run${side.runs === 1 ? '' : 's'}`];
  if (side.attempts > 0) parts.push(`${side.attempts} attempt${side.attempts === 1 ? '' : 's'}`);
  if (side.durationMs !== null) parts.push(formatDurationShort(side.durationMs));
  if (side.error !== null) parts.push(side.error);
  return `${which}: ${parts.join(' · ')}`;
}

/**
 * The paint of every state in `stateNames` (the drawn definition's states): the diff's states by
 * name, the rest as taken by neither.
 */
export function diffPaint(diff: { states: readonly StateDiff[]; firstDivergence: Divergence | null }, stateNames: Iterable<string>): Record<string, DiffNodePaint> {
  const byName = new Map(diff.states.map((state) => [state.stateName, state]));
  const paint: Record<string, DiffNodePaint> = {};
  for (const stateName of stateNames) {
    const state = byName.get(stateName);
    const diverges = diff.firstDivergence?.stateName === stateName;
    const mark = diverges ? '◆ ' : '';
    if (state === undefined) {
      paint[stateName] = { stateName, membership: 'none', diverges, differs: false, label: 'not run', title: `${stateName}: taken by neither execution` };
      continue;
    }
    const label =
      state.taken === 'a'
        ? 'only A'
        : state.taken === 'b'
          ? 'only B'
          : state.a && state.b && short(state.a) !== short(state.b)
            ? `A ${short(state.a)} · B ${short(state.b)}`
            : state.differs
              ? `both ${state.a ? short(state.a) : ''} · differ`
              : `both ${state.a ? short(state.a) : ''}`;
    const title = [`${stateName} (${DIFF_MEMBERSHIP_LABELS[state.taken]})`, sideLine('A', state.a), sideLine('B', state.b), diverges ? 'The paths part here (first divergence).' : ''].filter(Boolean).join('\n');
    paint[stateName] = { stateName, membership: state.taken, diverges, differs: state.differs, label: `${mark}${label}`, title };
  }
  return paint;
}
