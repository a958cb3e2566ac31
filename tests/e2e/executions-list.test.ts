import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ListStateMachinesCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressSdkNodeVersionWarning } from '../../lib/aws/index.ts';
import { Rng } from '../../lib/emulator/demo/prng.ts';
import { orderInput } from '../../lib/emulator/demo/traffic-inputs.ts';
import { ORDER_FULFILMENT } from '../../lib/emulator/demo/workflows/index.ts';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { credentials } from '../helpers/emulator';
import { corpusDir, runSteplens } from '../helpers/run-steplens';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

// The executions list in a real Chromium, over imported recordings and over the live demo:
// filters (status chips, error type, text in input), keyset pages, j/k + Enter, live updates.

const rows = (page: Page) => page.locator('[data-testid="executions-table"] tbody tr');
const files = readdirSync(corpusDir)
  .filter((name) => name.startsWith('scenarios.') && name.endsWith('.json'))
  .sort()
  .slice(0, 14)
  .map((name) => join(corpusDir, name));
const catchRuntime = join(corpusDir, 'scenarios.test_base_scenarios__TestBaseScenarios.test_catch_states_runtime__0.json');
if (!files.includes(catchRuntime)) files.push(catchRuntime);

interface Item {
  executionArn: string;
  name: string;
  status: string;
  error: string | null;
}

let imported: RunningServer;
let demo: RunningServer;
let browser: Browser;
let page: Page;
let all: Item[];

beforeAll(async () => {
  suppressSdkNodeVersionWarning();
  [imported, demo] = await Promise.all([startSteplensServer(), startSteplensServer({ demo: true })]);
  const done = await runSteplens(['import', ...files], { env: imported.env });
  if (done.code !== 0) throw new Error(`import failed: ${done.stderr}`);
  all = ((await (await fetch(`${imported.baseUrl}/api/executions?limit=500`)).json()) as { items: Item[] }).items;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([imported?.stop(), demo?.stop()]);
});

describe('executions list over imported files', () => {
  it('shows counts by status as chips; a chip filters, a second one adds to the filter', async () => {
    await page.goto(`${imported.baseUrl}/executions`);
    await expect.poll(() => rows(page).count()).toBe(all.length);
    const failed = all.filter((e) => e.status === 'FAILED').length;
    expect(failed).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid="status-chip-FAILED"] .chip-count').textContent()).toBe(String(failed));
    await page.screenshot({ path: join(screenshotDir, 'executions-list-imported.png'), fullPage: true });

    await page.click('[data-testid="status-chip-FAILED"]');
    await page.waitForURL(/status=FAILED/);
    await expect.poll(() => rows(page).count()).toBe(failed);
    const succeeded = all.filter((e) => e.status === 'SUCCEEDED').length;
    await page.click('[data-testid="status-chip-SUCCEEDED"]');
    await page.waitForURL(/status=FAILED%2CSUCCEEDED|status=FAILED,SUCCEEDED/);
    await expect.poll(() => rows(page).count()).toBe(failed + succeeded);
    expect(await page.getAttribute('[data-testid="status-chip-FAILED"]', 'aria-pressed')).toBe('true');
  });

  it('filters by exact error type and by text in the input, all in the URL', async () => {
    await page.goto(`${imported.baseUrl}/executions`);
    await page.fill('input[name="error"]', 'States.Runtime');
    await page.click('button[type="submit"]');
    await page.waitForURL(/error=States.Runtime/);
    const withError = all.filter((e) => e.error === 'States.Runtime');
    expect(withError.length).toBeGreaterThan(0);
    await expect.poll(() => rows(page).count()).toBe(withError.length);
    expect(await rows(page).first().getAttribute('data-execution-arn')).toBe(withError[0]?.executionArn);

    // Text from one execution's stored input (the first with a word in it).
    let target: Item | undefined;
    let needle: string | undefined;
    for (const candidate of all) {
      const detail = (await (await fetch(`${imported.baseUrl}/api/executions/${encodeURIComponent(candidate.executionArn)}`)).json()) as { execution: { input: string | null } };
      needle = (detail.execution.input ?? '').match(/"([A-Za-z][A-Za-z0-9_-]{3,})"/)?.[1];
      if (needle !== undefined) {
        target = candidate;
        break;
      }
    }
    expect(needle).toBeTruthy();
    await page.goto(`${imported.baseUrl}/executions?text=${encodeURIComponent(needle!)}`);
    await expect.poll(() => rows(page).count()).toBeGreaterThan(0);
    const arns = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-execution-arn')));
    expect(arns).toContain(target?.executionArn);
    expect(arns.length).toBeLessThan(all.length);
    expect(await page.inputValue('input[name="text"]')).toBe(needle);

    await page.goto(`${imported.baseUrl}/executions?error=No.Such.Error`);
    await expect.poll(() => page.locator('[data-testid="executions-empty"]').count()).toBe(1);
    await page.screenshot({ path: join(screenshotDir, 'executions-list-empty.png') });
  });

  it('pages with keyset cursors: every execution once, Previous goes back', async () => {
    await page.goto(`${imported.baseUrl}/executions?limit=4`);
    await expect.poll(() => rows(page).count()).toBe(4);
    const seen: string[] = [];
    const firstPage = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-execution-arn') ?? ''));
    seen.push(...firstPage);
    for (let i = 0; i < 20 && (await page.locator('[data-testid="next-page"]').count()) > 0; i++) {
      const before = await rows(page).first().getAttribute('data-execution-arn');
      await page.click('[data-testid="next-page"]');
      await expect.poll(() => rows(page).first().getAttribute('data-execution-arn')).not.toBe(before);
      expect(page.url()).toContain('cursor=');
      seen.push(...(await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-execution-arn') ?? ''))));
    }
    expect(seen).toEqual(all.map((e) => e.executionArn));
    await page.click('[data-testid="previous-page"]');
    await expect.poll(() => rows(page).count()).toBe(4);
  });

  it('sorts by longest duration', async () => {
    await page.goto(`${imported.baseUrl}/executions?sort=duration`);
    await expect.poll(() => rows(page).count()).toBe(all.length);
    const api = (await (await fetch(`${imported.baseUrl}/api/executions?sort=duration&limit=500`)).json()) as { items: Array<Item & { durationMs: number | null }> };
    const durations = api.items.map((e) => e.durationMs).filter((d): d is number => d !== null);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
    expect(await rows(page).first().getAttribute('data-execution-arn')).toBe(api.items[0]?.executionArn);
  });

  it('moves the selection with j/k and opens it with Enter', async () => {
    await page.goto(`${imported.baseUrl}/executions`);
    await expect.poll(() => rows(page).count()).toBe(all.length);
    await page.locator('h1').click();
    const selected = () => page.locator('[data-testid="executions-table"] tbody tr[aria-selected="true"]').getAttribute('data-execution-arn');
    expect(await selected()).toBe(all[0]?.executionArn);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect.poll(selected).toBe(all[2]?.executionArn);
    await page.keyboard.press('k');
    await expect.poll(selected).toBe(all[1]?.executionArn);
    await page.screenshot({ path: join(screenshotDir, 'executions-list-selection.png') });
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/executions/${encodeURIComponent(all[1]!.executionArn)}`);
  });
});

describe('executions list over the live demo', () => {
  const arnsOnPage = () => rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-execution-arn') ?? ''));

  it('shows new executions at the top without a reload', async () => {
    await expect
      .poll(async () => ((await (await fetch(`${demo.baseUrl}/api/executions?limit=1`)).json()) as { items: Item[] }).items.length, { timeout: 90_000, interval: 1_000 })
      .toBe(1);
    // A long page, so the execution started below stays on it for minutes of demo traffic even
    // when the poller lags behind on a busy machine (the default 50 rows last seconds).
    await page.goto(`${demo.baseUrl}/executions?limit=500`);
    await expect.poll(() => rows(page).count()).toBeGreaterThan(0);
    // Survives the page's own updates, not a reload or a navigation.
    await page.evaluate(() => ((window as unknown as { __steplensSameDocument?: boolean }).__steplensSameDocument = true));
    const initial = new Set(await arnsOnPage());

    // The test's own execution, started after every row shown was stored: newest first, it must
    // appear above all of them. (Waiting for just any new row of the demo's traffic is not enough:
    // the poller stores some executions after newer ones, e.g. Express ones when their logs are
    // read, so a new row can land mid-list; and later demo starts rightly go above this one.)
    const sfn = new SFNClient({ endpoint: `http://127.0.0.1:${demo.env.STEPLENS_EMULATOR_PORT}`, region: 'us-east-1', credentials, maxAttempts: 3 });
    let executionArn: string;
    try {
      const machines = await sfn.send(new ListStateMachinesCommand({}));
      const orders = machines.stateMachines?.find((m) => m.name === ORDER_FULFILMENT)?.stateMachineArn;
      expect(orders, 'the demo has an order-fulfilment state machine').toBeDefined();
      const { input } = orderInput({ rng: Rng.derive(7, 'e2e-live'), seq: 1, now: Date.now() });
      const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: orders, name: `e2e-live-${Date.now()}`, input: JSON.stringify(input) }));
      executionArn = started.executionArn as string;
    } finally {
      sfn.destroy();
    }

    const placement = async (): Promise<string> => {
      const arns = await arnsOnPage();
      const at = arns.indexOf(executionArn);
      if (at < 0) return 'not on the page yet';
      const firstEarlier = arns.findIndex((arn) => initial.has(arn));
      return firstEarlier === -1 || at < firstEarlier ? 'above every earlier row' : `row ${at}, below earlier row ${firstEarlier} (${arns[firstEarlier]})`;
    };
    await expect.poll(placement, { timeout: 120_000, interval: 250 }).toBe('above every earlier row');
    const top = (await arnsOnPage())[0];
    expect(initial.has(top ?? '')).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { __steplensSameDocument?: boolean }).__steplensSameDocument)).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'executions-list-live.png'), fullPage: true });
  }, 300_000);

  it('filters the live demo by a status chip and by state machine', async () => {
    await page.goto(`${demo.baseUrl}/executions`);
    await expect.poll(() => page.locator('.status-chips .chip').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const chip = page.locator('.status-chips button.chip').first();
    const status = ((await chip.getAttribute('data-testid')) ?? '').replace('status-chip-', '');
    await chip.click();
    await page.waitForURL(new RegExp(`status=${status}`));
    // The unfiltered rows stay on screen until the filtered page arrives: wait for rows that all
    // have the chosen status (a page of one other status would otherwise pass for filtered).
    await expect
      .poll(async () => [...new Set(await page.locator('[data-testid="executions-table"] tbody tr [data-status]').evaluateAll((els) => els.map((el) => el.getAttribute('data-status'))))], { timeout: 60_000 })
      .toEqual([status]);
    // A state machine that already has executions (the demo's slow workflows may have none yet).
    type Machine = { stateMachineArn: string; name: string; counts: Record<string, number> };
    const withExecutions = async () =>
      ((await (await fetch(`${demo.baseUrl}/api/state-machines`)).json()) as { items: Machine[] }).items.find((m) => Object.values(m.counts ?? {}).some((n) => n > 0));
    await expect.poll(withExecutions, { timeout: 90_000, interval: 1_000 }).toBeDefined();
    const machine = (await withExecutions()) as Machine;
    await page.goto(`${demo.baseUrl}/state-machines/${encodeURIComponent(machine.stateMachineArn)}`);
    await expect.poll(() => rows(page).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await page.locator('h1').textContent()).toBe(machine.name);
    const arns = await arnsOnPage();
    const prefix = machine.stateMachineArn.replace(':stateMachine:', ':execution:');
    expect(arns.every((arn) => arn.startsWith(`${prefix}:`))).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'state-machine-page.png'), fullPage: true });
  }, 300_000);
});
