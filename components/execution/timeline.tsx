'use client';
// Timeline (Gantt): one row per state run, indented by nesting; each Task attempt is a segment,
// failed attempts red, the Retry backoff between attempts light grey. Windowed: only rows on
// screen are drawn. Without timestamps the rows keep their order and say so.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef } from 'react';
import { formatDuration, formatTimestamp } from '@/components/format';
import type { StateRun } from '@/lib/history/types';

const ROW = 24;
/** The viewport assumed before the scroll container is measured (server render, first paint). */
const INITIAL_RECT = { width: 0, height: 600 };
const rowSize = () => ROW;

interface Segment {
  from: number;
  to: number;
  kind: string;
  title: string;
}

function iso(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : formatTimestamp(new Date(ms));
}

function segmentsOf(run: StateRun, end: number): Segment[] {
  const out: Segment[] = [];
  const entered = run.enteredAt ?? null;
  const exited = run.exitedAt ?? null;
  const attempts = run.taskAttempts ?? [];
  if (entered !== null) out.push({ from: entered, to: exited ?? end, kind: `track tl-${run.status}`, title: `${run.stateName}: ${run.status}\nentered ${iso(entered)}\nexited ${iso(exited)}\nduration ${formatDuration(run.durationMs)}` });
  attempts.forEach((a, i) => {
    const prev = attempts[i - 1];
    if (prev && prev.closedAt !== null && a.scheduledAt !== null && a.scheduledAt > prev.closedAt) {
      out.push({ from: prev.closedAt, to: a.scheduledAt, kind: 'backoff', title: `Backoff before attempt ${a.attempt}: ${formatDuration(a.backoffMs ?? a.scheduledAt - prev.closedAt)}\n${iso(prev.closedAt)} → ${iso(a.scheduledAt)}` });
    }
    if (a.scheduledAt === null) return;
    const to = a.closedAt ?? exited ?? end;
    const label = i === 0 ? 'Initial attempt' : `Retry ${i}`;
    out.push({ from: a.scheduledAt, to, kind: `attempt tl-a-${a.status}`, title: `${label} (${a.status})\nscheduled ${iso(a.scheduledAt)}\nclosed ${iso(a.closedAt)}\n${formatDuration(to - a.scheduledAt)}${a.error ? `\n${a.error}` : ''}` });
  });
  if (out.length === 0 && entered === null) return [];
  return out;
}

export interface TimelineProps {
  runs: StateRun[];
  selectedRun: number | null;
  onSelect: (runIndex: number) => void;
  running: boolean;
}

/** Memoised: the page re-renders on every selection and poll; this list only when its props change. */
export const Timeline = memo(function Timeline({ runs, selectedRun, onSelect, running }: TimelineProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const range = useMemo(() => {
    let t0 = Infinity;
    let t1 = -Infinity;
    for (const run of runs) {
      for (const t of [run.enteredAt, run.exitedAt, ...(run.taskAttempts ?? []).flatMap((a) => [a.scheduledAt, a.closedAt])]) {
        if (typeof t === 'number') {
          t0 = Math.min(t0, t);
          t1 = Math.max(t1, t);
        }
      }
    }
    if (!Number.isFinite(t0)) return null;
    if (running) t1 = Math.max(t1, Date.now());
    return { t0, t1: Math.max(t1, t0 + 1) };
  }, [runs, running]);
  const virtualizer = useVirtualizer({ count: runs.length, getScrollElement: () => scrollRef.current, estimateSize: rowSize, overscan: 12, initialRect: INITIAL_RECT });
  // A run selected elsewhere (graph, n/p, the table) is scrolled into view, once per selection
  // (a poll adding runs does not pull a reader who scrolled away back to it); one on screen stays put.
  const scrolledTo = useRef<number | null>(null);
  useEffect(() => {
    if (selectedRun === null) {
      scrolledTo.current = null;
      return;
    }
    if (selectedRun >= runs.length || scrolledTo.current === selectedRun) return;
    scrolledTo.current = selectedRun;
    virtualizer.scrollToIndex(selectedRun, { align: 'auto' });
  }, [selectedRun, runs.length, virtualizer]);
  if (runs.length === 0) return <p className="empty">No state was entered in the recorded events.</p>;
  const pct = (t: number) => (range ? ((t - range.t0) / (range.t1 - range.t0)) * 100 : 0);
  const rows = [];
  for (const item of virtualizer.getVirtualItems()) {
    const i = item.index;
    const run = runs[i];
    if (!run) continue;
    const segs = range ? segmentsOf(run, range.t1) : [];
    rows.push(
      <div
        key={i}
        className={`tl-row${i === selectedRun ? ' ex-selected' : ''}`}
        style={{ top: item.start }}
        data-run-index={i}
        data-state-name={run.stateName}
        data-status={run.status}
        onClick={() => onSelect(i)}
        role="row"
        aria-selected={i === selectedRun}
      >
        <div className="tl-label" style={{ paddingLeft: 6 + Math.min(run.depth ?? 0, 12) * 14 }} title={run.stateName}>
          <span className={`status status-${run.status}`}>{run.stateName}</span>
          {run.mapIndex.length > 0 ? <span className="muted"> #{run.mapIndex.join('›')}</span> : null}
        </div>
        <svg className="tl-bars" preserveAspectRatio="none" role="img" aria-label={`${run.stateName} ${run.status}`}>
          {range ? (
            segs.map((s, k) => {
              const x = pct(s.from);
              const w = Math.max(0.25, pct(s.to) - x);
              const track = s.kind.startsWith('track');
              return (
                <rect key={k} className={`tl-seg ${s.kind}`} x={`${x}%`} width={`${w}%`} y={track ? 9 : 5} height={track ? 6 : 14} rx={2} data-kind={s.kind.split(' ')[0]}>
                  <title>{s.title}</title>
                </rect>
              );
            })
          ) : (
            <rect className={`tl-seg tl-${run.status}`} x="0" width="12" y={5} height={14} rx={2}>
              <title>{`${run.stateName}: ${run.status} (no timestamps recorded)`}</title>
            </rect>
          )}
        </svg>
        <div className="tl-dur num">{formatDuration(run.durationMs)}</div>
      </div>,
    );
  }
  return (
    <div className="tl" data-testid="timeline">
      <div className="tl-head">
        {range ? (
          <>
            <span>{iso(range.t0)}</span>
            <span className="tl-legend">
              <span className="tl-key tl-key-ok" /> succeeded <span className="tl-key tl-key-fail" /> failed attempt <span className="tl-key tl-key-backoff" /> retry backoff
            </span>
            <span>
              {iso(range.t1)} ({formatDuration(range.t1 - range.t0)})
            </span>
          </>
        ) : (
          <span className="muted" data-testid="timeline-no-timestamps">
            No timestamps recorded: runs are shown in event order only.
          </span>
        )}
      </div>
      <div className="tl-scroll" ref={scrollRef}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>{rows}</div>
      </div>
    </div>
  );
});
