import { describe, expect, it } from 'vitest';
import { alertRedactor, jsonAlertBody, slackAlertBody, type AlertMessage } from '../../../lib/alerts/index.ts';
import { compileRedactionRules } from '../../../lib/history/index.ts';

const EXEC = 'arn:aws:states:us-east-1:123456789012:execution:order-fulfilment:run-1';

const message: AlertMessage = {
  rule: 'orders failed',
  kind: 'status',
  state: 'firing',
  subject: EXEC,
  executionArn: EXEC,
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:order-fulfilment',
  stateMachineName: 'order-fulfilment',
  stateName: 'ChargeCard',
  error: 'Auth.Failed token=err-secret',
  cause: JSON.stringify({ errorMessage: 'rejected: apiKey=cause-secret', request: { headers: { Authorization: 'Bearer hdr-secret' } } }),
  failingRun: null,
  clusterId: null,
  clusterSize: null,
  sampleExecutionArn: null,
  value: null,
  threshold: null,
  windowMinutes: null,
  at: Date.UTC(2026, 11, 3),
  since: null,
};

describe('alert redaction', () => {
  it('redacts the cause and the error name before either body is made', () => {
    const redacted = alertRedactor(compileRedactionRules())(message);
    expect(JSON.parse(redacted.cause as string)).toEqual({ errorMessage: 'rejected: apiKey=[redacted]', request: { headers: { Authorization: '[redacted]' } } });
    expect(redacted.error).toBe('Auth.Failed token=[redacted]');
    const bodies = JSON.stringify([jsonAlertBody(redacted, 'k', 'http://x/'), slackAlertBody(redacted, 'k', 'http://x/')]);
    for (const secret of ['err-secret', 'cause-secret', 'hdr-secret']) expect(bodies).not.toContain(secret);
    expect(message.cause).toContain('cause-secret'); // never mutates
  });

  it('passes a message with nothing to redact through unchanged', () => {
    const clean = { ...message, error: 'Payment.Declined', cause: 'Card ending 4242 was declined' };
    expect(alertRedactor(compileRedactionRules())(clean)).toBe(clean);
    expect(alertRedactor(compileRedactionRules({ defaults: false }))(message)).toBe(message);
  });
});
