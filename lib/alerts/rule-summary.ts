// What the Alerts page and GET /api/alerts say about each rule (pure): what it watches in words,
// where it delivers (the webhook's origin only: a Slack webhook's path is its secret), and its
// state — "firing since …" or "ok":
// - a condition rule (failure rate, p95, running longer) fires while any of its episodes is
//   firing, since the oldest of them;
// - an event rule (execution ended, new failure cluster) counts as firing while it fired within
//   its own horizon (the lookback of an execution-ended rule, the window of a new-cluster rule),
//   since its first firing in it; it has nothing to resolve.
import type { AlertRule } from '../config/index.ts';
import type { AlertRuleActivity, AlertStateRow } from '../store/index.ts';
import { MINUTE_MS, isConditionRule } from './evaluate.ts';
import { alertHeadline, formatAlertValue } from './delivery-body.ts';

export interface FiringSubjectView {
  subject: string;
  stateMachineArn: string | null;
  episode: number;
  /** ISO-8601 UTC. */
  since: string;
  value: number | null;
  /** The value as people read it (percent, ms / s / min). */
  valueText: string;
}

export interface AlertRuleView {
  name: string;
  kind: AlertRule['kind'];
  /** What the rule watches, in one sentence. */
  description: string;
  stateMachine: string;
  format: AlertRule['format'];
  /** The webhook's origin (scheme, host, port) with the path elided. */
  webhook: string;
  maxPerMinute: number;
  state: 'ok' | 'firing';
  /** ISO-8601 UTC: when the current firing began; null when ok. */
  since: string | null;
  /** Condition rules: the episodes firing now. */
  firing: FiringSubjectView[];
  lastFiredAt: string | null;
  firedLast24h: number;
  deliveries: number;
  pending: number;
  failed: number;
}

/** The webhook's origin with its path elided ("https://hooks.slack.com/…"). */
export function webhookDisplay(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname === '/' && parsed.search === '' ? '' : '/…'}`;
  } catch {
    return '(invalid URL)';
  }
}

function machines(rule: AlertRule): string {
  return rule.stateMachine === '*' ? 'any state machine' : rule.stateMachine;
}

export function describeRule(rule: AlertRule): string {
  switch (rule.kind) {
    case 'status':
      return `An execution of ${machines(rule)} ends ${rule.statuses.join(' or ')}${rule.error ? ` with error ${rule.error}` : ''} (ended in the last ${rule.lookbackMinutes} min)`;
    case 'failureRate':
      return `Failure rate of ${machines(rule)} above ${formatAlertValue('failureRate', rule.above)} over ${rule.windowMinutes} min (at least ${rule.minExecutions} finished)`;
    case 'durationP95Ms':
      return `p95 duration of ${machines(rule)} above ${formatAlertValue('durationP95Ms', rule.above)} over ${rule.windowMinutes} min (at least ${rule.minExecutions} known)`;
    case 'runningLongerThanMs':
      return `An execution of ${machines(rule)} running longer than ${formatAlertValue('runningLongerThanMs', rule.limitMs)}`;
    case 'newFailureCluster':
      return `A new failure cluster on ${machines(rule)}${rule.error ? ` with error ${rule.error}` : ''} (first member in the last ${rule.windowMinutes} min)`;
  }
}

/** An event rule's horizon: it reads as firing while it fired this recently, ms. */
export function eventHorizonMs(rule: AlertRule): number | null {
  if (rule.kind === 'status') return rule.lookbackMinutes * MINUTE_MS;
  if (rule.kind === 'newFailureCluster') return rule.windowMinutes * MINUTE_MS;
  return null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * One view per configured rule, in config order. `states`: the AlertState rows of the rules
 * (firing ones are used); `activity`: delivery counts per rule; `firstFirings`: per event rule,
 * its first firing within its horizon (firstFiringsSince).
 */
export function ruleViews(
  rules: readonly AlertRule[],
  states: readonly AlertStateRow[],
  activity: readonly AlertRuleActivity[],
  firstFirings: ReadonlyMap<string, number | null>,
): AlertRuleView[] {
  const byRule = new Map(activity.map((a) => [a.rule, a]));
  return rules.map((rule) => {
    const counts = byRule.get(rule.name);
    const firing = isConditionRule(rule)
      ? states
          .filter((s) => s.rule === rule.name && s.state === 'firing')
          .sort((a, b) => a.since - b.since || (a.subject < b.subject ? -1 : 1))
          .map((s) => ({ subject: s.subject, stateMachineArn: s.stateMachineArn, episode: s.episode, since: new Date(s.since).toISOString(), value: s.value, valueText: formatAlertValue(rule.kind, s.value) }))
      : [];
    const since = isConditionRule(rule) ? (firing[0]?.since ?? null) : iso(firstFirings.get(rule.name) ?? null);
    return {
      name: rule.name,
      kind: rule.kind,
      description: describeRule(rule),
      stateMachine: rule.stateMachine,
      format: rule.format,
      webhook: webhookDisplay(rule.webhook),
      maxPerMinute: rule.maxPerMinute,
      state: since === null ? 'ok' : 'firing',
      since,
      firing,
      lastFiredAt: iso(counts?.lastFiredAt ?? null),
      firedLast24h: counts?.firedLast24h ?? 0,
      deliveries: counts?.deliveries ?? 0,
      pending: counts?.pending ?? 0,
      failed: counts?.failed ?? 0,
    };
  });
}

/** A delivery's one line for the log (without the 🔴 / ✅ mark), read back from the body that was sent. */
export function deliveryHeadline(format: 'json' | 'slack', body: string): { headline: string; url: string | null } {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    if (format === 'slack') {
      const text = typeof parsed.text === 'string' ? parsed.text : '';
      const link = /<([^|>]+)\|Open in StepLens>$/.exec(text);
      const unescaped = text.replace(/^(?:🔴|✅) /u, '').replace(/ <[^>]*>$/, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      return { headline: unescaped, url: link?.[1] ?? null };
    }
    const text = (key: string) => (typeof parsed[key] === 'string' ? (parsed[key] as string) : null);
    const num = (key: string) => (typeof parsed[key] === 'number' ? (parsed[key] as number) : null);
    const message = {
      rule: text('rule') ?? '',
      kind: (text('kind') ?? 'status') as AlertRule['kind'],
      state: text('state') === 'resolved' ? ('resolved' as const) : ('firing' as const),
      subject: '',
      executionArn: text('executionArn'),
      stateMachineArn: text('stateMachineArn'),
      stateMachineName: text('stateMachineName'),
      stateName: text('stateName'),
      error: text('error'),
      cause: text('cause'),
      failingRun: null,
      clusterId: text('clusterId'),
      clusterSize: num('clusterSize'),
      sampleExecutionArn: text('sampleExecutionArn'),
      value: num('value'),
      threshold: num('threshold'),
      windowMinutes: num('windowMinutes'),
      at: 0,
      since: null,
    };
    return { headline: alertHeadline(message, { mark: false }), url: text('url') };
  } catch {
    return { headline: '(unreadable body)', url: null };
  }
}
