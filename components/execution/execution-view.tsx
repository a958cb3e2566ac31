'use client';
// The execution page's client tree: header, failure banner, the views (graph, timeline, events,
// table) and the step panel, with one selection shared by all of them and carried in the URL
// (?view=&state=&iter=&map=&run=&attempt=). The detail is polled only while the execution runs.
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { formatDuration, formatTimestamp } from '@/components/format';
import { ExecutionRelationsBar } from '@/components/map-runs/execution-relations';
import { StatusBadge } from '@/components/status-badge';
import type { ExecutionRelations } from '@/lib/api/map-runs/get-execution-relations';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import type { GraphLayout, GraphNode } from '@/lib/graph/types';
import { childrenOf, enclosingMapRun, failedRuns, linksOfRun, mapIterationCounts, parseIndexList, pickRun, resolveRun } from '@/lib/history';
import { fetchExecutionExport, useExecutionDetail, useStateRunPayloads, type ExecutionDetail } from '@/lib/queries/execution-detail';
import { ActionBar } from './action-bar';
import { CompareLinks } from './compare-links';
import { ReproduceLocally } from './reproduce-locally';
import { RootCauseChain } from './root-cause-chain';
import { ErrorCause } from './step-panel';
import { EventTable } from './event-table';
import { GraphView } from './graph-view';
import { unpackDetail, type PackedExecutionDetail } from './packed-runs';
import { CopyButton, JsonView, LongText } from './json-view';
import { RunsList } from './runs-list';
import { StepPanel } from './step-panel';
import { Timeline } from './timeline';
import { PrunedHistoryBanner } from './pruned-history-banner';
import './execution.css';

export const VIEWS = ['graph', 'timeline', 'events', 'table', 'definition'] as const;
export type View = (typeof VIEWS)[number];
const VIEW_LABELS: Record<View, string> = { graph: 'Graph', timeline: 'Timeline', events: 'Events', table: 'Table', definition: 'Definition' };

type Patch = Partial<Record<'view' | 'state' | 'iter' | 'map' | 'run' | 'attempt', string | null>>;

interface PendingUrl {
  /** The query this page wrote last (URLSearchParams.toString()). */
  search: string;
  /** Next.js's query when the first of the writes not yet caught up was made. */
  base: string;
  /** Every query written since `base`. */
  written: string[];
}

/**
 * URL-carried selection. history.replaceState keeps it client-side (no server round trip, no
 * scroll), but Next.js applies it to useSearchParams in a transition, after a render of the whole
 * route; so the query just written is used at once (a synchronous render of the click), until
 * Next.js's catches up with it. A navigation elsewhere (a query this page did not write) wins.
 */
function useUrlSelection() {
  const params = useSearchParams();
  const pathname = usePathname();
  const routed = params.toString();
  const [pending, setPending] = useState<PendingUrl | null>(null);
  const routedRef = useRef(routed);
  useEffect(() => {
    routedRef.current = routed;
  }, [routed]);
  // Once Next.js has caught up, the writes are forgotten: a later navigation back to the query
  // they started from (a link, router.push) is then a navigation, not a lagging update.
  if (pending !== null && routed === pending.search) setPending(null);
  const live = pending !== null && routed !== pending.search && (routed === pending.base || pending.written.includes(routed));
  const search = live ? pending.search : routed;
  const update = useCallback(
    (patch: Patch) => {
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(patch)) {
        if (value === null || value === undefined || value === '') next.delete(key);
        else next.set(key, value);
      }
      const query = next.toString();
      window.history.replaceState(null, '', `${pathname}${query ? `?${query}` : ''}`);
      const now = routedRef.current;
      setPending((cur) => {
        const stillLive = cur !== null && now !== cur.search && (now === cur.base || cur.written.includes(now));
        return stillLive ? { search: query, base: cur.base, written: [...cur.written, query] } : { search: query, base: now, written: [query] };
      });
    },
    [pathname],
  );
  return useMemo(() => {
    const at = new URLSearchParams(search);
    const viewParam = at.get('view');
    const runText = at.get('run');
    const attemptText = at.get('attempt');
    const mapText = at.get('map');
    return {
      view: (VIEWS as readonly string[]).includes(viewParam ?? '') ? (viewParam as View) : 'graph',
      state: at.get('state'),
      iter: parseIndexList(at.get('iter')),
      map: mapText !== null && /^\d+$/.test(mapText) ? Number(mapText) : null,
      run: runText !== null && /^\d+$/.test(runText) ? Number(runText) : null,
      attempt: attemptText !== null && /^\d+$/.test(attemptText) ? Number(attemptText) : null,
      update,
    };
  }, [search, update]);
}

const NO_RELATIONS: ExecutionRelations = { mapRuns: [], parentExecutionArn: null, parent: null, childExecutions: [] };

export function ExecutionView({
  executionArn,
  initialDetail,
  initialLayout = null,
  initialRelations = NO_RELATIONS,
  actionsOn = false,
}: {
  executionArn: string;
  initialDetail: PackedExecutionDetail;
  initialLayout?: GraphLayout | null;
  /** DESIGN.md §2.9 relations as the server page read them; the polled detail (GET /api/executions/{arn}) carries them too. */
  initialRelations?: ExecutionRelations;
  /** STEPLENS_ACTIONS=on (the server says): otherwise there is no action bar, and GET …/actions would answer 404. */
  actionsOn?: boolean;
}) {
  const [unpacked] = useState<ExecutionDetail>(() => unpackDetail(initialDetail));
  const query = useExecutionDetail(executionArn, unpacked);
  const detail = query.data;
  // A refetched detail (while the execution runs) brings the Map Runs' latest counts.
  const polled = detail as ExecutionDetail & Partial<ExecutionRelations>;
  const relations: ExecutionRelations = polled.mapRuns !== undefined && polled.childExecutions !== undefined ? { mapRuns: polled.mapRuns, parentExecutionArn: polled.parentExecutionArn ?? null, parent: polled.parent ?? null, childExecutions: polled.childExecutions } : initialRelations;
  const { execution, analysis, definition } = detail;
  const runs = analysis.runs;
  const sel = useUrlSelection();
  const { update } = sel;
  const [eventState, setEventState] = useState<string | undefined>(undefined);
  const children = useMemo(() => childrenOf(runs), [runs]);
  const failed = useMemo(() => failedRuns(runs), [runs]);
  const selectedRun = useMemo(() => resolveRun(runs, sel.state, sel.iter, sel.run), [runs, sel.state, sel.iter, sel.run]);
  const mapRun = sel.iter ? (sel.map !== null && runs[sel.map]?.stateType === 'Map' ? sel.map : null) : null;
  const running = analysis.status === 'RUNNING';

  const selectRun = useCallback(
    (i: number | null, extra: Patch = {}) => {
      const run = i === null ? undefined : runs[i];
      if (!run || i === null) {
        update({ state: null, run: null, attempt: null, ...extra });
        return;
      }
      const patch: Patch = { state: run.stateName, run: String(i), attempt: null, ...extra };
      if (run.mapIndex.length > 0) {
        const m = enclosingMapRun(runs, i);
        patch.iter = run.mapIndex.join(',');
        patch.map = m === null ? null : String(m);
      }
      update(patch);
    },
    [runs, update],
  );
  const onSelectRunIndex = useCallback((i: number) => selectRun(i), [selectRun]);
  const onSelectIteration = useCallback(
    (m: number, iter: number[] | null) => update({ iter: iter ? iter.join(',') : null, map: iter ? String(m) : null, run: null, attempt: null }),
    [update],
  );

  // The run that raised the execution's error, as the analysis traced it (§2.2 failure.stateName).
  const failingRun = analysis.failure?.runIndex ?? null;

  // Hydrated and interactive: a marker for tests and the page bench (ms since navigation start).
  useEffect(() => {
    document.documentElement.dataset.executionReadyAt = String(Math.round(performance.now()));
  }, []);

  // Keyboard: n / ] next failed run, p / [ previous, Escape clears the selection.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName))) return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === 'Escape') {
        selectRun(null);
        return;
      }
      const forward = e.key === 'n' || e.key === ']';
      const back = e.key === 'p' || e.key === '[';
      if ((!forward && !back) || failed.length === 0) return;
      e.preventDefault();
      const cur = selectedRun ?? (forward ? -1 : runs.length);
      const next = forward ? (failed.find((i) => i > cur) ?? failed[0]) : ([...failed].reverse().find((i) => i < cur) ?? failed[failed.length - 1]);
      if (next !== undefined) selectRun(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [failed, selectedRun, runs.length, selectRun]);

  const onSelectNode = useCallback(
    (node: GraphNode, runIndexes: number[]) => {
      const best = pickRun(runs, runIndexes);
      if (best === null) {
        update({ state: node.stateName, run: null, attempt: null });
        return;
      }
      selectRun(best);
    },
    [runs, update, selectRun],
  );

  const selected = selectedRun === null ? undefined : runs[selectedRun];
  const transitions = runs.length;
  // The page embeds the runs without their payloads; the step panel's run is fetched with them.
  const omitted = detail.runPayloads === 'omitted';
  const payloads = useStateRunPayloads(executionArn, selectedRun, omitted, execution.updatedAt);
  const panelRun = omitted ? (payloads.data && payloads.data.stateName === selected?.stateName ? payloads.data : selected) : selected;
  const started = useMemo(
    () => (selected && selectedRun !== null ? { mapRuns: linksOfRun(relations.mapRuns, selectedRun, selected.stateName), executions: linksOfRun(relations.childExecutions, selectedRun, selected.stateName) } : null),
    [relations, selected, selectedRun],
  );
  const mapCounts = useMemo(() => (selected?.stateType === 'Map' && selectedRun !== null ? mapIterationCounts(runs, children, selectedRun) : null), [selected, selectedRun, runs, children]);
  const [exporting, setExporting] = useState<string | null>(null);
  const onExport = useCallback(async () => {
    setExporting('Exporting…');
    try {
      const data = await fetchExecutionExport(executionArn, detail);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${execution.name.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'execution'}.json`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExporting(null);
    } catch (error) {
      setExporting(`Export failed: ${(error as Error).message}`);
    }
  }, [executionArn, detail, execution.name]);

  return (
    <div className="ex" data-testid="execution-page" data-status={analysis.status}>
      <header className="ex-header">
        <div className="ex-title">
          <h1 title={execution.name}>
            <LongText text={execution.name} limit={160} />
          </h1>
          <StatusBadge status={analysis.status} />
          {running ? (
            <span className="ex-live" data-testid="live-indicator" title="Refreshing every few seconds while the execution runs">
              ● live{query.isFetching ? ' (updating…)' : ''}
            </span>
          ) : null}
          {query.isError ? <span className="ex-error">Refresh failed: {query.error.message}</span> : null}
          <span className="ex-actions">
            <CompareLinks executionArn={executionArn} failed={analysis.status === 'FAILED' || analysis.status === 'TIMED_OUT'} />
            <ReproduceLocally executionArn={executionArn} />
            {exporting ? (
              <span className="muted" data-testid="export-status">
                {exporting}
              </span>
            ) : null}
            <button type="button" className="ex-btn" data-testid="export-execution" onClick={() => void onExport()} disabled={exporting === 'Exporting…'} title="Download the execution, its definition, analysis and every history event as JSON">
              Export JSON
            </button>
          </span>
        </div>
        {actionsOn && <ActionBar executionArn={executionArn} name={execution.name} status={analysis.status} input={execution.input ?? null} />}
        <dl className="ex-facts">
          <div>
            <dt>Duration</dt>
            <dd>{formatDuration(execution.durationMs)}</dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd className="mono">{formatTimestamp(execution.startDate)}</dd>
          </div>
          <div>
            <dt>Stopped</dt>
            <dd className="mono">{formatTimestamp(execution.stopDate)}</dd>
          </div>
          <div>
            <dt>State transitions</dt>
            <dd>{transitions.toLocaleString('en-US')}</dd>
          </div>
          <div>
            <dt>Events</dt>
            <dd>
              {analysis.eventCount.toLocaleString('en-US')}
              {execution.partial ? <span className="muted"> (partial history)</span> : null}
              {detail.prunedNote ? <span className="muted"> ({execution.eventCount.toLocaleString('en-US')} pruned)</span> : null}
            </dd>
          </div>
          <div>
            <dt>Redrives</dt>
            <dd>{execution.redriveCount}</dd>
          </div>
          <div className="ex-fact-wide">
            <dt>Execution ARN</dt>
            <dd className="mono">
              <LongText text={execution.executionArn} limit={200} /> <CopyButton text={execution.executionArn} />
            </dd>
          </div>
          <div className="ex-fact-wide">
            <dt>State machine</dt>
            <dd className="mono">
              <Link href={`/state-machines/${arnRouteSegment(execution.stateMachineArn)}`}>{execution.stateMachineArn}</Link>
            </dd>
          </div>
        </dl>
      </header>

      <ExecutionRelationsBar relations={relations} />

      {analysis.failure ? (
        <div className="banner ex-banner" role="alert" data-testid="failure-banner">
          <div className="ex-banner-text">
            <strong>
              {analysis.status === 'TIMED_OUT' ? 'Timed out' : 'Failed'}
              {analysis.failure.stateName ? ` in state “${analysis.failure.stateName.length > 200 ? `${analysis.failure.stateName.slice(0, 200)}…` : analysis.failure.stateName}”` : ''}
            </strong>
            <ErrorCause error={analysis.failure.error} cause={analysis.failure.cause} />
            {analysis.failure.rootCause ? <RootCauseChain rootCause={analysis.failure.rootCause} onSelectRun={selectRun} /> : null}
          </div>
          {failingRun !== null ? (
            <button type="button" className="ex-btn ex-btn-primary" data-testid="show-failing-step" onClick={() => selectRun(failingRun)}>
              Show step detail
            </button>
          ) : null}
        </div>
      ) : null}

      <PrunedHistoryBanner note={detail.prunedNote} />

      {analysis.warnings.length > 0 ? (
        <details className="ex-warnings">
          <summary>{analysis.warnings.length} warning(s) about the recorded events</summary>
          <ul>
            {analysis.warnings.slice(0, 200).map((warning, index) => (
              <li key={index}>
                <LongText text={warning} limit={300} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      <details className="ex-io-details" open>
        <summary>Execution input and output</summary>
        <div className="ex-io">
          <JsonView label="Input" value={execution.input ?? undefined} testId="execution-input" />
          <JsonView label="Output" value={execution.output ?? undefined} testId="execution-output" emptyText={running ? 'still running' : 'no output'} />
        </div>
      </details>

      <div className={`ex-main${selected ? ' ex-with-panel' : ''}`}>
        <section className="ex-views">
          <div className="ex-tabs" role="tablist">
            {VIEWS.map((v) => (
              <button key={v} type="button" role="tab" aria-selected={sel.view === v} className={`ex-tab${sel.view === v ? ' ex-tab-on' : ''}`} data-view={v} onClick={() => sel.update({ view: v === 'graph' ? null : v })}>
                {VIEW_LABELS[v]}
              </button>
            ))}
            <span className="ex-keys muted">
              <kbd>n</kbd>/<kbd>p</kbd> next/previous failed run{failed.length > 0 ? ` (${failed.length})` : ''} · <kbd>Esc</kbd> clear
            </span>
          </div>
          {sel.view === 'graph' ? (
            <GraphView
              definition={definition}
              runs={runs}
              children={children}
              selectedRun={selectedRun}
              iter={sel.iter}
              mapRun={mapRun}
              onSelectNode={onSelectNode}
              onSelectIteration={onSelectIteration}
              name={execution.name}
              initialLayout={initialLayout}
              mapRuns={relations.mapRuns}
            />
          ) : null}
          {sel.view === 'timeline' ? <Timeline runs={runs} selectedRun={selectedRun} onSelect={onSelectRunIndex} running={running} /> : null}
          {sel.view === 'events' ? <EventTable key={eventState ?? ''} executionArn={executionArn} running={running} selectedRun={selectedRun} onSelectRun={onSelectRunIndex} stateFilter={eventState} /> : null}
          {sel.view === 'definition' ? (
            <div className="ex-definition" data-testid="definition-view">
              {definition === null ? <p className="muted">The definition this execution ran is unknown.</p> : <JsonView label="State machine definition (ASL)" value={definition} testId="definition-json" />}
            </div>
          ) : null}
          <RunsList runs={runs} failingRun={failingRun} selectedRun={selectedRun} onSelect={onSelectRunIndex} hidden={sel.view !== 'table'} />
        </section>
        {panelRun && selectedRun !== null ? (
          <StepPanel
            key={selectedRun}
            run={panelRun}
            payloadsLoading={omitted && payloads.isPending}
            payloadsError={omitted && payloads.isError ? payloads.error.message : null}
            mapCounts={mapCounts}
            started={started}
            runIndex={selectedRun}
            definition={definition}
            attempt={sel.attempt}
            onSelectAttempt={(a) => sel.update({ attempt: a === null ? null : String(a) })}
            onClose={() => selectRun(null)}
            onShowEvents={() => {
              setEventState(panelRun.stateName);
              sel.update({ view: 'events' });
            }}
          />
        ) : null}
      </div>
    </div>
  );
}
