'use client';
// Event view: the raw history, virtualised (only rows on screen are in the DOM), filtered by
// type, state and free text, coloured by kind, one row expandable to its details JSON.
// Arrow keys move through rows, Enter expands, clicking selects the owning state run.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatTimestamp } from '@/components/format';
import { useExecutionEvents, type ExecutionEventItem } from '@/lib/queries/execution-detail';
import { JsonView } from './json-view';

const ROW = 28;
const EXPANDED = 320;
/** The viewport assumed before the scroll container is measured (server render, first paint). */
const INITIAL_RECT = { width: 0, height: 600 };

export function eventKindClass(type: string): 'fail' | 'ok' | 'neutral' {
  if (/(Failed|TimedOut|Aborted)$/.test(type)) return 'fail';
  if (/(Succeeded|Exited)$/.test(type)) return 'ok';
  return 'neutral';
}

const haystacks = new WeakMap<ExecutionEventItem, string>();
function haystack(e: ExecutionEventItem): string {
  let text = haystacks.get(e);
  if (text === undefined) {
    text = `${e.id ?? ''} ${e.type} ${e.stateName ?? ''} ${JSON.stringify(e.details)}`.toLowerCase();
    haystacks.set(e, text);
  }
  return text;
}

function brief(e: ExecutionEventItem): string {
  const d = e.details;
  const pick = d.error ?? d.cause ?? d.output ?? d.input ?? d.parameters ?? d.index ?? d.length ?? '';
  const text = typeof pick === 'string' ? pick : JSON.stringify(pick) ?? '';
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

export interface EventTableProps {
  executionArn: string;
  running: boolean;
  selectedRun: number | null;
  onSelectRun: (runIndex: number) => void;
  /** Initial state filter (e.g. "events of this state" from the step panel). */
  stateFilter?: string;
}

export function EventTable({ executionArn, running, selectedRun, onSelectRun, stateFilter }: EventTableProps) {
  const query = useExecutionEvents(executionArn, { enabled: true, running });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const events = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? null;
  const [type, setType] = useState('');
  const [state, setState] = useState(stateFilter ?? '');
  const [text, setText] = useState('');
  const [expanded, setExpanded] = useState<number | null>(null);
  const [descending, setDescending] = useState(false);
  const [active, setActive] = useState(0);
  const types = useMemo(() => [...new Set(events.map((e) => e.type))].sort(), [events]);
  const states = useMemo(() => [...new Set(events.map((e) => e.stateName).filter((s): s is string => s !== null))].sort(), [events]);
  const needle = text.trim().toLowerCase();
  const rows = useMemo(() => {
    const kept = events.filter((e) => (type === '' || e.type === type) && (state === '' || e.stateName === state) && (needle === '' || haystack(e).includes(needle)));
    return descending ? kept.reverse() : kept;
  }, [events, type, state, needle, descending]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // Fixed row heights, one row (the expanded one) taller: sizes are known, never measured. The
  // virtualizer recomputes its offsets when getItemKey changes, so the key names the expanded row.
  const getItemKey = useCallback((index: number) => {
    const position = rows[index]?.position ?? -1 - index;
    return position === expanded ? `open:${position}` : position;
  }, [rows, expanded]);
  const estimateSize = useCallback((index: number) => (rows[index]?.position === expanded ? ROW + EXPANDED : ROW), [rows, expanded]);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize, getItemKey, overscan: 12, initialRect: INITIAL_RECT });

  const activate = (index: number, toggle: boolean) => {
    const row = rows[index];
    if (!row) return;
    setActive(index);
    if (toggle) setExpanded((cur) => (cur === row.position ? null : row.position));
    if (row.runIndex !== null) onSelectRun(row.runIndex);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'PageDown' ? 20 : e.key === 'PageUp' ? -20 : 0;
    if (move !== 0) {
      e.preventDefault();
      activate(Math.max(0, Math.min(rows.length - 1, active + move)), false);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      activate(e.key === 'Home' ? 0 : rows.length - 1, false);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(active, true);
    }
  };

  if (query.isError) return <p className="empty ex-error">Could not load the events: {query.error.message}</p>;
  // Retention deleted them: say when, not "0 of 0 events" (lib/api pruned-history.ts).
  const prunedNote = query.data?.pages[0]?.note;
  if (prunedNote) return <p className="empty" data-testid="events-pruned">{prunedNote}</p>;
  const items = [];
  for (const item of virtualizer.getVirtualItems()) {
    const i = item.index;
    const e = rows[i];
    if (!e) continue;
    const isExpanded = e.position === expanded;
    items.push(
      <div
        key={e.position}
        className={`ev-row ev-${eventKindClass(e.type)}${i === active ? ' ev-active' : ''}${e.runIndex !== null && e.runIndex === selectedRun ? ' ex-selected' : ''}`}
        style={{ top: item.start, height: item.size }}
        role="row"
        aria-selected={i === active}
        aria-expanded={isExpanded}
        data-event-id={e.id ?? ''}
        data-event-type={e.type}
        data-kind={eventKindClass(e.type)}
      >
        <div className="ev-line" onClick={() => activate(i, true)}>
          <span className="ev-id num">{e.id ?? '—'}</span>
          <span className="ev-time mono">{e.timestamp ? formatTimestamp(e.timestamp).replace(' UTC', '') : '—'}</span>
          <span className="ev-type">{e.type}</span>
          <span className="ev-state" title={e.stateName ?? ''}>
            {e.stateName ?? ''}
          </span>
          <span className="ev-brief mono">{brief(e)}</span>
        </div>
        {isExpanded ? (
          <div className="ev-details" data-testid="event-details">
            <JsonView label={`Event ${e.id ?? '?'} · ${e.type}${e.previousEventId !== null ? ` · previous ${e.previousEventId}` : ''}`} value={e.details} />
          </div>
        ) : null}
      </div>,
    );
  }
  return (
    <div className="ev" data-testid="event-table">
      <div className="filters ev-filters">
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.target.value)} aria-label="Filter by event type">
            <option value="">All types</option>
            {types.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={state} onChange={(e) => setState(e.target.value)} aria-label="Filter by state">
            <option value="">All states</option>
            {states.map((s) => (
              <option key={s} value={s}>
                {s.length > 60 ? `${s.slice(0, 60)}…` : s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Text
          <input type="search" value={text} placeholder="search ids, types, payloads" onChange={(e) => setText(e.target.value)} aria-label="Search events" />
        </label>
        <span className="ev-count" data-testid="event-count">
          {total === null ? 'Loading events…' : `${rows.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events`}
          {query.hasNextPage ? ` (loaded ${events.length.toLocaleString('en-US')})` : ''}
          {total !== null && total >= 25_000 ? ' · at the 25,000-event history limit' : ''}
        </span>
      </div>
      <div className="ev-header" role="row">
        <span className="ev-id" role="columnheader" aria-sort={descending ? 'descending' : 'ascending'}>
          <button type="button" className="ev-sort" data-testid="event-sort" onClick={() => setDescending((d) => !d)} title={descending ? 'Newest first: click for oldest first' : 'Oldest first: click for newest first'}>
            # {descending ? '▼' : '▲'}
          </button>
        </span>
        <span className="ev-time">
          <button type="button" className="ev-sort" onClick={() => setDescending((d) => !d)} aria-label="Sort by time">
            Timestamp (UTC)
          </button>
        </span>
        <span className="ev-type">Type</span>
        <span className="ev-state">State</span>
        <span className="ev-brief">Details</span>
      </div>
      <div className="ev-scroll" ref={scrollRef} tabIndex={0} onKeyDown={onKeyDown} role="grid" aria-label="History events" aria-rowcount={rows.length} data-testid="event-scroll">
        {query.isPending ? <p className="muted ev-loading">Loading events…</p> : null}
        {!query.isPending && rows.length === 0 ? <p className="muted ev-loading">No event matches the filters.</p> : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>{items}</div>
      </div>
    </div>
  );
}
