'use client';
// /executions/diff: execution A against execution B (GET /api/executions/diff, computed by
// lib/metrics diffExecutions on the server and handed in): both executions, where their paths part,
// the graph with both paths, every state side by side, each state's paired runs with the JSON
// differences of their input and output, and the executions' input and output differences.
import Link from 'next/link';
import { createContext, useContext, useMemo, useState } from 'react';
import { formatDuration, formatTimestamp } from '@/components/format';
import { runHref } from '@/components/state-machine/run-link';
import { StatusBadge } from '@/components/status-badge';
import type { ExecutionDiffDetail } from '@/lib/api/executions/get-execution-diff';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import { stateMachineNameFromArn } from '@/lib/arn/state-machine-arn';
import { DIFF_MEMBERSHIP_LABELS } from '@/lib/graph/diff-paint';
import { unfoldDeepValues } from '@/lib/history/json-text';
import type { Divergence, DivergenceReason, RunPair, RunSide, StateDiff, StateSide } from '@/lib/metrics';
import type { StoredExecution } from '@/lib/store/types';
import { DiffGraph, DiffLegend } from './diff-graph';
import { JsonChanges } from './json-changes';
import './execution-diff.css';

/** Most run pairs listed for one state (differing pairs first); a Map of thousands stays readable. */
const MAX_LISTED_PAIRS = 100;

const REASON_TEXT: Readonly<Record<DivergenceReason, string>> = {
  path: 'only one execution ran it',
  status: 'the status differs',
  next: 'the next state differs',
  error: 'the error differs',
};

const executionHref = (executionArn: string) => `/executions/${arnRouteSegment(executionArn)}`;

/** The ARN of a side that is not a stored execution (Try a fix's replay): nothing links to it. */
const UnstoredArn = createContext<string | null>(null);

function ExecutionCard({ which, execution, other }: { which: 'A' | 'B'; execution: StoredExecution; other: StoredExecution }) {
  const stored = useContext(UnstoredArn) !== execution.executionArn;
  return (
    <div className={`xd-card xd-card-${which.toLowerCase()}`} data-testid={`diff-execution-${which.toLowerCase()}`}>
      <div className="xd-card-head">
        <span className={`xd-tag xd-tag-${which.toLowerCase()}`}>{which}</span>
        {stored ? (
          <Link href={executionHref(execution.executionArn)} className="xd-card-name">
            {execution.name}
          </Link>
        ) : (
          <span className="xd-card-name">{execution.name}</span>
        )}
        <StatusBadge status={execution.status} />
      </div>
      <dl className="xd-facts">
        <div>
          <dt>State machine</dt>
          <dd>
            <Link href={`/state-machines/${arnRouteSegment(execution.stateMachineArn)}`}>{stateMachineNameFromArn(execution.stateMachineArn)}</Link>
            {execution.stateMachineArn !== other.stateMachineArn ? <span className="muted"> (not the other&apos;s)</span> : null}
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTimestamp(execution.startDate)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(execution.durationMs)}</dd>
        </div>
        {execution.error ? (
          <div>
            <dt>Error</dt>
            <dd className="ex-error-name">{execution.error}</dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}

function where(d: { mapIndex: readonly number[]; occurrence: number }): string {
  const parts: string[] = [];
  if (d.mapIndex.length > 0) parts.push(`Map iteration #${d.mapIndex.join(' › #')}`);
  if (d.occurrence > 0) parts.push(`entry ${d.occurrence + 1}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function sideText(side: RunSide | null): string {
  if (side === null) return 'did not run it';
  const error = side.error ? ` ${side.error}` : '';
  return `${side.status}${error} → ${side.nextStateName ?? 'end'}`;
}

function RunLink({ executionArn, stateName, side, mapIndex, children }: { executionArn: string; stateName: string; side: RunSide | null; mapIndex: readonly number[]; children: string }) {
  const stored = useContext(UnstoredArn) !== executionArn;
  if (side === null) return null;
  if (!stored) return <span className="xd-run-link">{children}</span>;
  return (
    <Link href={runHref(executionArn, stateName, side.runIndex, mapIndex)} className="xd-run-link">
      {children}
    </Link>
  );
}

function DivergenceBanner({ divergence, a, b, onSelect }: { divergence: Divergence | null; a: StoredExecution; b: StoredExecution; onSelect: (stateName: string) => void }) {
  if (divergence === null) {
    return (
      <p className="xd-banner xd-banner-same" data-testid="diff-divergence" data-state-name="">
        Both took the same path with the same outcomes (status, next state and error of every state). Payload differences, if any, are listed below.
      </p>
    );
  }
  return (
    <div className="xd-banner" data-testid="diff-divergence" data-state-name={divergence.stateName}>
      <p>
        The paths part at{' '}
        <button type="button" className="ex-link xd-state-button" onClick={() => onSelect(divergence.stateName)}>
          {divergence.stateName}
        </button>
        {where(divergence)}: {divergence.reasons.map((r) => REASON_TEXT[r]).join(', ')}.
      </p>
      <ul>
        <li>
          <span className="xd-tag xd-tag-a">A</span> {sideText(divergence.a)}{' '}
          <RunLink executionArn={a.executionArn} stateName={divergence.stateName} side={divergence.a} mapIndex={divergence.mapIndex}>
            open A there
          </RunLink>
        </li>
        <li>
          <span className="xd-tag xd-tag-b">B</span> {sideText(divergence.b)}{' '}
          <RunLink executionArn={b.executionArn} stateName={divergence.stateName} side={divergence.b} mapIndex={divergence.mapIndex}>
            open B there
          </RunLink>
        </li>
      </ul>
    </div>
  );
}

function SideCells({ side }: { side: StateSide | null }) {
  if (side === null) {
    return (
      <td colSpan={4} className="muted xd-not-run">
        not run
      </td>
    );
  }
  return (
    <>
      <td>
        <StatusBadge status={side.status} />
        {side.error ? <div className="ex-error-name xd-cell-error">{side.error}</div> : null}
      </td>
      <td>{side.runs}</td>
      <td>{side.attempts > 0 ? side.attempts : '—'}</td>
      <td>{formatDuration(side.durationMs)}</td>
    </>
  );
}

function StatesTable({ states, selected, onSelect, divergence }: { states: readonly StateDiff[]; selected: string | null; onSelect: (stateName: string) => void; divergence: string | null }) {
  const [onlyDiffering, setOnlyDiffering] = useState(false);
  const shown = onlyDiffering ? states.filter((s) => s.differs) : states;
  const differing = states.filter((s) => s.differs).length;
  return (
    <section className="xd-section">
      <div className="xd-section-head">
        <h2>States</h2>
        <span className="muted">
          {states.length} state{states.length === 1 ? '' : 's'} entered, {differing} differ
        </span>
        <label className="xd-toggle">
          <input type="checkbox" checked={onlyDiffering} onChange={(e) => setOnlyDiffering(e.target.checked)} /> only states that differ
        </label>
      </div>
      <div className="xd-table-wrap">
        <table className="xd-table" data-testid="diff-states">
          <thead>
            <tr>
              <th rowSpan={2}>State</th>
              <th rowSpan={2}>Taken</th>
              <th colSpan={4} className="xd-side-head xd-side-a">
                A
              </th>
              <th colSpan={4} className="xd-side-head xd-side-b">
                B
              </th>
            </tr>
            <tr>
              <th>Status</th>
              <th>Runs</th>
              <th>Attempts</th>
              <th>Duration</th>
              <th>Status</th>
              <th>Runs</th>
              <th>Attempts</th>
              <th>Duration</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr
                key={s.stateName}
                className={`xd-row xd-row-${s.taken}${s.differs ? ' xd-row-differs' : ''}${divergence === s.stateName ? ' xd-row-diverge' : ''}`}
                aria-selected={selected === s.stateName}
                onClick={() => onSelect(s.stateName)}
                data-state-name={s.stateName}
                data-taken={s.taken}
                data-differs={s.differs}
              >
                <td>
                  <button type="button" className="ex-link xd-state-button" onClick={() => onSelect(s.stateName)}>
                    {s.stateName}
                  </button>{' '}
                  <span className="muted">{s.stateType}</span>
                  {divergence === s.stateName ? <span className="xd-diverge-mark"> ◆ paths part</span> : null}
                </td>
                <td>{DIFF_MEMBERSHIP_LABELS[s.taken]}</td>
                <SideCells side={s.a} />
                <SideCells side={s.b} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const DIFFERENCE_TEXT: Readonly<Record<string, string>> = { path: 'one side only', status: 'status', next: 'next state', error: 'error', input: 'input', output: 'output' };

function PairView({ pair, stateName, a, b }: { pair: RunPair; stateName: string; a: StoredExecution; b: StoredExecution }) {
  const side = (s: RunSide | null) => (s === null ? 'not run' : `${s.status}${s.error ? ` · ${s.error}` : ''} · ${s.attempts > 0 ? `${s.attempts} attempt${s.attempts === 1 ? '' : 's'} · ` : ''}${formatDuration(s.durationMs)} → ${s.nextStateName ?? 'end'}`);
  return (
    <li className="xd-pair" data-testid="diff-run-pair" data-differences={pair.differences.join(' ')}>
      <div className="xd-pair-head">
        <strong>
          {stateName}
          {where(pair)}
        </strong>
        <span className="muted">{pair.differences.length === 0 ? 'alike' : `differs: ${pair.differences.map((d) => DIFFERENCE_TEXT[d] ?? d).join(', ')}`}</span>
      </div>
      <div className="xd-pair-sides">
        <div>
          <span className="xd-tag xd-tag-a">A</span> {side(pair.a)}{' '}
          <RunLink executionArn={a.executionArn} stateName={stateName} side={pair.a} mapIndex={pair.mapIndex}>
            open
          </RunLink>
        </div>
        <div>
          <span className="xd-tag xd-tag-b">B</span> {side(pair.b)}{' '}
          <RunLink executionArn={b.executionArn} stateName={stateName} side={pair.b} mapIndex={pair.mapIndex}>
            open
          </RunLink>
        </div>
      </div>
      {pair.a !== null && pair.b !== null ? (
        <div className="xd-pair-json">
          <JsonChanges delta={pair.input} label="Input" testId="diff-run-input" />
          <JsonChanges delta={pair.output} label="Output" testId="diff-run-output" />
        </div>
      ) : null}
    </li>
  );
}

function StatePanel({ state, a, b, onClose }: { state: StateDiff; a: StoredExecution; b: StoredExecution; onClose: () => void }) {
  const pairs = useMemo(() => [...state.runs].sort((x, y) => Number(y.differences.length > 0) - Number(x.differences.length > 0)), [state]);
  const listed = pairs.slice(0, MAX_LISTED_PAIRS);
  return (
    <section className="xd-section xd-state-panel" data-testid="diff-state-panel" data-state-name={state.stateName}>
      <div className="xd-section-head">
        <h2>{state.stateName}</h2>
        <span className="muted">
          {state.stateType} · {DIFF_MEMBERSHIP_LABELS[state.taken]} · {state.runs.length} run{state.runs.length === 1 ? '' : 's'} paired by Map iteration and entry
        </span>
        <button type="button" className="ex-btn" onClick={onClose}>
          Close
        </button>
      </div>
      <ul className="xd-pairs">
        {listed.map((pair) => (
          <PairView key={`${pair.mapIndex.join(',')}|${pair.occurrence}`} pair={pair} stateName={state.stateName} a={a} b={b} />
        ))}
      </ul>
      {pairs.length > listed.length ? <p className="muted">…and {pairs.length - listed.length} more pairs (differing pairs are listed first).</p> : null}
    </section>
  );
}

/**
 * `folded`: the page folded values too deep for React's serialiser (json-text.ts foldDeepValues).
 * `unstoredArn`: a side that is not stored (a replay): its card and runs link nowhere, and the
 * swap / compare-with actions (which would look it up) are left out.
 */
export function ExecutionDiffView({ detail: given, folded = false, unstoredArn = null }: { detail: ExecutionDiffDetail; folded?: boolean; unstoredArn?: string | null }) {
  const [detail] = useState(() => (folded ? unfoldDeepValues(given) : given));
  const { diff, definitions, sameDefinition } = detail;
  const a = diff.a;
  const b = diff.b;
  const [selected, setSelected] = useState<string | null>(diff.firstDivergence?.stateName ?? null);
  const selectedState = diff.states.find((s) => s.stateName === selected) ?? null;
  const divergence = diff.firstDivergence?.stateName ?? null;
  const swapHref = `/executions/diff?${new URLSearchParams({ a: b.executionArn, b: a.executionArn })}`;
  return (
    <UnstoredArn.Provider value={unstoredArn}>
      <div className="xd" data-testid="execution-diff">
        <div className="xd-cards">
          <ExecutionCard which="A" execution={a} other={b} />
          <ExecutionCard which="B" execution={b} other={a} />
        </div>
        {unstoredArn === null ? (
          <p className="xd-actions">
            <Link href={swapHref} className="ex-btn">
              ⇄ Swap A and B
            </Link>{' '}
            <Link href={`/executions/diff?${new URLSearchParams({ a: a.executionArn })}`} className="ex-btn">
              Compare A with another…
            </Link>
          </p>
        ) : null}
        <DivergenceBanner divergence={diff.firstDivergence} a={a} b={b} onSelect={setSelected} />
        <section className="xd-section">
          <div className="xd-section-head">
            <h2>Paths</h2>
            <DiffLegend />
          </div>
          {sameDefinition ? (
            <DiffGraph definition={definitions.a} states={diff.states} firstDivergence={diff.firstDivergence} selected={selected} onSelect={setSelected} name={`diff-${a.name}-${b.name}`} />
          ) : (
            <div className="xd-graphs">
              <DiffGraph definition={definitions.a} states={diff.states} firstDivergence={diff.firstDivergence} selected={selected} onSelect={setSelected} name={`diff-a-${a.name}`} caption={`A's definition (${stateMachineNameFromArn(a.stateMachineArn)}); states matched by name`} />
              <DiffGraph definition={definitions.b} states={diff.states} firstDivergence={diff.firstDivergence} selected={selected} onSelect={setSelected} name={`diff-b-${b.name}`} caption={`B's definition (${stateMachineNameFromArn(b.stateMachineArn)}); states matched by name`} />
            </div>
          )}
        </section>
        {selectedState ? <StatePanel state={selectedState} a={a} b={b} onClose={() => setSelected(null)} /> : null}
        <StatesTable states={diff.states} selected={selected} onSelect={setSelected} divergence={divergence} />
        <section className="xd-section">
          <div className="xd-section-head">
            <h2>Execution input and output</h2>
          </div>
          <div className="xd-pair-json">
            <JsonChanges delta={diff.input} label="Input" testId="diff-input" />
            <JsonChanges delta={diff.output} label="Output" testId="diff-output" />
          </div>
        </section>
      </div>
    </UnstoredArn.Provider>
  );
}
