'use client';
// Step panel for the selected state run: status and facts, error and cause (Lambda payloads
// unpacked), input/output, each attempt, resolved parameters and raw result, the data path
// reconstructed from the events, and the ASL of just that state. The panel opens with its head,
// facts, error, input/output and the list of attempts; the attempt's payloads, the data path and
// the definition follow in a deferred render (after the opening frame), so a click shows the
// panel at once.
import { useDeferredValue, useMemo } from 'react';
import { formatDuration, formatTimestamp } from '@/components/format';
import { MapRunCountsTable } from '@/components/map-runs/map-run-counts';
import { mapRunHref } from '@/components/map-runs/execution-relations';
import { StatusBadge } from '@/components/status-badge';
import type { MapRunSummary, RelatedExecution } from '@/lib/api/map-runs/get-execution-relations';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import { readableCause, type MapIterationCounts } from '@/lib/history';
import { dataPath, findStateDefinition } from '@/lib/history/data-path';
import type { StateRun, TaskAttempt } from '@/lib/history/types';
import { waitingTask } from '@/lib/history/waiting-task';
import { JsonView, LongText } from './json-view';
import { WaitingTaskFacts } from './waiting-task';

function when(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : formatTimestamp(new Date(ms));
}

export function ErrorCause({ error, cause, testId }: { error: string | null; cause: unknown; testId?: string }) {
  const readable = readableCause(cause);
  if (error === null && readable.text === null) return null;
  return (
    <div className="ex-error-box" data-testid={testId}>
      {error !== null ? (
        <div>
          <span className="ex-k">Error</span> <LongText className="mono ex-error-name" text={error} limit={300} />
        </div>
      ) : null}
      {readable.errorType !== null || readable.errorMessage !== null ? (
        <>
          {readable.errorType !== null ? (
            <div>
              <span className="ex-k">Error type</span> <LongText className="mono" text={readable.errorType} limit={300} />
            </div>
          ) : null}
          {readable.errorMessage !== null ? (
            <div>
              <span className="ex-k">Message</span> <LongText text={readable.errorMessage} limit={300} />
            </div>
          ) : null}
          {readable.stack.length > 0 ? (
            <details className="ex-stack" open>
              <summary>Stack trace ({readable.stack.length} lines)</summary>
              <ol className="mono">
                {readable.stack.slice(0, 200).map((line, i) => (
                  <li key={i}>
                    <LongText text={line} limit={400} />
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
          {readable.extra ? <JsonView label="Other fields" value={readable.extra} /> : null}
          <details>
            <summary>Cause as recorded</summary>
            <pre className="ex-pre mono">
              <LongText text={readable.text ?? ''} limit={2000} />
            </pre>
          </details>
        </>
      ) : readable.text !== null ? (
        <div>
          <span className="ex-k">Cause</span>{' '}
          <span className="mono ex-cause">
            <LongText text={readable.text} limit={1500} />
          </span>
        </div>
      ) : null}
    </div>
  );
}

function AttemptRow({ attempt, index, selected, complete, onSelect }: { attempt: TaskAttempt; index: number; selected: boolean; complete: boolean; onSelect: () => void }) {
  const label = index === 0 ? 'Initial attempt' : `Retry ${index}`;
  const duration = attempt.scheduledAt !== null && attempt.closedAt !== null ? attempt.closedAt - attempt.scheduledAt : null;
  return (
    <li className={`ex-attempt${selected ? ' ex-selected' : ''}`} data-testid="attempt" data-status={attempt.status} data-attempt={attempt.attempt}>
      <button type="button" className="ex-attempt-head" onClick={onSelect} aria-expanded={selected}>
        <span className="ex-attempt-label">{label}</span>
        <StatusBadge status={attempt.status} />
        <span className="muted">{formatDuration(duration)}</span>
        {attempt.backoffMs !== null && index > 0 ? <span className="muted">after {formatDuration(attempt.backoffMs)} backoff</span> : null}
        {attempt.error ? <span className="mono ex-attempt-error">{attempt.error.length > 80 ? `${attempt.error.slice(0, 80)}…` : attempt.error}</span> : null}
      </button>
      {selected && complete ? (
        <div className="ex-attempt-body">
          <div className="muted">
            scheduled {when(attempt.scheduledAt)} · closed {when(attempt.closedAt)}
            {attempt.resource ? ` · ${attempt.resourceType ?? ''}:${attempt.resource}` : ''}
          </div>
          {attempt.status === 'SUCCEEDED' ? <JsonView label="Output" value={attempt.result} /> : <ErrorCause error={attempt.error} cause={attempt.cause} />}
          <JsonView label="Resolved parameters (TaskScheduled.parameters)" value={attempt.parameters} />
        </div>
      ) : null}
    </li>
  );
}

export interface StepPanelProps {
  run: StateRun;
  runIndex: number;
  definition: unknown;
  attempt: number | null;
  onSelectAttempt: (attempt: number | null) => void;
  onClose: () => void;
  onShowEvents: () => void;
  /** The run's payloads (input, output, attempt parameters/results) are being fetched. */
  payloadsLoading?: boolean;
  payloadsError?: string | null;
  /** Iteration counts when the run is a Map state. */
  mapCounts?: MapIterationCounts | null;
  /** What this run started (DESIGN.md §2.9, lib/history linksOfRun): a Distributed Map's Map Runs, a StartExecution task's executions. */
  started?: { mapRuns: readonly MapRunSummary[]; executions: readonly RelatedExecution[] } | null;
}

export function StepPanel({ run, runIndex, definition, attempt, onSelectAttempt, onClose, onShowEvents, payloadsLoading = false, payloadsError = null, mapCounts = null, started = null }: StepPanelProps) {
  // false in the render that opens the panel, true in the deferred render that follows it.
  const complete = useDeferredValue(true, false);
  const stateDef = useMemo(() => (complete ? findStateDefinition(definition, run.stateName) : null), [complete, definition, run.stateName]);
  const path = useMemo(() => (complete ? dataPath(run, stateDef) : []), [complete, run, stateDef]);
  const attempts = run.taskAttempts ?? [];
  const lastAttempt = attempts[attempts.length - 1];
  const shownAttempt = attempt ?? (attempts.length > 0 ? (lastAttempt?.attempt ?? null) : null);
  const current = attempts.find((a) => a.attempt === shownAttempt) ?? lastAttempt;
  const waiting = useMemo(() => waitingTask(run), [run]);
  return (
    <aside className="ex-panel" data-testid="step-panel" data-state-name={run.stateName} data-status={run.status} data-run-index={runIndex} aria-label={`Step ${run.stateName}`}>
      <div className="ex-panel-head">
        <h2 title={run.stateName}>
          <LongText text={run.stateName} limit={120} />
        </h2>
        <button type="button" className="ex-btn" onClick={onClose} aria-label="Close step panel (Escape)">
          ✕
        </button>
      </div>
      <dl className="facts ex-panel-facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={run.status} />
        </dd>
        <dt>Type</dt>
        <dd>{run.stateType}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(run.durationMs)}</dd>
        <dt>Entered</dt>
        <dd className="mono">{when(run.enteredAt)}</dd>
        <dt>Exited</dt>
        <dd className="mono">{when(run.exitedAt)}</dd>
        {run.mapIndex.length > 0 ? (
          <>
            <dt>Map iteration</dt>
            <dd className="mono">#{run.mapIndex.join(' › ')}</dd>
          </>
        ) : null}
        {current?.resource ? (
          <>
            <dt>Resource</dt>
            <dd className="mono">
              {current.resourceType ? `${current.resourceType}:` : ''}
              {current.resource}
            </dd>
          </>
        ) : null}
        {(run.redriveAttempt ?? 0) > 0 ? (
          <>
            <dt>Redrive</dt>
            <dd>after redrive {run.redriveAttempt}</dd>
          </>
        ) : null}
        <dt>Events</dt>
        <dd>
          #{run.enteredEventId ?? '?'} → #{run.exitedEventId ?? '…'}{' '}
          <button type="button" className="ex-link" onClick={onShowEvents}>
            show events of this state
          </button>
        </dd>
      </dl>

      {waiting !== null ? <WaitingTaskFacts waiting={waiting} /> : null}

      {started && started.mapRuns.length > 0 ? (
        <section data-testid="step-map-runs">
          <h3>Map Run{started.mapRuns.length > 1 ? `s (${started.mapRuns.length})` : ''}</h3>
          {started.mapRuns.map((m) => (
            <div key={m.mapRunArn} className="ex-started" data-map-run-arn={m.mapRunArn}>
              <p>
                <a href={mapRunHref(m.mapRunArn)} data-testid="open-map-run">
                  Open the Map Run
                </a>{' '}
                {m.status ? <StatusBadge status={m.status} /> : <span className="muted">not described yet</span>}
              </p>
              {m.itemCounts && m.executionCounts ? <MapRunCountsTable itemCounts={m.itemCounts} executionCounts={m.executionCounts} /> : null}
            </div>
          ))}
        </section>
      ) : null}

      {started && started.executions.length > 0 ? (
        <section data-testid="step-child-executions">
          <h3>Started execution{started.executions.length > 1 ? `s (${started.executions.length})` : ''}</h3>
          <ul className="ex-started">
            {started.executions.map((c) => (
              <li key={c.executionArn}>
                <a href={`/executions/${arnRouteSegment(c.executionArn)}`} data-testid="open-child-execution" className="mono">
                  {c.name ?? c.executionArn}
                </a>{' '}
                {c.status ? <StatusBadge status={c.status} /> : <span className="muted">not stored yet</span>}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {mapCounts ? (
        <section data-testid="map-counts">
          <h3>Map iterations ({mapCounts.total.toLocaleString('en-US')})</h3>
          <ul className="ex-map-counts">
            {(
              [
                ['succeeded', 'SUCCEEDED'],
                ['failed', 'FAILED'],
                ['aborted', 'ABORTED'],
                ['running', 'RUNNING'],
              ] as const
            ).map(([key, status]) => (
              <li key={key} data-testid={`map-count-${key}`} data-count={mapCounts[key]}>
                <StatusBadge status={status} />
                <strong className="num">{mapCounts[key].toLocaleString('en-US')}</strong>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {payloadsLoading ? (
        <p className="muted" data-testid="payloads-loading">
          Loading input, output and task payloads…
        </p>
      ) : null}
      {payloadsError ? <p className="ex-error">Could not load this run&apos;s input and output: {payloadsError}</p> : null}

      {run.error !== null || run.cause !== null ? (
        <section>
          <h3>{run.status === 'CAUGHT' ? 'Error (caught by Catch)' : 'Error'}</h3>
          <ErrorCause error={run.error} cause={run.cause} testId="step-error" />
        </section>
      ) : null}

      <section className="ex-io">
        <JsonView label="Input" value={run.input} testId="step-input" emptyText={payloadsLoading ? 'loading…' : undefined} />
        <JsonView label="Output" value={run.exitedEventId === null && run.status !== 'SUCCEEDED' ? undefined : run.output} testId="step-output" emptyText={payloadsLoading ? 'loading…' : run.status === 'RUNNING' ? 'still running' : 'no output (the state did not exit normally)'} />
      </section>

      {attempts.length > 0 ? (
        <section>
          <h3>
            Attempts ({attempts.length}
            {attempts.length > 1 ? `: ${attempts.length - 1} ${attempts.length === 2 ? 'retry' : 'retries'}` : ''})
          </h3>
          <ol className="ex-attempts" data-testid="attempts">
            {attempts.map((a, i) => (
              <AttemptRow key={a.attempt} attempt={a} index={i} selected={a.attempt === shownAttempt} complete={complete} onSelect={() => onSelectAttempt(a.attempt === shownAttempt ? null : a.attempt)} />
            ))}
          </ol>
        </section>
      ) : null}

      {complete && attempts.length > 0 ? (
        <section className="ex-io">
          <JsonView label="Resolved parameters" value={current?.parameters} testId="step-parameters" />
          <JsonView label="Raw task result" value={current?.result ?? undefined} testId="step-result" emptyText="no result (the attempt did not succeed)" />
        </section>
      ) : null}

      {complete ? (
        <section data-testid="data-path">
          <h3>Data path</h3>
          <ol className="ex-path">
            {path.map((stage) => (
              <li key={stage.key} className={stage.recorded ? '' : 'ex-path-missing'}>
                {stage.transforms.length > 0 ? (
                  <div className="ex-path-arrow">
                    ⇓{' '}
                    {stage.transforms.map((t) => (
                      <span key={t.field} className="ex-path-field mono" title={t.value === undefined ? 'not set (default)' : JSON.stringify(t.value)}>
                        {t.field}
                        {t.value === undefined ? '' : `: ${(() => {
                          const s = typeof t.value === 'string' ? t.value : JSON.stringify(t.value);
                          return s.length > 80 ? `${s.slice(0, 80)}…` : s;
                        })()}`}
                      </span>
                    ))}
                  </div>
                ) : null}
                <JsonView label={`${stage.label} · ${stage.source}`} value={stage.value} emptyText="not recorded" />
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {complete ? (
        <section>
          <h3>Definition</h3>
          {stateDef ? <JsonView label={`ASL of ${run.stateName.length > 40 ? `${run.stateName.slice(0, 40)}…` : run.stateName}`} value={stateDef} testId="step-definition" /> : <p className="muted">Definition unknown.</p>}
        </section>
      ) : null}
    </aside>
  );
}
