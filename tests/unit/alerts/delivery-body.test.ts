import { describe, expect, it } from 'vitest';
import { alertUrl, jsonAlertBody, slackAlertBody, type AlertMessage } from '../../../lib/alerts/index.ts';

const ORDERS = 'arn:aws:states:us-east-1:123456789012:stateMachine:order-fulfilment';
const EXEC = 'arn:aws:states:us-east-1:123456789012:execution:order-fulfilment:run-1';
const AT = Date.UTC(2026, 11, 3, 12, 0, 0);
const BASE = 'https://steplens.example.com/';

const failed: AlertMessage = {
  rule: 'orders failed',
  kind: 'status',
  state: 'firing',
  subject: EXEC,
  executionArn: EXEC,
  stateMachineArn: ORDERS,
  stateMachineName: 'order-fulfilment',
  stateName: 'Charge <Card>',
  error: 'Payment.Declined',
  cause: `{"errorMessage":"declined & ${'x'.repeat(600)}"}`,
  failingRun: { ordinal: 7, mapIndex: [2, 0] },
  clusterId: 'abc',
  clusterSize: 12,
  sampleExecutionArn: null,
  value: null,
  threshold: null,
  windowMinutes: null,
  at: AT,
  since: null,
};

describe('delivery bodies', () => {
  it('links to the execution at its failing run, else the machine', () => {
    expect(alertUrl(failed, BASE)).toBe(`https://steplens.example.com/executions/${encodeURIComponent(EXEC)}?state=Charge+%3CCard%3E&run=7&iter=2%2C0`);
    expect(alertUrl({ ...failed, failingRun: null, stateName: null }, BASE)).toBe(`https://steplens.example.com/executions/${encodeURIComponent(EXEC)}`);
    const rate = { ...failed, kind: 'failureRate' as const, executionArn: null, sampleExecutionArn: EXEC, subject: ORDERS };
    expect(alertUrl(rate, BASE)).toBe(`https://steplens.example.com/state-machines/${encodeURIComponent(ORDERS)}`);
  });

  it('JSON: §2.8 fields and the idempotency key', () => {
    const body = jsonAlertBody(failed, 'k|1', BASE);
    expect(body).toMatchObject({
      rule: 'orders failed',
      state: 'firing',
      idempotencyKey: 'k|1',
      executionArn: EXEC,
      stateMachineArn: ORDERS,
      error: 'Payment.Declined',
      cause: failed.cause,
      stateName: 'Charge <Card>',
      url: alertUrl(failed, BASE),
      clusterSize: 12,
      at: '2026-12-03T12:00:00.000Z',
      since: null,
    });
  });

  it('Slack: text and blocks with the failing state, error, a cause excerpt, the cluster size and a button to the run, escaped', () => {
    const message = slackAlertBody(failed, 'k|1', BASE);
    const text = JSON.stringify(message);
    expect(message.text).toBe(`🔴 orders failed: order-fulfilment execution ended at Charge &lt;Card&gt; — Payment.Declined <${alertUrl(failed, BASE)}|Open in StepLens>`);
    expect(text).toContain('*Failing state*\\nCharge &lt;Card&gt;');
    expect(text).toContain('*Error*\\n`Payment.Declined`');
    expect(text).toContain('*Cluster*\\n12 failures in 24 h');
    // mrkdwn text is escaped (plain_text, as in the button, is not markup).
    const mrkdwn = [...text.matchAll(/"type":"mrkdwn","text":"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('\n');
    expect(mrkdwn).toContain('Charge &lt;Card&gt;');
    expect(mrkdwn).not.toContain('<Card>');
    const cause = message.blocks.find((b) => JSON.stringify(b).includes('*Cause*')) as { text: { text: string } };
    expect(cause.text.text).toContain('declined &amp; xxx');
    // 500 characters of the cause at most (before escaping), ending with an ellipsis.
    expect(cause.text.text.length).toBeLessThan(530);
    expect(cause.text.text).toContain('…```');
    const actions = message.blocks.find((b) => (b as { type: string }).type === 'actions') as { elements: Array<{ url: string; text: { text: string } }> };
    expect(actions.elements[0]).toMatchObject({ url: alertUrl(failed, BASE), text: { text: 'Open Charge <Card> in StepLens' } });
  });

  it('Slack: a resolved rate episode says it is back under the threshold', () => {
    const resolved: AlertMessage = { ...failed, kind: 'failureRate', state: 'resolved', executionArn: null, stateName: null, error: null, cause: null, clusterSize: null, value: 0.05, threshold: 0.1, windowMinutes: 15, subject: ORDERS };
    const message = slackAlertBody(resolved, 'k', BASE);
    expect(message.text).toMatch(/^✅ orders failed: order-fulfilment failure rate back to 5 % \(threshold 10 %\)/);
    expect(JSON.stringify(message.blocks)).toContain('orders failed — resolved');
  });
});
