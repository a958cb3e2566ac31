'use client';
// /alerts: the alert rules of steplens.config.json with their state (ok, or firing since when and
// for which machines / executions) and the delivery log (every delivery with each attempt),
// refreshed every 5 s. Everything here is drawn from GET /api/alerts and /api/alerts/deliveries.
import Link from 'next/link';
import { useState } from 'react';
import { formatDuration, formatTimestamp } from '@/components/format';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import { parseExecutionArn, stateMachineNameFromArn } from '@/lib/arn/state-machine-arn';
import { useAlertDeliveries, useAlertRules, type AlertDeliveryView, type AlertRuleView } from '@/lib/queries/alerts';
import './alerts.css';

/** An in-app link from a delivery's absolute dashboard URL (its path and query). */
function localHref(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return null;
  }
}

function subjectLink(subject: string, stateMachineArn: string | null) {
  const execution = parseExecutionArn(subject);
  if (execution !== null) {
    return (
      <Link href={`/executions/${arnRouteSegment(subject)}`} className="mono">
        {execution.name}
      </Link>
    );
  }
  const machine = stateMachineArn ?? subject;
  return machine.includes(':stateMachine:') ? <Link href={`/state-machines/${arnRouteSegment(machine)}`}>{stateMachineNameFromArn(machine)}</Link> : <span className="mono">{subject}</span>;
}

function RuleState({ rule }: { rule: AlertRuleView }) {
  if (rule.state === 'ok') {
    return (
      <span className="alert-state alert-state-ok" data-state="ok">
        <span aria-hidden="true">✓</span> ok
      </span>
    );
  }
  return (
    <span className="alert-state alert-state-firing" data-state="firing">
      <span aria-hidden="true">●</span> firing
      <span className="alert-since">since {formatTimestamp(rule.since)}</span>
    </span>
  );
}

function RulesTable({ rules }: { rules: AlertRuleView[] }) {
  return (
    <table className="grid" data-testid="alert-rules">
      <thead>
        <tr>
          <th>Rule</th>
          <th>Watches</th>
          <th>State</th>
          <th>Delivers to</th>
          <th>Last fired</th>
          <th className="num">Deliveries</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((rule) => (
          <tr key={rule.name} data-rule={rule.name} data-state={rule.state}>
            <td>
              <strong>{rule.name}</strong>
            </td>
            <td className="wrap">
              {rule.description}
              {rule.firing.length > 0 ? (
                <ul className="alert-subjects" aria-label="Firing now">
                  {rule.firing.map((s) => (
                    <li key={s.subject}>
                      {subjectLink(s.subject, s.stateMachineArn)} {s.valueText} since {formatTimestamp(s.since)}
                    </li>
                  ))}
                </ul>
              ) : null}
            </td>
            <td>
              <RuleState rule={rule} />
            </td>
            <td className="wrap">
              {rule.format === 'slack' ? 'Slack' : 'JSON'} → <span className="mono">{rule.webhook}</span>
              <div className="muted">at most {rule.maxPerMinute}/min</div>
            </td>
            <td>
              {rule.lastFiredAt ? formatTimestamp(rule.lastFiredAt) : <span className="muted">never</span>}
              {rule.firedLast24h > 0 ? <div className="muted">{rule.firedLast24h.toLocaleString('en-US')} in 24 h</div> : null}
            </td>
            <td className="num">
              {rule.deliveries.toLocaleString('en-US')}
              {rule.pending > 0 ? <div className="alert-delivery-pending">{rule.pending} pending</div> : null}
              {rule.failed > 0 ? <div className="alert-delivery-failed">{rule.failed} failed</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DeliveryStatus({ delivery }: { delivery: AlertDeliveryView }) {
  return (
    <>
      <span className={`alert-delivery-${delivery.status}`}>{delivery.status}</span>
      {delivery.status === 'pending' && delivery.nextAttemptAt ? <div className="muted">next attempt {formatTimestamp(delivery.nextAttemptAt)}</div> : null}
      {delivery.status === 'delivered' && delivery.deliveredAt ? <div className="muted">{formatTimestamp(delivery.deliveredAt)}</div> : null}
      {delivery.status !== 'delivered' && delivery.lastError ? <div className="muted">{delivery.lastError}</div> : null}
    </>
  );
}

function DeliveryLog({ deliveries }: { deliveries: AlertDeliveryView[] }) {
  if (deliveries.length === 0) return <p className="empty">No deliveries yet: a rule writes one here when it fires or resolves.</p>;
  return (
    <table className="grid" data-testid="alert-deliveries">
      <thead>
        <tr>
          <th>Written</th>
          <th>Rule</th>
          <th>Alert</th>
          <th>Status</th>
          <th>Attempts</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((delivery) => {
          const href = localHref(delivery.url);
          return (
            <tr key={delivery.id} data-delivery-key={delivery.key} data-status={delivery.status} data-rule={delivery.rule}>
              <td>{formatTimestamp(delivery.createdAt)}</td>
              <td>
                {delivery.rule}
                <div className={delivery.state === 'firing' ? 'alert-state-firing' : 'alert-state-ok'}>{delivery.state}</div>
              </td>
              <td className="wrap">
                {href ? <Link href={href}>{delivery.headline}</Link> : delivery.headline}
                <div className="alert-key mono" title="Idempotency key: the same on every attempt">
                  {delivery.key}
                </div>
              </td>
              <td className="wrap">
                <DeliveryStatus delivery={delivery} />
              </td>
              <td>
                <ol className="alert-attempts" aria-label="Attempts">
                  {delivery.attempts.map((a) => (
                    <li key={a.attempt} data-http-status={a.httpStatus ?? 'none'}>
                      #{a.attempt} {formatTimestamp(a.startedAt).slice(11)} · {a.httpStatus === null ? 'no answer' : `HTTP ${a.httpStatus}`} · {formatDuration(a.durationMs)}
                      {a.error ? <span className="muted"> · {a.error}</span> : null}
                    </li>
                  ))}
                  {delivery.attempts.length === 0 ? <li className="muted">not attempted yet</li> : null}
                </ol>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function AlertsView() {
  const rules = useAlertRules();
  const [rule, setRule] = useState('');
  const [status, setStatus] = useState('');
  const deliveries = useAlertDeliveries({ rule, status });

  if (rules.isPending) return <div className="skeleton-block" aria-busy="true" />;
  if (rules.isError && !rules.data) {
    return (
      <p className="banner" role="alert">
        Alerts unavailable: {rules.error.message}
      </p>
    );
  }
  const items = rules.data.items;
  return (
    <div data-testid="alerts-view">
      {rules.isError ? (
        <p className="banner" role="alert">
          Refresh failed: {rules.error.message} (showing the last state)
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">
          No alert rules. Add them to <span className="mono">steplens.config.json</span> under <span className="mono">&quot;alerts&quot;</span> (see the README, &quot;Alerts&quot;).
        </p>
      ) : (
        <>
          <p className="muted">
            {items.filter((r) => r.state === 'firing').length} of {items.length} rules firing · rules from <span className="mono">{rules.data.configuredIn}</span>, evaluated by the poller after each cycle
          </p>
          <RulesTable rules={items} />
        </>
      )}

      <section className="alert-section">
        <h2>Delivery log</h2>
        <div className="filters">
          <label>
            Rule
            <select value={rule} onChange={(e) => setRule(e.target.value)} aria-label="Rule">
              <option value="">all rules</option>
              {items.map((r) => (
                <option key={r.name} value={r.name}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Status
            <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label="Status">
              <option value="">any</option>
              <option value="pending">pending</option>
              <option value="delivered">delivered</option>
              <option value="failed">failed</option>
            </select>
          </label>
        </div>
        {deliveries.isError && !deliveries.data ? (
          <p className="banner" role="alert">
            Delivery log unavailable: {deliveries.error.message}
          </p>
        ) : deliveries.data ? (
          <DeliveryLog deliveries={deliveries.data.items} />
        ) : (
          <div className="skeleton-block" aria-busy="true" />
        )}
      </section>
    </div>
  );
}
