import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';
import { startWebhookReceiver, type WebhookReceiver } from '../integration/alerts/webhook-receiver';

// The Alerts page over the live demo: `steplens start` with a configuration file that has alerts
// and no sources (so the demo emulator is the source), a loopback webhook receiver answering the
// JSON rule 200 and the Slack rule 500 (its deliveries stay pending, retried). The page lists the
// rules with their state (the ones that fired say "firing since", the rest "ok") and the
// delivery log with each attempt, and says what GET /api/alerts and /api/alerts/deliveries say.

let server: RunningServer;
let receiver: WebhookReceiver;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

interface RuleItem {
  name: string;
  state: 'ok' | 'firing';
  since: string | null;
  deliveries: number;
  firing: Array<{ subject: string }>;
}
interface DeliveryItem {
  key: string;
  rule: string;
  status: string;
  attempts: Array<{ httpStatus: number | null }>;
}

async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 150_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; server log:\n${server.log().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  receiver.answer('/slack', () => 500);
  const dir = mkdtempSync(join(tmpdir(), 'steplens-alerts-e2e-'));
  const configFile = join(dir, 'steplens.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      poll: { intervalMs: 2000 },
      alerts: [
        { name: 'order failures', when: { stateMachine: 'order-*', status: ['FAILED', 'TIMED_OUT'] }, webhook: receiver.url('/json') },
        { name: 'any failure rate', when: { failureRate: { above: 0.01, windowMinutes: 30, minExecutions: 1 } }, webhook: receiver.url('/json') },
        { name: 'slack, receiver down', when: { stateMachine: 'order-fulfilment', status: ['FAILED'] }, webhook: receiver.url('/slack'), format: 'slack' },
        { name: 'stuck for an hour', when: { runningLongerThanMs: 3_600_000 }, webhook: receiver.url('/json') },
      ],
    }),
  );
  server = await startSteplensServer({ demo: true, env: { STEPLENS_CONFIG: configFile } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await receiver?.close();
});

describe('the Alerts page', () => {
  it('lists the rules, their state and the delivery log, as the API says', async () => {
    // The demo's order-fulfilment fails now and then: wait for its first alert to reach the receiver.
    await eventually(async () => receiver.at('/json').some((r) => r.body.rule === 'order failures') && receiver.at('/slack').length >= 2);
    const rules = await eventually(async () => {
      const answer = await getJson<{ items: RuleItem[] }>('/api/alerts');
      const byName = new Map(answer.items.map((r) => [r.name, r]));
      return byName.get('order failures')?.state === 'firing' && byName.get('any failure rate')?.state === 'firing' ? answer.items : null;
    });
    expect(rules.map((r) => r.name)).toEqual(['order failures', 'any failure rate', 'slack, receiver down', 'stuck for an hour']);
    expect(rules.find((r) => r.name === 'stuck for an hour')?.state).toBe('ok');
    // The receiver counts a request when it arrives, the log records the attempt once its answer is
    // read: wait for the log itself to hold the Slack delivery's two failed attempts before the
    // page (which does not refresh) is rendered.
    const slack = await eventually(async () =>
      (await getJson<{ items: DeliveryItem[] }>('/api/alerts/deliveries?limit=100')).items.find((d) => d.rule === 'slack, receiver down' && d.attempts.length >= 2),
    );

    await page.goto(`${server.baseUrl}/alerts`);
    await page.waitForSelector('[data-testid="alert-rules"] tbody tr');
    await page.waitForSelector('[data-testid="alert-deliveries"] tbody tr');
    // The nav links here.
    expect(await page.locator('header nav a[href="/alerts"]').textContent()).toBe('Alerts');

    for (const rule of await getJson<{ items: RuleItem[] }>('/api/alerts').then((a) => a.items)) {
      const row = page.locator(`[data-testid="alert-rules"] tr[data-rule="${rule.name}"]`);
      const state = await row.getAttribute('data-state');
      // A rule may start firing between the API read and the page's (never stop: the window holds).
      if (rule.state === 'firing') expect(state).toBe('firing');
      if (state === 'firing') expect(await row.textContent()).toMatch(/firing\s*since \d{4}-\d{2}-\d{2} /);
      else expect(await row.textContent()).toContain('ok');
    }
    const rateRow = page.locator('[data-testid="alert-rules"] tr[data-rule="any failure rate"]');
    expect(await rateRow.locator('.alert-subjects li').count()).toBeGreaterThan(0);
    expect(await rateRow.textContent()).toMatch(/Failure rate of any state machine above 1 % over 30 min/);
    expect(await page.locator('[data-testid="alert-rules"] tr[data-rule="slack, receiver down"]').textContent()).toMatch(/Slack → http:\/\/127\.0\.0\.1:\d+\/…/);

    const log = await getJson<{ items: DeliveryItem[] }>('/api/alerts/deliveries?limit=100');
    const delivered = log.items.find((d) => d.rule === 'order failures' && d.status === 'delivered') as DeliveryItem;
    const row = page.locator(`[data-testid="alert-deliveries"] tr[data-delivery-key="${delivered.key}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('delivered');
    expect(await row.locator('.alert-attempts li').first().getAttribute('data-http-status')).toBe('200');
    // Its headline links to the execution at its failing state.
    expect(await row.locator('a').first().getAttribute('href')).toMatch(/^\/executions\/arn%3Aaws%3Astates%3A.*\?state=/);
    const slackRow = page.locator(`[data-testid="alert-deliveries"] tr[data-delivery-key="${slack.key}"]`);
    await slackRow.waitFor();
    expect(await slackRow.getAttribute('data-status')).toBe('pending');
    expect(await slackRow.textContent()).toMatch(/next attempt/);
    expect(await slackRow.locator('.alert-attempts li[data-http-status="500"]').count()).toBeGreaterThanOrEqual(2);

    // Filtering the log by rule.
    await page.selectOption('select[aria-label="Rule"]', 'slack, receiver down');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="alert-deliveries"] tbody tr')].every((tr) => tr.getAttribute('data-rule') === 'slack, receiver down'));
    await page.selectOption('select[aria-label="Rule"]', '');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="alert-deliveries"] tbody tr[data-rule="order failures"]').length > 0);

    await page.screenshot({ path: join(screenshotDir, 'alerts-page.png'), fullPage: true });
    await page.screenshot({ path: '/tmp/alerts-page.png', fullPage: false });
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
