'use client';
// /failures: the failure clusters of a window, across all state machines or one, with the window
// and the machine in the URL (?range=1h|24h|7d|30d|custom&from=&to=&stateMachineArn=).
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { RANGE_PRESETS } from '@/lib/queries/executions';
import { failuresUrlStateOf, useFailureClusters, type FailuresUrlState } from '@/lib/queries/failure-clusters';
import { useStateMachines } from '@/lib/queries/state-machines';
import { FailureClusterList } from './failure-cluster-list';

const RANGE_LABELS: Record<string, string> = { '1h': 'last 1 h', '24h': 'last 24 h', '7d': 'last 7 d', '30d': 'last 30 d' };

export function FailuresView({ fixedStateMachineArn }: { fixedStateMachineArn?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const state = useMemo(() => {
    const parsed = failuresUrlStateOf(new URLSearchParams(searchParams.toString()));
    return fixedStateMachineArn ? { ...parsed, stateMachineArn: fixedStateMachineArn } : parsed;
  }, [searchParams, fixedStateMachineArn]);
  const query = useFailureClusters(state);
  const machines = useStateMachines();
  const [rangeChoice, setRangeChoice] = useState(state.range);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const get = (key: string) => {
      const value = data.get(key);
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    };
    const next: FailuresUrlState = { range: get('range') ?? '24h', stateMachineArn: fixedStateMachineArn ? undefined : get('stateMachineArn') };
    if (next.range === 'custom') {
      next.from = get('from');
      next.to = get('to');
    }
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (typeof value === 'string') params.set(key, value);
    router.push(`${pathname}?${params}`, { scroll: false });
  };

  return (
    <div className="failures-view">
      <form className="filters" onSubmit={onSubmit} aria-label="Failure clusters window" key={JSON.stringify(state)}>
        {fixedStateMachineArn ? null : (
          <label>
            State machine
            <select name="stateMachineArn" defaultValue={state.stateMachineArn ?? ''}>
              <option value="">all</option>
              {(machines.data ?? []).map((m) => (
                <option key={m.stateMachineArn} value={m.stateMachineArn}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
        )}
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
        <button type="submit">Apply</button>
      </form>
      {query.isError ? (
        <div className="banner" role="alert" data-testid="failure-clusters-error">
          Could not load failure clusters: {query.error.message}
        </div>
      ) : null}
      {query.data ? <FailureClusterList answer={query.data} showMachine={!state.stateMachineArn} /> : query.isPending ? <div className="skeleton-block" aria-busy="true" /> : null}
    </div>
  );
}
