'use client';
// Table view: one row per state run (the console's Table view), indented by nesting, clickable.
// Keeps the runs-table test ids of the first page (data-state-name / data-status / data-failing).
// Long lists are windowed (@tanstack/react-virtual) with spacer rows under the sticky header.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { formatDuration } from '@/components/format';
import { StatusBadge } from '@/components/status-badge';
import { causeText } from '@/lib/history';
import type { StateRun } from '@/lib/history/types';

const ROW = 30;
/** The sticky header row above the windowed rows (the rows' offsets start below it), until measured. */
const HEAD = 29;
const WINDOW_ABOVE = 400;
/** The viewport assumed before the scroll container is measured (server render, first paint). */
const INITIAL_RECT = { width: 0, height: 600 };
const rowSize = () => ROW;

function clip(text: string | null, n = 200): string {
  if (text === null) return '';
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

export interface RunsListProps {
  runs: StateRun[];
  /** The run that raised the execution's error (analysis.failure.runIndex). */
  failingRun: number | null;
  selectedRun: number | null;
  onSelect: (runIndex: number) => void;
  /** Rendered (hidden) for small executions so the rows stay in the document; skipped for big ones. */
  hidden: boolean;
}

/** Memoised: the page re-renders on every selection and poll; this list only when its props change. */
export const RunsList = memo(function RunsList({ runs, failingRun, selectedRun, onSelect, hidden }: RunsListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLTableSectionElement>(null);
  const windowed = runs.length > WINDOW_ABOVE;
  const [head, setHead] = useState(HEAD);
  // The header's height (it wraps when the step panel narrows the table) is where the rows start.
  useLayoutEffect(() => {
    const el = headRef.current;
    if (!windowed || hidden || !el) return;
    const measure = () => setHead(el.getBoundingClientRect().height || HEAD);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [windowed, hidden]);
  const virtualizer = useVirtualizer({
    count: runs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: rowSize,
    overscan: 12,
    paddingStart: head,
    scrollPaddingStart: head,
    initialRect: INITIAL_RECT,
    enabled: windowed && !hidden,
  });
  // A run selected elsewhere (graph, timeline, n/p) is scrolled into view in a windowed table,
  // once per selection (and again when the table is shown): not when the header's height or the
  // number of runs changes, which would pull a reader who scrolled away back to it.
  const scrolledTo = useRef<number | null>(null);
  useEffect(() => {
    if (!windowed || hidden || selectedRun === null) {
      scrolledTo.current = null;
      return;
    }
    if (selectedRun >= runs.length || scrolledTo.current === selectedRun) return;
    scrolledTo.current = selectedRun;
    virtualizer.scrollToIndex(selectedRun, { align: 'auto' });
  }, [windowed, hidden, selectedRun, runs.length, virtualizer]);
  if (hidden && windowed) return null;
  if (runs.length === 0) return hidden ? null : <p className="empty">No state was entered in the recorded events.</p>;
  const items = windowed ? virtualizer.getVirtualItems() : [];
  const start = windowed ? (items[0]?.index ?? 0) : 0;
  const end = windowed ? (items.length > 0 ? (items[items.length - 1]?.index ?? 0) + 1 : 0) : runs.length;
  const rows = [];
  for (let index = start; index < end; index++) {
    const run = runs[index];
    if (!run) continue;
    rows.push(
      <tr
        key={index}
        data-state-name={run.stateName}
        data-status={run.status}
        data-failing={index === failingRun ? 'true' : undefined}
        data-run-index={index}
        className={`${index === selectedRun ? 'ex-selected' : ''} ex-clickable`}
        onClick={() => onSelect(index)}
        style={windowed ? { height: ROW } : undefined}
      >
        <td className="num">{run.enteredEventId ?? '—'}</td>
        <td className="ex-cell-name" style={{ paddingLeft: 8 + Math.min(run.depth ?? 0, 12) * 14 }} title={run.stateName}>
          {clip(run.stateName, 120)}
        </td>
        <td>{run.stateType}</td>
        <td>
          <StatusBadge status={run.status} />
        </td>
        <td className="num">{run.attempts > 0 ? run.attempts : ''}</td>
        <td className="mono">{run.mapIndex.length > 0 ? run.mapIndex.join(' › ') : ''}</td>
        <td className="num">{formatDuration(run.durationMs)}</td>
        <td className="mono ex-cell-clip">{clip(run.error)}</td>
        <td className="mono ex-cell-clip">{clip(causeText(run.cause))}</td>
      </tr>,
    );
  }
  return (
    <div className={`ex-runs${windowed ? ' ex-runs-windowed' : ''}`} ref={scrollRef} hidden={hidden} data-testid="runs-view">
      <table className="grid" data-testid="runs-table">
        <thead ref={headRef}>
          <tr>
            <th>#</th>
            <th>State</th>
            <th>Type</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>Map iteration</th>
            <th>Duration</th>
            <th>Error</th>
            <th>Cause</th>
          </tr>
        </thead>
        <tbody>
          {windowed && start > 0 ? <tr aria-hidden="true" style={{ height: start * ROW }} /> : null}
          {rows}
          {windowed && end < runs.length ? <tr aria-hidden="true" style={{ height: (runs.length - end) * ROW }} /> : null}
        </tbody>
      </table>
    </div>
  );
});
