import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeExecution, compileRedactionRules, decodePayload, parseHistory, REDACTED, redactEvent, redactEvents } from '../../../lib/history/index.ts';
import { ev, execStarted, exited, scheduled, started } from './build-events.ts';

const rules = compileRedactionRules({ paths: ['$.customer.email'] });

const SECRETS = ['hunter2', 'ann@example.com', 'tok-abc', '4111111111111111', 'var-secret', 'cause-secret'];

/** A failed-then-retried Task whose input, parameters, results, variables and causes carry secrets. */
function secretHistory(): Record<string, unknown>[] {
  const input = JSON.stringify({ customer: { email: 'ann@example.com', name: 'Ann' }, password: 'hunter2' });
  return [
    { ...execStarted(), executionStartedEventDetails: { input, roleArn: 'arn:aws:iam::123456789012:role/r' } },
    ev(2, 1, 'TaskStateEntered', { name: 'Charge', input }),
    { ...scheduled(3, 2), taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: JSON.stringify({ Payload: { card: '4111111111111111' } }) } },
    started(4, 3),
    ev(5, 4, 'TaskFailed', { resourceType: 'lambda', resource: 'invoke', error: 'Payment.Error', cause: JSON.stringify({ errorMessage: 'rejected token=cause-secret', errorType: 'Payment.Error' }) }),
    { ...scheduled(6, 5), taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: { Payload: { card: '4111111111111111' } } } },
    started(7, 6),
    ev(8, 7, 'TaskSucceeded', { resourceType: 'lambda', resource: 'invoke', output: JSON.stringify({ Payload: { accessToken: 'tok-abc', ok: true } }) }),
    { ...exited(9, 8, 'Task', 'Charge'), stateExitedEventDetails: { name: 'Charge', output: '{"ok":true}', assignedVariables: { apiSecret: '"var-secret"', count: '1' } } },
    ev(10, 9, 'ExecutionSucceeded', { output: JSON.stringify({ ok: true, authorization: 'Bearer tok-abc' }) }),
  ];
}

describe('redactEvent', () => {
  it('redacts the payload fields of details and raw alike, leaving AWS fields', () => {
    const { events } = parseHistory(secretHistory());
    const redacted = redactEvents(events, rules);
    const text = JSON.stringify(redacted.map((e) => ({ details: e.details, raw: e.raw })));
    for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
    const scheduledEvent = redacted[2];
    expect(scheduledEvent?.details).toEqual({ resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: '{"Payload":{"card":"[redacted]"}}' });
    expect((scheduledEvent?.raw as Record<string, unknown>).taskScheduledEventDetails).toBe(scheduledEvent?.details);
    expect(redacted[5]?.details.parameters).toEqual({ Payload: { card: REDACTED } }); // parsed form stays parsed
    expect(redacted[8]?.details.assignedVariables).toEqual({ apiSecret: REDACTED, count: '1' });
    expect(redacted[0]?.details.roleArn).toBe('arn:aws:iam::123456789012:role/r');
    expect(JSON.parse(redacted[0]?.details.input as string)).toEqual({ customer: { email: REDACTED, name: 'Ann' }, password: REDACTED });
  });

  it('keeps the analysis: same runs, statuses, attempts and errors', () => {
    const { events } = parseHistory(secretHistory());
    const before = analyzeExecution(events);
    const after = analyzeExecution([...redactEvents(events, rules)]);
    const shape = (a: typeof before) => ({ status: a.status, runs: a.runs.map((r) => [r.stateName, r.status, r.attempts, r.durationMs, r.taskAttempts?.map((t) => [t.status, t.error])]) });
    expect(shape(after)).toEqual(shape(before));
    expect(JSON.stringify(after)).not.toMatch(new RegExp(SECRETS.join('|')));
  });

  it('returns the same event (and array) when nothing matches', () => {
    const { events } = parseHistory([execStarted(), ev(2, 1, 'ExecutionSucceeded', { output: '{"ok":1}' })]);
    expect(redactEvent(events[0]!, rules)).toBe(events[0]);
    expect(redactEvents(events, rules)).toBe(events);
  });

  it('redacts CloudWatch Logs records (details under `details`)', () => {
    const record = { id: '1', type: 'ExecutionStarted', previous_event_id: '0', event_timestamp: '1700000000000', execution_arn: 'arn:aws:states:us-east-1:1:express:m:e', details: { input: '{"password":"p"}', roleArn: 'r' } };
    const [event] = parseHistory([record]).events;
    const redacted = redactEvent(event!, rules);
    expect(redacted.details.input).toBe('{"password":"[redacted]"}');
    expect((redacted.raw as { details: unknown }).details).toBe(redacted.details);
    expect(record.details.input).toBe('{"password":"p"}');
  });
});

describe('redaction over the recorded AWS corpus', () => {
  const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/aws-histories');
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json'));

  it('keeps every analysis (runs, statuses, attempts, errors, failure state), keeps JSON payloads JSON, and is idempotent', () => {
    const defaults = compileRedactionRules();
    let changedFiles = 0;
    let changedEvents = 0;
    for (const file of files) {
      const { events } = parseHistory(readFileSync(path.join(CORPUS, file), 'utf8'));
      const once = redactEvents(events, defaults);
      expect(redactEvents(once, defaults), file).toBe(once);
      const shape = (list: readonly typeof events[number][]) => {
        const a = analyzeExecution([...list]);
        return { status: a.status, failure: a.failure?.stateName ?? null, error: a.failure?.error ?? null, runs: a.runs.map((r) => [r.stateName, r.status, r.attempts, r.mapIndex.join('.'), r.error]) };
      };
      expect(shape(once), file).toEqual(shape(events));
      const changed = once.filter((e, i) => e !== events[i]);
      for (const event of changed) {
        const original = events[once.indexOf(event)];
        for (const field of ['input', 'output', 'parameters', 'cause']) {
          const before = original?.details[field];
          if (typeof before === 'string' && decodePayload(before).parsed) expect(decodePayload(event.details[field]).parsed, `${file} ${field}`).toBe(true);
        }
      }
      if (changed.length > 0) changedFiles += 1;
      changedEvents += changed.length;
    }
    // The defaults touch few recordings (task tokens, Secrets Manager listings), none of their structure.
    expect(files.length).toBeGreaterThan(500);
    expect(changedFiles).toBeGreaterThan(0);
    expect(changedEvents).toBeLessThan(100);
  });
});
