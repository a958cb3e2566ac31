// The request bodies of alert deliveries (DESIGN.md §2.8), pure: a JSON document for any
// receiver, or a Slack incoming-webhook message (text + Block Kit blocks). Both carry the rule,
// firing | resolved, the state machine, the failing state, error and cause (excerpt), the
// cluster size and a link into the dashboard: the execution opened at its failing run
// (/executions/{arn}?state=…&run=…), else the state machine's health page.
import { arnRouteSegment } from '../arn/arn-route-param.ts';
import type { AlertMessage } from './evaluate.ts';

export type DeliveryFormat = 'json' | 'slack';

/** The JSON delivery: §2.8's fields, then the rest of what the rule compared. */
export interface JsonAlertBody {
  rule: string;
  kind: AlertMessage['kind'];
  state: AlertMessage['state'];
  /** The same on every attempt of one delivery (also the Idempotency-Key header). */
  idempotencyKey: string;
  executionArn: string | null;
  stateMachineArn: string | null;
  stateMachineName: string | null;
  error: string | null;
  cause: string | null;
  stateName: string | null;
  url: string;
  clusterId: string | null;
  clusterSize: number | null;
  sampleExecutionArn: string | null;
  value: number | null;
  threshold: number | null;
  windowMinutes: number | null;
  /** ISO-8601 UTC of the evaluation that produced it. */
  at: string;
  /** ISO-8601 UTC the episode fired (condition rules). */
  since: string | null;
}

/** Longest cause excerpt in a Slack message, characters. */
export const SLACK_CAUSE_EXCERPT = 500;

/** The dashboard link of a message: the execution at its failing run, else the execution, else the machine. */
export function alertUrl(message: AlertMessage, dashboardUrl: string): string {
  const base = dashboardUrl.replace(/\/+$/, '');
  const executionArn = message.executionArn ?? message.sampleExecutionArn;
  if (executionArn !== null && message.executionArn === null && message.stateMachineArn !== null) {
    // A window rule: the machine's health page over the rule's window is where to look first.
    return `${base}/state-machines/${arnRouteSegment(message.stateMachineArn)}`;
  }
  if (executionArn !== null) {
    const params = new URLSearchParams();
    if (message.stateName !== null) params.set('state', message.stateName);
    if (message.failingRun !== null) {
      params.set('run', String(message.failingRun.ordinal));
      if (message.failingRun.mapIndex.length > 0) params.set('iter', message.failingRun.mapIndex.join(','));
    }
    const query = params.toString();
    return `${base}/executions/${arnRouteSegment(executionArn)}${query ? `?${query}` : ''}`;
  }
  if (message.stateMachineArn !== null) return `${base}/state-machines/${arnRouteSegment(message.stateMachineArn)}`;
  return `${base}/alerts`;
}

export function jsonAlertBody(message: AlertMessage, key: string, dashboardUrl: string): JsonAlertBody {
  return {
    rule: message.rule,
    kind: message.kind,
    state: message.state,
    idempotencyKey: key,
    executionArn: message.executionArn,
    stateMachineArn: message.stateMachineArn,
    stateMachineName: message.stateMachineName,
    error: message.error,
    cause: message.cause,
    stateName: message.stateName,
    url: alertUrl(message, dashboardUrl),
    clusterId: message.clusterId,
    clusterSize: message.clusterSize,
    sampleExecutionArn: message.sampleExecutionArn,
    value: message.value,
    threshold: message.threshold,
    windowMinutes: message.windowMinutes,
    at: new Date(message.at).toISOString(),
    since: message.since === null ? null : new Date(message.since).toISOString(),
  };
}

/** Slack's mrkdwn control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function excerpt(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A figure as people read it: a rate in percent, a duration in s / min / h. */
export function formatAlertValue(kind: AlertMessage['kind'], value: number | null): string {
  if (value === null) return '—';
  if (kind === 'failureRate') return `${(Math.round(value * 1000) / 10).toLocaleString('en-US')} %`;
  if (value < 1_000) return `${Math.round(value)} ms`;
  if (value < 120_000) return `${(Math.round(value / 100) / 10).toLocaleString('en-US')} s`;
  if (value < 7_200_000) return `${Math.round(value / 60_000)} min`;
  return `${(Math.round(value / 360_000) / 10).toLocaleString('en-US')} h`;
}

/**
 * One line saying what happened (Slack's `text`, the notification and fallback). `mark: false`
 * leaves out the leading 🔴 / ✅ (the dashboard shows the state in words, and a browser without
 * an emoji font draws a box).
 */
export function alertHeadline(message: AlertMessage, options: { mark?: boolean } = {}): string {
  const machine = message.stateMachineName ?? message.stateMachineArn ?? 'a state machine';
  const mark = options.mark === false ? '' : message.state === 'firing' ? '🔴' : '✅';
  const at = message.stateName !== null ? ` at ${message.stateName}` : '';
  const line = (text: string) => (mark === '' ? text : `${mark} ${text}`);
  const error = message.error !== null ? ` — ${message.error}` : '';
  switch (message.kind) {
    case 'status':
      return line(`${message.rule}: ${machine} execution ended${at}${error}`);
    case 'newFailureCluster':
      return line(`${message.rule}: new failure cluster on ${machine}${at}${error}`);
    case 'runningLongerThanMs':
      return message.state === 'firing'
        ? line(`${message.rule}: ${machine} execution running for ${formatAlertValue(message.kind, message.value)} (limit ${formatAlertValue(message.kind, message.threshold)})`)
        : line(`${message.rule}: ${machine} execution is no longer running past its limit`);
    case 'failureRate':
    case 'durationP95Ms': {
      const what = message.kind === 'failureRate' ? 'failure rate' : 'p95 duration';
      return message.state === 'firing'
        ? line(`${message.rule}: ${machine} ${what} ${formatAlertValue(message.kind, message.value)} over ${message.windowMinutes} min (above ${formatAlertValue(message.kind, message.threshold)})`)
        : line(`${message.rule}: ${machine} ${what} back to ${formatAlertValue(message.kind, message.value)} (threshold ${formatAlertValue(message.kind, message.threshold)})`);
    }
  }
}

/** A Slack incoming-webhook message (https://api.slack.com/messaging/webhooks): text + blocks. */
export function slackAlertBody(message: AlertMessage, key: string, dashboardUrl: string): { text: string; blocks: unknown[] } {
  const url = alertUrl(message, dashboardUrl);
  const headline = alertHeadline(message);
  const fields: Array<{ type: 'mrkdwn'; text: string }> = [];
  const field = (label: string, value: string) => fields.push({ type: 'mrkdwn', text: `*${label}*\n${excerpt(value, 1_900)}` });
  if (message.stateMachineName !== null || message.stateMachineArn !== null) field('State machine', slackEscape(message.stateMachineName ?? message.stateMachineArn ?? ''));
  if (message.stateName !== null) field(message.executionArn === null ? 'Failing state (newest failure)' : 'Failing state', slackEscape(message.stateName));
  if (message.error !== null) field('Error', `\`${slackEscape(message.error)}\``);
  if (message.clusterSize !== null) field('Cluster', `${message.clusterSize.toLocaleString('en-US')} failure${message.clusterSize === 1 ? '' : 's'} ${message.kind === 'newFailureCluster' ? `in ${message.windowMinutes} min` : 'in 24 h'}`);
  if (message.value !== null && message.kind !== 'status' && message.kind !== 'newFailureCluster') field('Value', `${formatAlertValue(message.kind, message.value)} (threshold ${formatAlertValue(message.kind, message.threshold)})`);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: excerpt(`${message.state === 'firing' ? '🔴' : '✅'} ${message.rule} — ${message.state}`, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: excerpt(slackEscape(headline), 2_900) } },
  ];
  if (fields.length > 0) blocks.push({ type: 'section', fields: fields.slice(0, 10) });
  if (message.cause !== null && message.cause !== '') {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Cause*\n\`\`\`${slackEscape(excerpt(message.cause, SLACK_CAUSE_EXCERPT))}\`\`\`` } });
  }
  const label = message.executionArn !== null && message.stateName !== null ? `Open ${message.stateName} in StepLens` : 'Open in StepLens';
  blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: excerpt(label, 75) }, url }] });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: excerpt(slackEscape(`${message.executionArn ?? message.subject} · ${key}`), 2_900) }] });
  return { text: `${slackEscape(headline)} <${url}|Open in StepLens>`, blocks };
}

/** The body text of a delivery in its format. */
export function deliveryBody(format: DeliveryFormat, message: AlertMessage, key: string, dashboardUrl: string): string {
  return JSON.stringify(format === 'slack' ? slackAlertBody(message, key, dashboardUrl) : jsonAlertBody(message, key, dashboardUrl));
}
