// Redaction in the browser (README "Redaction"): `steplens start` with a steplens.config.json
// whose "redaction" section adds paths to the default keys (mode display), over executions
// imported with `steplens import` whose input, task parameters and results, output, cause and
// definition hold secrets. The execution page, its step panel, events and definition views, the
// diff page and the state machine page show "[redacted]" and never a secret, and neither does
// the HTML the server sends (server-rendered markup and the RSC payload inlined in it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { runSteplens } from '../helpers/run-steplens';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Checkout';
const arnOf = (name: string) => `${MACHINE.replace(':stateMachine:', ':execution:')}:${name}`;
const PAID = arnOf('paid');
const PAID_AGAIN = arnOf('paid-again');
const DECLINED = arnOf('declined');

// Every secret contains "SECRET"; nothing the browser receives may.
const definition = {
  StartAt: 'Charge',
  States: {
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'charge', Headers: { Authorization: 'Bearer def-SECRET-9' }, 'Payload.$': '$' },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

function history(startSeconds: number, variant: 'paid' | 'paid-again' | 'declined'): unknown {
  const t = (s: number) => new Date((startSeconds + s) * 1000).toISOString();
  const input = JSON.stringify({
    orderId: `ORD-${variant}`,
    customer: { email: `ann.SECRET.${variant}@example.com`, name: 'Ann Visible' },
    password: `pw-SECRET-${variant}`,
    items: [{ sku: 'A-1', card: { number: '4111-SECRET-2' } }],
    // Only one side has it: the diff lists it as added, redacted.
    ...(variant === 'paid-again' ? { apiKey: 'key-SECRET-again' } : {}),
  });
  const res = { resourceType: 'lambda', resource: 'invoke' };
  const events: Record<string, unknown>[] = [
    { id: 1, previousEventId: 0, timestamp: t(0), type: 'ExecutionStarted', executionStartedEventDetails: { input, roleArn: 'arn:aws:iam::123456789012:role/r' } },
    { id: 2, previousEventId: 1, timestamp: t(1), type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Charge', input } },
    { id: 3, previousEventId: 2, timestamp: t(1), type: 'TaskScheduled', taskScheduledEventDetails: { ...res, region: 'us-east-1', parameters: JSON.stringify({ FunctionName: 'charge', Payload: { apiKey: 'key-SECRET-4', amount: 5 } }) } },
    { id: 4, previousEventId: 3, timestamp: t(1), type: 'TaskStarted', taskStartedEventDetails: res },
  ];
  if (variant === 'declined') {
    const cause = JSON.stringify({ errorMessage: 'login failed password=pw-SECRET-7', errorType: 'AuthError', stackTrace: ['at charge (token=tok-SECRET-8)'] });
    events.push(
      { id: 5, previousEventId: 4, timestamp: t(2), type: 'TaskFailed', taskFailedEventDetails: { ...res, error: 'AuthError', cause } },
      { id: 6, previousEventId: 5, timestamp: t(2), type: 'ExecutionFailed', executionFailedEventDetails: { error: 'AuthError', cause } },
    );
  } else {
    events.push(
      { id: 5, previousEventId: 4, timestamp: t(2), type: 'TaskSucceeded', taskSucceededEventDetails: { ...res, output: JSON.stringify({ Payload: { accessToken: 'tok-SECRET-5', status: 'ok' } }) } },
      { id: 6, previousEventId: 5, timestamp: t(2), type: 'TaskStateExited', stateExitedEventDetails: { name: 'Charge', output: JSON.stringify({ status: 'ok', session: { cookie: 'ck-SECRET-6' } }) } },
      { id: 7, previousEventId: 6, timestamp: t(3), type: 'SucceedStateEntered', stateEnteredEventDetails: { name: 'Done', input: '{"status":"ok"}' } },
      { id: 8, previousEventId: 7, timestamp: t(3), type: 'SucceedStateExited', stateExitedEventDetails: { name: 'Done', output: '{"status":"ok"}' } },
      { id: 9, previousEventId: 8, timestamp: t(3), type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: JSON.stringify({ ok: true, session: { cookie: 'ck-SECRET-6' }, receipt: 'R-1' }) } },
    );
  }
  return { definition, events };
}

let server: RunningServer;
let browser: Browser;
let page: Page;
let dir = '';
const savedConfig = process.env.STEPLENS_CONFIG;

const pageUrl = (arn: string, query = '') => `${server.baseUrl}/executions/${encodeURIComponent(arn)}${query}`;
const node = (name: string) => page.locator(`[data-testid="graph-view"] g.wg-node[data-state-name="${name}"]`);

/** The HTML the server sends for `url`: markup and the inlined RSC payload. */
async function html(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-redaction-e2e-'));
  const config = join(dir, 'steplens.config.json');
  writeFileSync(config, JSON.stringify({ redaction: { mode: 'display', paths: ['$.customer.email', '$.items[*].card'] } }));
  process.env.STEPLENS_CONFIG = config; // the server and the import commands inherit it
  server = await startSteplensServer();
  const now = Math.floor(Date.now() / 1000) - 600;
  for (const [arn, variant, at] of [[PAID, 'paid', now], [PAID_AGAIN, 'paid-again', now + 60], [DECLINED, 'declined', now + 120]] as const) {
    const file = join(dir, `${variant}.json`);
    writeFileSync(file, JSON.stringify(history(at, variant)));
    const imported = await runSteplens(['import', '--execution-arn', arn, file], { env: server.env });
    if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (savedConfig === undefined) delete process.env.STEPLENS_CONFIG;
  else process.env.STEPLENS_CONFIG = savedConfig;
  rmSync(dir, { recursive: true, force: true });
});

describe('redaction in the dashboard', () => {
  it('the execution page shows [redacted] for the input, output and definition, and its HTML holds no secret', async () => {
    for (const arn of [PAID, PAID_AGAIN, DECLINED]) {
      const sent = await html(pageUrl(arn));
      expect(sent, arn).not.toContain('SECRET');
      expect(sent).toContain('[redacted]');
    }
    await page.goto(pageUrl(PAID));
    const view = page.locator('[data-testid="execution-page"]');
    await expect.poll(() => view.textContent()).toContain('[redacted]');
    expect(await view.textContent()).toContain('Ann Visible');
    expect(await page.content()).not.toContain('SECRET');
    await page.screenshot({ path: join(screenshotDir, 'redaction-execution-page.png'), fullPage: true });

    await page.click('[data-view="definition"]');
    const definitionView = page.locator('[data-testid="definition-json"]');
    await expect.poll(() => definitionView.textContent()).toContain('StartAt');
    // Open every collapsed level of the JSON view.
    for (let round = 0; round < 10; round++) {
      const closed = definitionView.locator('.jv-summary');
      if ((await closed.count()) === 0) break;
      await closed.first().click();
    }
    await expect.poll(() => definitionView.textContent()).toContain('Authorization');
    expect(await definitionView.textContent()).toContain('[redacted]');
    expect(await definitionView.textContent()).not.toContain('SECRET');
  });

  it('the step panel (input, parameters, result, output) and the events view show [redacted], never a secret', async () => {
    await page.goto(pageUrl(PAID));
    await node('Charge').first().click();
    const panel = page.locator('[data-testid="step-panel"]');
    await expect.poll(() => panel.getAttribute('data-state-name')).toBe('Charge');
    await expect.poll(() => panel.locator('[data-testid="step-input"]').textContent()).not.toMatch(/loading|not recorded/i);
    await expect.poll(() => panel.textContent()).toContain('[redacted]');
    const text = (await panel.textContent()) ?? '';
    expect(text).not.toContain('SECRET');
    expect(text).toContain('amount');
    await page.screenshot({ path: join(screenshotDir, 'redaction-step-panel.png'), fullPage: true });

    await page.goto(pageUrl(DECLINED));
    const banner = page.locator('[data-testid="failure-banner"]');
    await expect.poll(() => banner.textContent()).toContain('AuthError');
    expect(await banner.textContent()).toContain('password=[redacted]');
    await page.click('[data-testid="show-failing-step"]');
    await expect.poll(() => panel.locator('[data-testid="step-error"]').textContent()).toContain('[redacted]');
    expect(await panel.textContent()).not.toContain('SECRET');

    // The events view: TaskScheduled's parameters, expanded.
    await page.click('[data-view="events"]');
    const scheduledRow = page.locator('.ev-row[data-event-id="3"] .ev-line');
    await expect.poll(() => scheduledRow.count()).toBe(1);
    await scheduledRow.click();
    const details = page.locator('[data-testid="event-details"]');
    await expect.poll(() => details.textContent()).toContain('apiKey');
    expect(await details.textContent()).toContain('[redacted]');
    expect(await page.content()).not.toContain('SECRET');
  });

  it('the diff page lists the changed input with the added secret redacted, and its HTML holds no secret', async () => {
    const url = `${server.baseUrl}/executions/diff?a=${encodeURIComponent(PAID)}&b=${encodeURIComponent(PAID_AGAIN)}`;
    const sent = await html(url);
    expect(sent).not.toContain('SECRET');
    expect(sent).toContain('[redacted]');
    await page.goto(url);
    const diff = page.locator('[data-testid="execution-diff"]');
    await expect.poll(() => diff.textContent()).toContain('apiKey');
    expect(await diff.textContent()).toContain('[redacted]');
    expect(await diff.textContent()).toContain('ORD-paid');
    expect(await page.content()).not.toContain('SECRET');
    await page.screenshot({ path: join(screenshotDir, 'redaction-diff.png'), fullPage: true });

    // The picker (?a= alone) embeds A and the candidates.
    const picker = await html(`${server.baseUrl}/executions/diff?a=${encodeURIComponent(DECLINED)}`);
    expect(picker).not.toContain('SECRET');
  });

  it('the lists and the state machine page hold no secret, and text search does not find one', async () => {
    for (const url of [`${server.baseUrl}/executions`, `${server.baseUrl}/state-machines/${encodeURIComponent(MACHINE)}`, `${server.baseUrl}/`]) {
      expect(await html(url), url).not.toContain('SECRET');
    }
    const api = (await (await fetch(`${server.baseUrl}/api/executions?text=${encodeURIComponent('pw-SECRET')}`)).json()) as { items: unknown[] };
    expect(api.items).toEqual([]);
    const visible = (await (await fetch(`${server.baseUrl}/api/executions?text=${encodeURIComponent('Ann Visible')}`)).json()) as { items: unknown[] };
    expect(visible.items).toHaveLength(3);
    // Rendered, with its client-side requests (graph, figures, executions) answered.
    await page.goto(`${server.baseUrl}/state-machines/${encodeURIComponent(MACHINE)}`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.locator('g.wg-node[data-state-name="Charge"]').count()).toBeGreaterThan(0);
    expect(await page.content()).not.toContain('SECRET');
  });
});
