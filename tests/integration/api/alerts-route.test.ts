// GET /api/alerts and GET /api/alerts/deliveries called as Next.js calls them, over a store where
// a runner evaluated the configuration's rules and sent through a stub fetch: each rule's state
// (firing since, ok), its episodes, the delivery log with its attempts, the webhook shown without
// its secret path, paging, and the 400 / 503 answers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listAlerts } from '../../../app/api/alerts/route.ts';
import { GET as listDeliveries } from '../../../app/api/alerts/deliveries/route.ts';
import { createAlertRunner } from '../../../lib/alerts/index.ts';
import { parseConfig } from '../../../lib/config/index.ts';
import { ANALYZER_VERSION } from '../../../lib/history/index.ts';
import { failureColumns } from '../../../lib/ingest/derived-fields.ts';
import { closeAllStores, openStore, saveExecutionHistory, type Store } from '../../../lib/store/index.ts';
import { callRoute, serveStoreToRoutes } from '../../helpers/route-handlers.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
const execution = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:Orders:${name}`;
const SLACK = 'https://hooks.slack.example/services/T000/B000/SECRET';
const CONFIG = {
  alerts: [
    { name: 'failed', when: { status: ['FAILED'] }, webhook: 'http://receiver.test/hook', maxPerMinute: 600 },
    { name: 'rate', when: { failureRate: { above: 0.5, windowMinutes: 15, minExecutions: 2 } }, webhook: SLACK, format: 'slack' },
    { name: 'stuck', when: { runningLongerThanMs: 3_600_000 }, webhook: 'http://receiver.test/stuck' },
  ],
};
let dir = '';
let store: Store;
let restoreEnv = (): void => undefined;
const now = Date.now();

async function save(name: string, status: string): Promise<void> {
  await saveExecutionHistory(store, {
    stateMachine: { stateMachineArn: MACHINE, name: 'Orders', type: 'STANDARD' },
    execution: {
      executionArn: execution(name),
      stateMachineArn: MACHINE,
      name,
      status,
      startDate: new Date(now - 120_000),
      stopDate: new Date(now - 60_000),
      input: '{}',
      output: null,
      error: status === 'FAILED' ? 'Payment.Declined' : null,
      cause: status === 'FAILED' ? 'card declined' : null,
      redriveCount: 0,
      historyComplete: true,
      partial: false,
      failure: status === 'FAILED' ? failureColumns(MACHINE, { stateName: 'Charge', error: 'Payment.Declined', cause: 'card declined', rootCause: null }) : null,
    },
    events: [],
    runs: [],
    analyzerVersion: ANALYZER_VERSION,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-alerts-route-'));
  const url = `file:${join(dir, 'store.db')}`;
  restoreEnv = serveStoreToRoutes(url);
  const configFile = join(dir, 'steplens.config.json');
  writeFileSync(configFile, JSON.stringify(CONFIG));
  process.env.STEPLENS_CONFIG = configFile;
  store = await openStore(url);
  await save('a', 'FAILED');
  await save('b', 'FAILED');
  await save('c', 'SUCCEEDED');
  // The receiver answers the JSON hook 200, Slack 404 (a revoked webhook: given up at once).
  const fetchStub = (async (input: string | URL | Request) => new Response(String(input).startsWith(SLACK) ? 'no_service' : 'ok', { status: String(input).startsWith(SLACK) ? 404 : 200 })) as typeof fetch;
  const rules = parseConfig(JSON.stringify(CONFIG), 'test').alerts;
  const runner = createAlertRunner({ store, rules, dashboardUrl: 'http://127.0.0.1:3000', owner: 'route-test', fetch: fetchStub });
  await runner.evaluate();
  await runner.sendDue();
  await runner.stop();
}, 60_000);

afterAll(async () => {
  await closeAllStores();
  restoreEnv();
});

describe('GET /api/alerts', () => {
  it('lists the configured rules with their state and counts', async () => {
    const { status, body } = await callRoute(listAlerts, '/api/alerts');
    expect(status).toBe(200);
    expect(body.configuredIn).toMatch(/steplens\.config\.json$/);
    const items = body.items as Array<Record<string, unknown>>;
    expect(items.map((i) => [i.name, i.kind, i.state])).toEqual([
      ['failed', 'status', 'firing'],
      ['rate', 'failureRate', 'firing'],
      ['stuck', 'runningLongerThanMs', 'ok'],
    ]);
    expect(items[0]).toMatchObject({ description: 'An execution of any state machine ends FAILED (ended in the last 60 min)', webhook: 'http://receiver.test/…', format: 'json', deliveries: 2, pending: 0, failed: 0, firedLast24h: 2, firing: [] });
    expect(typeof items[0]?.since).toBe('string');
    expect(items[1]).toMatchObject({ webhook: 'https://hooks.slack.example/…', deliveries: 1, failed: 1, firing: [{ subject: MACHINE, episode: 1, valueText: '66.7 %' }] });
    expect(JSON.stringify(body)).not.toContain('SECRET');
    expect(items[2]).toMatchObject({ since: null, lastFiredAt: null, deliveries: 0 });
  });

  it('answers 503 naming the file and field when the configuration is invalid', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ alerts: [{ name: 'x', when: {}, webhook: 'http://x' }] }));
    const saved = process.env.STEPLENS_CONFIG;
    process.env.STEPLENS_CONFIG = bad;
    try {
      const { status, body } = await callRoute(listAlerts, '/api/alerts');
      expect(status).toBe(503);
      expect(body.error).toMatch(/bad\.json: alerts\[0\]\.when: needs exactly one of/);
    } finally {
      process.env.STEPLENS_CONFIG = saved;
    }
  });
});

describe('GET /api/alerts/deliveries', () => {
  it('the delivery log, newest first, each attempt, headline and link; filters and paging', async () => {
    const { status, body } = await callRoute(listDeliveries, '/api/alerts/deliveries');
    expect(status).toBe(200);
    const items = body.items as Array<Record<string, unknown>>;
    expect(items).toHaveLength(3);
    expect(body.nextCursor).toBeNull();
    const failed = items.find((i) => i.rule === 'failed' && i.executionArn === execution('a'));
    expect(failed).toMatchObject({
      state: 'firing',
      key: `failed|${execution('a')}|1|firing`,
      status: 'delivered',
      webhook: 'http://receiver.test/…',
      headline: 'failed: Orders execution ended at Charge — Payment.Declined',
      url: `http://127.0.0.1:3000/executions/${encodeURIComponent(execution('a'))}?state=Charge`,
      attempts: [{ attempt: 1, httpStatus: 200, error: null }],
    });
    const slack = items.find((i) => i.rule === 'rate');
    expect(slack).toMatchObject({ status: 'failed', format: 'slack', attempts: [{ attempt: 1, httpStatus: 404 }], url: `http://127.0.0.1:3000/state-machines/${encodeURIComponent(MACHINE)}` });
    expect(String(slack?.lastError)).toBe('HTTP 404: no_service; not retried (HTTP 404: the receiver refused the request)');
    expect(String(slack?.headline)).toMatch(/^rate: Orders failure rate 66\.7 % over 15 min/);
    expect(JSON.stringify(body)).not.toContain('SECRET');

    const first = await callRoute(listDeliveries, '/api/alerts/deliveries?limit=2');
    expect((first.body.items as unknown[]).length).toBe(2);
    const second = await callRoute(listDeliveries, `/api/alerts/deliveries?limit=2&cursor=${String(first.body.nextCursor)}`);
    expect((second.body.items as unknown[]).length).toBe(1);
    expect(second.body.nextCursor).toBeNull();
    expect([...(first.body.items as Array<{ id: number }>), ...(second.body.items as Array<{ id: number }>)].map((i) => i.id)).toEqual(items.map((i) => i.id));

    const onlyFailed = await callRoute(listDeliveries, '/api/alerts/deliveries?status=failed');
    expect((onlyFailed.body.items as Array<{ rule: string }>).map((i) => i.rule)).toEqual(['rate']);
    const byRule = await callRoute(listDeliveries, '/api/alerts/deliveries?rule=failed');
    expect((byRule.body.items as unknown[]).length).toBe(2);
  });

  it('400 naming a bad parameter', async () => {
    expect(await callRoute(listDeliveries, '/api/alerts/deliveries?limit=0')).toEqual({ status: 400, body: { error: 'limit: must be a whole number from 1 to 500' } });
    expect(await callRoute(listDeliveries, '/api/alerts/deliveries?status=sent')).toEqual({ status: 400, body: { error: 'status: must be one of pending, delivered, failed' } });
    expect((await callRoute(listDeliveries, '/api/alerts/deliveries?cursor=x')).status).toBe(400);
  });
});
