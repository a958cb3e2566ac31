'use client';
// Table view: one row per state run (the console's Table view), indented by nesting, clickable.
// Keeps the runs-table test ids of the first page (data-state-name / data-status / data-failing).
// Long lists are windowed with spacer rows.
import { useRef } from 'react';
import { formatDuration } from '@/components/format';
import { StatusBadge } from '@/components/status-badge';
import { causeText } from '@/lib/history';
import type { StateRun } from '@/lib/history/types';
import { useWindow } from './use-window';

const ROW = 30;
const WINDOW_ABOVE = 400;

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

export function RunsList({ runs, failingRun, selectedRun, onSelect, hidden }: RunsListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const windowed = runs.length > WINDOW_ABOVE;
  const win = useWindow(scrollRef, runs.length, ROW);
  if (hidden && windowed) return null;
  if (runs.length === 0) return hidden ? null : <p className="empty">No state was entered in the recorded events.</p>;
  const start = windowed ? win.start : 0;
  const end = windowed ? win.end : runs.length;
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
        <thead>
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
}
