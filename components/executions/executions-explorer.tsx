'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { formatDuration, formatTimestamp } from '@/components/format';
import { StatusBadge } from '@/components/status-badge';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import { EXECUTION_STATUSES } from '@/lib/history';
import { EXECUTION_URL_KEYS, executionFilterStateOf, useExecutionsPage, type ExecutionFilterState } from '@/lib/queries/executions';
import { EXECUTION_SORTS, type ExecutionSort } from '@/lib/schemas/execution-filters';
import { useStateMachines } from '@/lib/queries/state-machines';
import './executions.css';

const SORT_LABELS: Record<ExecutionSort, string> = { newest: 'newest first', oldest: 'oldest first', duration: 'longest first' };
const COMMON_ERRORS = ['States.ALL', 'States.Timeout', 'States.TaskFailed', 'States.Runtime', 'States.HeartbeatTimeout', 'States.Permissions', 'States.DataLimitExceeded', 'Lambda.ServiceException', 'Lambda.Unknown'];

/** URL → filter state: the filter schema's keys (lib/schemas/execution-filters.ts) and the range preset. */
function filtersFrom(params: URLSearchParams, fixedStateMachineArn?: string): ExecutionFilterState {
  const filters = executionFilterStateOf(params);
  if (fixedStateMachineArn) filters.stateMachineArn = fixedStateMachineArn;
  return filters;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(target.tagName));
}

/**
 * The executions list of /executions and /state-machines/{arn}: every filter in the URL, keyset
 * pages, counts by status as chips, live refetch, j/k/Enter.
 */
export function ExecutionsExplorer({ fixedStateMachineArn }: { fixedStateMachineArn?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => filtersFrom(new URLSearchParams(searchParams.toString()), fixedStateMachineArn), [searchParams, fixedStateMachineArn]);
  const query = useExecutionsPage(filters);
  const machines = useStateMachines();
  const [selected, setSelected] = useState(0);
  const [previous, setPrevious] = useState<string[]>([]);
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const totalAtPageOpen = useRef<number | null>(null);

  const navigate = useCallback(
    (next: Partial<ExecutionFilterState>, keepCursor = false) => {
      const params = new URLSearchParams();
      const merged: ExecutionFilterState = { ...filtersFrom(new URLSearchParams(searchParams.toString())), ...next };
      if (!keepCursor && !('cursor' in next)) delete merged.cursor;
      for (const key of EXECUTION_URL_KEYS) {
        const value = merged[key];
        if (value && !(key === 'stateMachineArn' && fixedStateMachineArn)) params.set(key, value);
      }
      if (!('cursor' in next)) setPrevious([]);
      setSelected(0);
      router.push(`${pathname}${params.size > 0 ? `?${params}` : ''}`, { scroll: false });
    },
    [router, pathname, searchParams, fixedStateMachineArn],
  );

  const items = useMemo(() => query.data?.items ?? [], [query.data]);
  const counts = query.data?.counts;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : null;
  const filterKey = JSON.stringify({ ...filters, cursor: undefined });

  // Rows that appeared since the last refetch are marked (live updates); the selection follows its row.
  useEffect(() => {
    seen.current = null;
    totalAtPageOpen.current = null;
  }, [filterKey, filters.cursor]);
  useEffect(() => {
    if (!query.data) return;
    if (seen.current === null) {
      seen.current = new Set(items.map((e) => e.executionArn));
      return;
    }
    const known = seen.current;
    const added = items.filter((e) => !known.has(e.executionArn)).map((e) => e.executionArn);
    for (const arn of added) known.add(arn);
    if (added.length > 0) {
      setFresh(new Set(added));
      if (!filters.cursor) setSelected((index) => (index > 0 ? index + added.length : index));
    }
  }, [query.data, items, filters.cursor]);
  useEffect(() => {
    if (total !== null && totalAtPageOpen.current === null) totalAtPageOpen.current = total;
  }, [total]);
  const newSinceOpen = filters.cursor && total !== null && totalAtPageOpen.current !== null ? total - totalAtPageOpen.current : 0;

  const clampedSelected = Math.min(selected, Math.max(0, items.length - 1));
  const open = useCallback((arn: string) => router.push(`/executions/${arnRouteSegment(arn)}`), [router]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      if (event.key === 'j') setSelected((i) => Math.min(Math.min(i, items.length - 1) + 1, items.length - 1));
      else if (event.key === 'k') setSelected((i) => Math.max(Math.min(i, items.length - 1) - 1, 0));
      else if (event.key === 'Enter') {
        const row = items[clampedSelected];
        if (row) open(row.executionArn);
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, clampedSelected, open]);
  useEffect(() => {
    document.querySelector('[data-testid="executions-table"] tr[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [clampedSelected]);

  const activeStatuses = new Set((filters.status ?? '').split(',').filter(Boolean));
  const toggleStatus = (status: string) => {
    const next = new Set(activeStatuses);
    if (next.has(status)) next.delete(status);
    else next.add(status);
    navigate({ status: [...next].join(',') || undefined });
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const get = (key: string) => {
      const value = data.get(key);
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    };
    const range = get('range');
    navigate({
      ...(fixedStateMachineArn ? {} : { stateMachineArn: get('stateMachineArn') }),
      range,
      from: range === 'custom' ? get('from') : undefined,
      to: range === 'custom' ? get('to') : undefined,
      q: get('q'),
      error: get('error'),
      text: get('text'),
      sort: get('sort') === 'newest' ? undefined : get('sort'),
    });
  };
  const [rangeChoice, setRangeChoice] = useState(filters.range ?? (filters.from || filters.to ? 'custom' : ''));
  useEffect(() => setRangeChoice(filters.range ?? (filters.from || filters.to ? 'custom' : '')), [filters.range, filters.from, filters.to]);

  const errorOptions = [...new Set([...COMMON_ERRORS, ...items.map((e) => e.error).filter((e): e is string => Boolean(e))])];
  const hasFilters = EXECUTION_URL_KEYS.some((key) => key !== 'stateMachineArn' && key !== 'cursor' && key !== 'limit' && filters[key]);

  return (
    <div className="executions-explorer">
      <form className="filters exec-filters" onSubmit={onSubmit} key={filterKey} aria-label="Filter executions">
        {fixedStateMachineArn ? null : (
          <label>
            State machine
            <select name="stateMachineArn" defaultValue={filters.stateMachineArn ?? ''}>
              <option value="">all</option>
              {(machines.data ?? []).map((m) => (
                <option key={m.stateMachineArn} value={m.stateMachineArn}>
                  {m.name}
                </option>
              ))}
              {filters.stateMachineArn && !machines.data?.some((m) => m.stateMachineArn === filters.stateMachineArn) ? (
                <option value={filters.stateMachineArn}>{filters.stateMachineArn.slice(filters.stateMachineArn.lastIndexOf(':') + 1)}</option>
              ) : null}
            </select>
          </label>
        )}
        <label>
          Started
          <select name="range" value={rangeChoice} onChange={(e) => setRangeChoice(e.target.value)}>
            <option value="">any time</option>
            <option value="1h">last 1 h</option>
            <option value="24h">last 24 h</option>
            <option value="7d">last 7 d</option>
            <option value="custom">custom…</option>
          </select>
        </label>
        {rangeChoice === 'custom' ? (
          <>
            <label>
              from (UTC, ISO-8601)
              <input name="from" defaultValue={filters.from ?? ''} placeholder="2026-11-01T00:00:00Z" size={20} />
            </label>
            <label>
              to
              <input name="to" defaultValue={filters.to ?? ''} placeholder="2026-11-30T00:00:00Z" size={20} />
            </label>
          </>
        ) : null}
        <label>
          Name contains
          <input name="q" defaultValue={filters.q ?? ''} placeholder="order-42" size={14} />
        </label>
        <label>
          Error type
          <input name="error" list="exec-error-types" defaultValue={filters.error ?? ''} placeholder="States.Timeout" size={16} />
          <datalist id="exec-error-types">
            {errorOptions.map((error) => (
              <option key={error} value={error} />
            ))}
          </datalist>
        </label>
        <label>
          Text in input/output
          <input name="text" defaultValue={filters.text ?? ''} placeholder="customer-17" size={16} />
        </label>
        <label>
          Sort
          <select name="sort" defaultValue={filters.sort ?? 'newest'}>
            {EXECUTION_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Apply</button>
        {hasFilters ? (
          <button type="button" className="link-button" onClick={() => router.push(pathname)}>
            Clear
          </button>
        ) : null}
      </form>

      {filters.cluster ? (
        <p className="notice cluster-filter" data-testid="cluster-filter">
          Members of failure cluster <span className="mono">{filters.cluster}</span> (FAILED and TIMED_OUT executions with the same failing state, error and
          cause pattern).{' '}
          <Link href={`/failures${filters.stateMachineArn ? `?${new URLSearchParams({ stateMachineArn: filters.stateMachineArn })}` : ''}`}>All clusters</Link>{' '}
          <button type="button" className="link-button" onClick={() => navigate({ cluster: undefined })}>
            Show all executions
          </button>
        </p>
      ) : null}

      <div className="status-chips" role="group" aria-label="Executions by status (click to filter)">
        {EXECUTION_STATUSES.map((status) => {
          const n = counts?.[status] ?? 0;
          const active = activeStatuses.has(status);
          if (n === 0 && !active) return null;
          return (
            <button
              key={status}
              type="button"
              className={`chip${active ? ' chip-active' : ''}`}
              aria-pressed={active}
              data-testid={`status-chip-${status}`}
              onClick={() => toggleStatus(status)}
            >
              <StatusBadge status={status} /> <span className="chip-count">{n.toLocaleString('en-US')}</span>
            </button>
          );
        })}
        {counts === undefined && query.isPending ? <span className="chip skeleton-chip" aria-hidden="true" /> : null}
        {total !== null ? (
          <span className="muted chip-total">
            {total.toLocaleString('en-US')} in scope{filters.text ? ' (before the text filter)' : ''}
          </span>
        ) : null}
        <span className="live muted" title="Refreshes every few seconds">
          <span className={`live-dot${query.isFetching ? ' live-dot-busy' : ''}`} aria-hidden="true" /> live
        </span>
      </div>

      {newSinceOpen > 0 ? (
        <p className="notice" data-testid="new-executions-notice">
          {newSinceOpen} new execution{newSinceOpen === 1 ? '' : 's'} since this page opened.{' '}
          <button type="button" className="link-button" onClick={() => navigate({})}>
            Show newest
          </button>
        </p>
      ) : null}

      {query.isError && !query.data ? (
        <div className="banner" role="alert" data-testid="executions-error">
          Could not load executions: {query.error.message}{' '}
          <button type="button" className="link-button" onClick={() => void query.refetch()}>
            Retry
          </button>
        </div>
      ) : query.isPending ? (
        <SkeletonTable />
      ) : items.length === 0 ? (
        <div className="empty" data-testid="executions-empty">
          {query.data?.scanLimited ? (
            <p>
              No match for “{filters.text}” in this window of executions.{' '}
              <button type="button" className="link-button" onClick={() => query.data?.nextCursor && navigate({ cursor: query.data.nextCursor }, true)}>
                Search further
              </button>
            </p>
          ) : hasFilters ? (
            <p>
              No executions match these filters. <Link href={pathname}>Clear filters</Link>
            </p>
          ) : (
            <p>No executions yet. Start the demo (<code className="mono">npx steplens start</code>) or import histories (<code className="mono">npx steplens import FILE…</code>).</p>
          )}
        </div>
      ) : (
        <>
          {query.isError ? (
            <p className="banner" role="alert">
              Live refresh failed: {query.error.message} (showing the last data)
            </p>
          ) : null}
          <table className="grid exec-table" data-testid="executions-table">
            <thead>
              <tr>
                <th>Name</th>
                {fixedStateMachineArn ? null : <th>State machine</th>}
                <th>Status</th>
                <th>Started (UTC)</th>
                <th className="num">Duration</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {items.map((execution, index) => (
                <tr
                  key={execution.executionArn}
                  data-execution-arn={execution.executionArn}
                  aria-selected={index === clampedSelected}
                  className={`${index === clampedSelected ? 'row-selected' : ''}${fresh.has(execution.executionArn) ? ' row-fresh' : ''}`}
                  onClick={() => setSelected(index)}
                >
                  <td className="wrap">
                    <Link href={`/executions/${arnRouteSegment(execution.executionArn)}`}>{execution.name}</Link>
                  </td>
                  {fixedStateMachineArn ? null : (
                    <td className="wrap">
                      <Link href={`/state-machines/${arnRouteSegment(execution.stateMachineArn)}`}>
                        {execution.stateMachineArn.slice(execution.stateMachineArn.lastIndexOf(':') + 1)}
                      </Link>
                    </td>
                  )}
                  <td>
                    <StatusBadge status={execution.status} />
                  </td>
                  <td className="mono">{formatTimestamp(execution.startDate)}</td>
                  <td className="num">{formatDuration(execution.durationMs)}</td>
                  <td className="wrap mono error-cell">{execution.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {query.data?.scanLimited ? (
            <p className="muted">Text search examines a bounded window of executions per page; more matches may follow.</p>
          ) : null}
        </>
      )}

      <nav className="pager" aria-label="Pages">
        {filters.cursor ? (
          <button type="button" className="link-button" onClick={() => navigate({})}>
            « Newest
          </button>
        ) : null}
        {previous.length > 0 ? (
          <button
            type="button"
            className="link-button"
            data-testid="previous-page"
            onClick={() => {
              const back = previous[previous.length - 1];
              const rest = previous.slice(0, -1);
              navigate({ cursor: back || undefined }, true);
              setPrevious(rest);
            }}
          >
            ‹ Previous
          </button>
        ) : null}
        {query.data?.nextCursor ? (
          <button
            type="button"
            className="link-button"
            data-testid="next-page"
            onClick={() => {
              const here = filters.cursor ?? '';
              const next = query.data?.nextCursor ?? undefined;
              navigate({ cursor: next }, true);
              setPrevious((stack) => [...stack, here]);
            }}
          >
            {query.data.scanLimited ? 'Search further ›' : 'Next page ›'}
          </button>
        ) : null}
        <span className="muted keys-hint">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> opens
        </span>
      </nav>
    </div>
  );
}

function SkeletonTable() {
  return (
    <table className="grid exec-table" data-testid="executions-loading" aria-busy="true">
      <tbody>
        {Array.from({ length: 8 }, (_, i) => (
          <tr key={i}>
            {Array.from({ length: 5 }, (_, j) => (
              <td key={j}>
                <span className="skeleton" />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
