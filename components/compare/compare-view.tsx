'use client';
// /compare: two or more state machines side by side over a window (GET /api/compare): volume,
// success rate, latency percentiles and their distributions overlaid, throughput, transitions,
// cost with the assumptions behind it, and what each would cost as the other type. With no
// machine in the URL it opens on one workflow deployed as both types (compare-url-state.ts).
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatUsd } from '@/components/format';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import { stateMachineNameFromArn } from '@/lib/arn/state-machine-arn';
import { formatDurationShort, formatRate } from '@/lib/graph/aggregate-overlay';
import type { CompareItem } from '@/lib/metrics';
import { useCompare, type CompareResponse } from '@/lib/queries/compare';
import { compareUrlSearch, compareUrlStateOf, defaultComparison, type CompareUrlState } from '@/lib/queries/compare-url-state';
import { RANGE_PRESETS } from '@/lib/queries/executions';
import { useStateMachines } from '@/lib/queries/state-machines';
import { MACHINE_COLOURS, costRows, distributionRows, machineKey, percentileRows } from './compare-data';
import './compare.css';

const RANGE_LABELS: Record<string, string> = { '1h': 'last 1 h', '24h': 'last 24 h', '7d': 'last 7 d', '30d': 'last 30 d' };
const TOOLTIP_STYLE = { background: 'var(--bg)', border: '1px solid var(--line)', color: 'var(--fg)', fontSize: 12, padding: '4px 8px' };
const AXIS_TICK = { fill: 'var(--muted)', fontSize: 11 };

const count = (n: number) => n.toLocaleString('en-US');
const perMinute = (n: number | null) => (n === null ? '—' : `${n < 10 ? n.toFixed(2) : n.toFixed(1)} /min`);
const ms = (n: number | null) => (n === null ? '—' : formatDurationShort(n));

interface MetricRow {
  label: string;
  testId: string;
  cell: (item: CompareItem) => string;
  title?: string;
}

const METRIC_ROWS: MetricRow[] = [
  { label: 'Type', testId: 'type', cell: (i) => i.type },
  { label: 'Executions started', testId: 'executions', cell: (i) => count(i.executions) },
  { label: 'Succeeded', testId: 'succeeded', cell: (i) => count(i.succeeded) },
  { label: 'Failed or timed out', testId: 'failed', cell: (i) => count(i.failed) },
  { label: 'Success rate', testId: 'success-rate', cell: (i) => (i.successRate === null ? '—' : formatRate(i.successRate)), title: 'succeeded / finished (running excluded)' },
  { label: 'Duration p50', testId: 'p50', cell: (i) => ms(i.durationMs.p50) },
  { label: 'Duration p95', testId: 'p95', cell: (i) => ms(i.durationMs.p95) },
  { label: 'Duration p99', testId: 'p99', cell: (i) => ms(i.durationMs.p99) },
  { label: 'Throughput, mean', testId: 'throughput-mean', cell: (i) => perMinute(i.throughputPerMinute.mean) },
  { label: 'Throughput, peak minute', testId: 'throughput-peak', cell: (i) => perMinute(i.throughputPerMinute.peak) },
  { label: 'State transitions per execution', testId: 'transitions', cell: (i) => (i.transitionsPerExecution === null ? '—' : i.transitionsPerExecution.toFixed(1)), title: 'StateEntered events + retry attempts' },
  { label: 'Cost per execution', testId: 'cost-execution', cell: (i) => formatUsd(i.cost.perExecutionUsd) },
  { label: 'Cost per million executions', testId: 'cost-million', cell: (i) => formatUsd(i.cost.perMillionUsd) },
  { label: 'Cost of the window', testId: 'cost-window', cell: (i) => formatUsd(i.cost.windowUsd) },
  { label: 'What if: as the other type, per million', testId: 'whatif-million', cell: (i) => `${formatUsd(i.whatIf.perMillionUsd)} as ${i.whatIf.type}` },
  {
    label: 'Break-even',
    testId: 'break-even',
    cell: (i) => {
      const { durationMs, transitionsPerExecution } = i.whatIf.breakEven;
      const parts = [];
      if (durationMs !== null) parts.push(`Express costs as much at ${formatDurationShort(durationMs)} billed`);
      if (transitionsPerExecution !== null) {
        parts.push(
          transitionsPerExecution < 1
            ? `Standard costs as much only below one transition (${transitionsPerExecution.toPrecision(2)})`
            : `Standard costs as much at ${transitionsPerExecution.toFixed(1)} transitions`,
        );
      }
      return parts.length > 0 ? parts.join(' · ') : '—';
    },
  },
];

function useCompareUrl() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo(() => compareUrlStateOf(new URLSearchParams(params.toString())), [params]);
  const go = (next: CompareUrlState, replace = false) => {
    const url = `${pathname}?${compareUrlSearch(next)}`;
    if (replace) router.replace(url, { scroll: false });
    else router.push(url, { scroll: false });
  };
  return { state, go };
}

export function CompareView() {
  const { state, go } = useCompareUrl();
  const machines = useStateMachines();
  const query = useCompare(state);
  const [rangeChoice, setRangeChoice] = useState(state.range);

  // Opened with no machine: preselect one workflow deployed as both types (a replace, not a new entry).
  const needsDefault = state.stateMachineArns.length === 0 && machines.data !== undefined;
  const preselected = useMemo(() => (needsDefault ? defaultComparison(machines.data ?? []) : []), [needsDefault, machines.data]);
  useEffect(() => {
    if (preselected.length > 0) go({ ...state, stateMachineArns: preselected }, true);
    // Only when the preselection is first known (go and state change with every URL).
  }, [preselected]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (key: string) => {
      const value = data.get(key);
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    };
    const next: CompareUrlState = { stateMachineArns: data.getAll('stateMachineArn').filter((v): v is string => typeof v === 'string'), range: text('range') ?? '24h' };
    if (next.range === 'custom') {
      next.from = text('from');
      next.to = text('to');
    }
    go(next);
  };

  const chosen = new Set(state.stateMachineArns);
  return (
    <div className="compare-view">
      <form className="filters compare-form" onSubmit={onSubmit} aria-label="Comparison" key={compareUrlSearch(state)}>
        <fieldset className="compare-machines" data-testid="compare-machines">
          <legend>State machines (two or more)</legend>
          {(machines.data ?? []).map((m) => (
            <label key={m.stateMachineArn} className="compare-machine">
              <input type="checkbox" name="stateMachineArn" value={m.stateMachineArn} defaultChecked={chosen.has(m.stateMachineArn)} />
              {m.name} <span className="muted">{m.type}</span>
            </label>
          ))}
        </fieldset>
        <label>
          Started
          <select name="range" value={rangeChoice} onChange={(e) => setRangeChoice(e.target.value)}>
            {Object.keys(RANGE_PRESETS).map((range) => (
              <option key={range} value={range}>
                {RANGE_LABELS[range] ?? range}
              </option>
            ))}
            <option value="custom">custom…</option>
          </select>
        </label>
        {rangeChoice === 'custom' ? (
          <>
            <label>
              from (UTC, ISO-8601)
              <input name="from" defaultValue={state.from ?? ''} placeholder="2026-11-01T00:00:00Z" size={20} />
            </label>
            <label>
              to
              <input name="to" defaultValue={state.to ?? ''} placeholder="2026-11-30T00:00:00Z" size={20} />
            </label>
          </>
        ) : null}
        <button type="submit">Compare</button>
      </form>
      {state.stateMachineArns.length === 1 ? <p className="muted">Pick at least one more state machine to compare with.</p> : null}
      {query.isError ? (
        <div className="banner" role="alert" data-testid="compare-error">
          Could not compare: {query.error.message}
        </div>
      ) : null}
      {query.data ? <Comparison answer={query.data} /> : query.isFetching ? <div className="skeleton-block" aria-busy="true" /> : null}
    </div>
  );
}

function Comparison({ answer }: { answer: CompareResponse }) {
  const { items } = answer;
  const names = items.map((item) => stateMachineNameFromArn(item.stateMachineArn));
  const distribution = useMemo(() => distributionRows(items), [items]);
  const percentiles = useMemo(() => percentileRows(items), [items]);
  const costs = useMemo(() => costRows(items, names), [items, names]);
  return (
    <>
      <p className="muted" data-testid="compare-window">
        Executions started {answer.from.replace('T', ' ').slice(0, 16)} – {answer.to.replace('T', ' ').slice(0, 16)} UTC
      </p>
      <table className="grid compare-table" data-testid="compare-table">
        <thead>
          <tr>
            <th scope="col">Figure</th>
            {items.map((item, i) => (
              <th key={item.stateMachineArn} scope="col" data-testid="compare-machine-head">
                <span className="compare-swatch" style={{ background: MACHINE_COLOURS[i % MACHINE_COLOURS.length] }} aria-hidden="true" />
                <Link href={`/state-machines/${arnRouteSegment(item.stateMachineArn)}`}>{names[i]}</Link>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {METRIC_ROWS.map((row) => (
            <tr key={row.testId} data-testid={`compare-row-${row.testId}`}>
              <th scope="row" title={row.title}>
                {row.label}
              </th>
              {items.map((item) => (
                <td key={item.stateMachineArn} className="num">
                  {row.cell(item)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <PartialNotes items={items} names={names} />

      <div className="compare-charts">
        <figure className="compare-chart" data-testid="compare-distribution">
          <figcaption>Duration distribution (share of each machine’s executions, log-scale buckets)</figcaption>
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={distribution} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid stroke="var(--line)" strokeDasharray="2 4" vertical={false} />
              <XAxis dataKey="label" tick={AXIS_TICK} stroke="var(--line)" minTickGap={16} />
              <YAxis tickFormatter={(v: number) => formatRate(v)} tick={AXIS_TICK} width={48} stroke="var(--line)" />
              <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(value, name, entry) => [typeof value === 'number' ? `${formatRate(value)} (${String((entry.payload as Record<string, unknown>)[`count:${String(entry.dataKey)}`] ?? 0)} executions)` : '—', name]} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {items.map((item, i) => (
                <Line key={item.stateMachineArn} dataKey={machineKey(i)} name={names[i]} stroke={MACHINE_COLOURS[i % MACHINE_COLOURS.length]} strokeWidth={2} dot={false} type="monotone" isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </figure>
        <figure className="compare-chart" data-testid="compare-percentiles">
          <figcaption>Latency percentiles</figcaption>
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={percentiles} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid stroke="var(--line)" strokeDasharray="2 4" vertical={false} />
              <XAxis dataKey="name" tick={AXIS_TICK} stroke="var(--line)" />
              <YAxis tickFormatter={(v: number) => formatDurationShort(v)} tick={AXIS_TICK} width={56} stroke="var(--line)" />
              <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(value) => (typeof value === 'number' ? ms(value) : '—')} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {items.map((item, i) => (
                <Bar key={item.stateMachineArn} dataKey={machineKey(i)} name={names[i]} fill={MACHINE_COLOURS[i % MACHINE_COLOURS.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="compare-chart" data-testid="compare-costs">
          <figcaption>Cost per million executions: as deployed and as the other type</figcaption>
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={costs} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid stroke="var(--line)" strokeDasharray="2 4" vertical={false} />
              <XAxis dataKey="name" tick={AXIS_TICK} stroke="var(--line)" />
              <YAxis tickFormatter={(v: number) => formatUsd(v)} tick={AXIS_TICK} width={64} stroke="var(--line)" />
              <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(value) => (typeof value === 'number' ? formatUsd(value) : '—')} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="actual" name="as deployed" fill="var(--accent)" isAnimationActive={false} />
              <Bar dataKey="whatIf" name="as the other type" fill="var(--aborted)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      </div>
      <Assumptions items={items} names={names} />
    </>
  );
}

/** Express figures from partial logs (log level below ALL, or records missing) say so. */
function PartialNotes({ items, names }: { items: readonly CompareItem[]; names: readonly string[] }) {
  const partial = items.flatMap((item, i) => (item.cost.assumptions.partialHistoryExecutions > 0 ? [{ item, name: names[i] }] : []));
  if (partial.length === 0) return null;
  return (
    <div className="banner compare-partial" role="note" data-testid="compare-partial">
      {partial.map(({ item, name }) => (
        <p key={item.stateMachineArn}>
          {name}: {count(item.cost.assumptions.partialHistoryExecutions)} of {count(item.cost.assumptions.transitionsKnownExecutions)} executions come from partial logs (log level below ALL, or
          records missing): their transitions, and so the Standard cost, are undercounted.
        </p>
      ))}
    </div>
  );
}

function Assumptions({ items, names }: { items: readonly CompareItem[]; names: readonly string[] }) {
  return (
    <section className="compare-assumptions" data-testid="compare-assumptions" aria-label="Cost assumptions">
      <h2>How the costs are computed</h2>
      {items.map((item, i) => {
        const a = item.cost.assumptions;
        return (
          <div key={item.stateMachineArn} className="compare-assumption">
            <h3>
              {names[i]} <span className="muted">({item.type}, {a.region})</span>
            </h3>
            <ul>
              <li>
                Prices of {a.pricesRegion}
                {a.regionListed ? '' : ` (${a.region} is not in the price table)`} from{' '}
                <a href={a.pricesSource} rel="noreferrer">
                  {a.pricesSource}
                </a>
                , as of {a.pricesAsOf}; the free tier is not deducted.
              </li>
              {a.notes.filter((note) => !note.startsWith('Prices of ')).map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
