import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERT_DEFAULTS, ConfigError, parseConfig, resolveAlertRules, resolveSources } from '../../../lib/config/index.ts';

const FILE = 'steplens.config.json';
const SOURCES = [{ kind: 'endpoint', endpoint: 'http://127.0.0.1:8083' }];
const HOOK = 'http://127.0.0.1:9999/hook';

function config(alerts: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ sources: SOURCES, alerts, ...extra });
}

function errorOf(text: string): string {
  try {
    parseConfig(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigError');
}

describe('alert rules in steplens.config.json', () => {
  it('reads every rule kind with its defaults', () => {
    const parsed = parseConfig(
      config(
        [
          { name: 'orders fail', when: { stateMachine: 'order-*', status: ['FAILED', 'TIMED_OUT', 'FAILED'], error: 'States.*' }, webhook: HOOK, format: 'slack' },
          { name: 'rate', when: { failureRate: { above: 0.1, windowMinutes: 15, minExecutions: 20 } }, webhook: HOOK, maxPerMinute: 5 },
          { name: 'slow', when: { stateMachine: 'arn:aws:states:*:stateMachine:etl', durationP95Ms: { above: 60000, windowMinutes: 60 } }, webhook: HOOK },
          { name: 'stuck', when: { runningLongerThanMs: 3_600_000 }, webhook: HOOK },
          { name: 'new cluster', when: { newFailureCluster: {} }, webhook: HOOK },
        ],
        { dashboardUrl: 'https://steplens.example.com' },
      ),
      FILE,
    );
    expect(parsed.dashboardUrl).toBe('https://steplens.example.com');
    expect(parsed.alerts).toEqual([
      { name: 'orders fail', kind: 'status', stateMachine: 'order-*', statuses: ['FAILED', 'TIMED_OUT'], error: 'States.*', lookbackMinutes: 60, webhook: HOOK, format: 'slack', maxPerMinute: 20 },
      { name: 'rate', kind: 'failureRate', stateMachine: '*', above: 0.1, windowMinutes: 15, minExecutions: 20, webhook: HOOK, format: 'json', maxPerMinute: 5 },
      { name: 'slow', kind: 'durationP95Ms', stateMachine: 'arn:aws:states:*:stateMachine:etl', above: 60000, windowMinutes: 60, minExecutions: 1, webhook: HOOK, format: 'json', maxPerMinute: 20 },
      { name: 'stuck', kind: 'runningLongerThanMs', stateMachine: '*', limitMs: 3_600_000, webhook: HOOK, format: 'json', maxPerMinute: 20 },
      { name: 'new cluster', kind: 'newFailureCluster', stateMachine: '*', error: null, windowMinutes: ALERT_DEFAULTS.newClusterWindowMinutes, webhook: HOOK, format: 'json', maxPerMinute: 20 },
    ]);
    expect(parseConfig(JSON.stringify({ sources: SOURCES }), FILE).alerts).toEqual([]);
  });

  it('names the field of a bad rule in one line', () => {
    expect(errorOf(config([{ name: 'x', when: {}, webhook: HOOK }]))).toBe(
      'steplens.config.json: alerts[0].when: needs exactly one of status, failureRate, durationP95Ms, runningLongerThanMs, newFailureCluster',
    );
    expect(errorOf(config([{ name: 'x', when: { status: ['FAILED'], runningLongerThanMs: 5000 }, webhook: HOOK }]))).toBe(
      'steplens.config.json: alerts[0].when: needs exactly one of status, failureRate, durationP95Ms, runningLongerThanMs, newFailureCluster (has status and runningLongerThanMs)',
    );
    expect(errorOf(config([{ name: 'x', when: { status: ['ABORTED'] }, webhook: HOOK }]))).toBe('steplens.config.json: alerts[0].when.status[0]: must be "FAILED" or "TIMED_OUT"');
    expect(errorOf(config([{ name: 'x', when: { status: [] }, webhook: HOOK }]))).toBe('steplens.config.json: alerts[0].when.status: needs at least one status');
    expect(errorOf(config([{ name: 'x', when: { failureRate: { above: 10, windowMinutes: 15 } }, webhook: HOOK }]))).toBe(
      'steplens.config.json: alerts[0].when.failureRate.above: must be a fraction below 1 (0.1 = 10 %)',
    );
    expect(errorOf(config([{ name: 'x', when: { failureRate: { above: 0.1 } }, webhook: HOOK }]))).toBe('steplens.config.json: alerts[0].when.failureRate.windowMinutes: required (number)');
    expect(errorOf(config([{ name: 'x', when: { durationP95Ms: { above: 5, windowMinutes: 1.5 } }, webhook: HOOK }]))).toBe(
      'steplens.config.json: alerts[0].when.durationP95Ms.windowMinutes: must be a whole number of minutes',
    );
    expect(errorOf(config([{ name: 'x', when: { runningLongerThanMs: 10 }, webhook: HOOK }]))).toBe('steplens.config.json: alerts[0].when.runningLongerThanMs: must be at least 1000 (ms)');
    expect(errorOf(config([{ name: 'x', when: { runningLongerThanMs: 5000, error: 'E' }, webhook: HOOK }]))).toBe('steplens.config.json: alerts[0].when.error: only with status or newFailureCluster');
    expect(errorOf(config([{ name: 'x', when: { status: ['FAILED'], statemachine: 'a' }, webhook: HOOK }]))).toBe('steplens.config.json: alerts[0].when: unknown field "statemachine"');
    expect(errorOf(config([{ name: 'x', when: { status: ['FAILED'] }, webhook: 'hooks.slack.com/x' }]))).toBe('steplens.config.json: alerts[0].webhook: must be an http:// or https:// URL');
    expect(errorOf(config([{ name: 'x', when: { status: ['FAILED'] } }]))).toBe('steplens.config.json: alerts[0].webhook: required (string)');
    expect(errorOf(config([{ name: 'x', when: { status: ['FAILED'] }, webhook: HOOK, format: 'teams' }]))).toBe('steplens.config.json: alerts[0].format: must be "json" or "slack"');
    expect(errorOf(config([{ name: 'a|b', when: { status: ['FAILED'] }, webhook: HOOK }]))).toBe('steplens.config.json: alerts[0].name: 1–120 characters, no "|", not starting with a space');
    expect(
      errorOf(
        config([
          { name: 'same', when: { status: ['FAILED'] }, webhook: HOOK },
          { name: 'same', when: { runningLongerThanMs: 5000 }, webhook: HOOK },
        ]),
      ),
    ).toBe('steplens.config.json: alerts[1].name: duplicate rule name "same"');
    expect(errorOf('{"poll":{"intervalMs":1000}}')).toBe('steplens.config.json: sources: required (array), unless the file has alerts or redaction');
  });

  it('a file with alerts and no sources takes its source from AWS_ENDPOINT_URL_SFN (the demo) and keeps its alerts', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'steplens-alerts-config-'));
    writeFileSync(path.join(dir, FILE), JSON.stringify({ alerts: [{ name: 'fail', when: { status: ['FAILED'] }, webhook: HOOK }], poll: { intervalMs: 1000 } }));
    const none = resolveSources({}, dir);
    expect(none).toEqual({ configured: false, reason: 'no source configured (steplens.config.json has alerts but no sources)' });
    const demo = resolveSources({ AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:8083' }, dir);
    expect(demo.configured).toBe(true);
    if (!demo.configured) return;
    expect(demo.config.sources.map((s) => s.id)).toEqual(['endpoint:http://127.0.0.1:8083']);
    expect(demo.config.alerts.map((r) => r.name)).toEqual(['fail']);
    expect(demo.config.poll.intervalMs).toBe(1000);
    // The same for a file STEPLENS_CONFIG names.
    writeFileSync(path.join(dir, 'named.json'), JSON.stringify({ alerts: [{ name: 'named', when: { status: ['FAILED'] }, webhook: HOOK }] }));
    expect(resolveSources({ STEPLENS_CONFIG: 'named.json' }, dir).configured).toBe(false);
    const named = resolveSources({ STEPLENS_CONFIG: 'named.json', AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:8083' }, dir);
    expect(named.configured && named.config.alerts.map((r) => r.name)).toEqual(['named']);
    expect(named.configured && named.config.sources).toHaveLength(1);
    expect(resolveAlertRules({}, dir)).toMatchObject({ origin: FILE, alerts: [{ name: 'fail', kind: 'status' }], dashboardUrl: null });
    expect(resolveAlertRules({}, mkdtempSync(path.join(tmpdir(), 'steplens-no-config-')))).toEqual({ origin: null, alerts: [], dashboardUrl: null });
  });
});
