import { join } from 'node:path';
import { CreateActivityCommand, GetActivityTaskCommand, GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollOnce } from '../../lib/poller/index.ts';
import { getExecution } from '../../lib/store/index.ts';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';
import { EXTERNAL_ENDPOINT, createMachine, start, startRig, waitFor, type Rig } from '../integration/poller/poller-helpers';

// Waiting states on the execution page (issue 13 item 6), in a real Chromium: an execution waiting
// on a `.waitForTaskToken` callback and one whose activity task a worker took, run on the built-in
// emulator and stored by the poller; the step panel of the waiting state shows what it waits for,
// since when, its heartbeat timeout, what the history says of heartbeats (Step Functions writes no
// event for SendTaskHeartbeat: when the first was due) and its timeout, all from the source's events.

const CALLBACK = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';

let rig: Rig;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const node = (name: string) => page.locator(`[data-testid="graph-view"] g.wg-node[data-state-name="${name}"]`);

async function sourceEvents(executionArn: string): Promise<HistoryEvent[]> {
  return (await rig.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

/** Polls until the store holds the execution with an event of `type`. */
async function storedWith(executionArn: string, type: string): Promise<void> {
  await waitFor(`${executionArn} stored with ${type}`, async () => {
    const result = await pollOnce({ store: rig.store, sources: rig.config.sources });
    if (result.errors.length > 0) throw new Error(`poll failed: ${JSON.stringify(result.errors)}`);
    return (await getExecution(rig.store, executionArn))?.events.some((e) => e.type === type) ?? false;
  }, 60_000);
}

const ms = (d: Date | undefined) => (d === undefined ? null : d.getTime());

async function openWaitingState(executionArn: string, stateName: string) {
  await page.goto(`${server.baseUrl}/executions/${encodeURIComponent(executionArn)}`);
  await page.waitForFunction(() => document.documentElement.dataset.executionReadyAt !== undefined);
  expect(await page.locator('[data-testid="execution-page"]').getAttribute('data-status')).toBe('RUNNING');
  await node(stateName).click();
  const panel = page.locator('[data-testid="step-panel"]');
  await expect.poll(() => panel.getAttribute('data-state-name')).toBe(stateName);
  return panel.locator('[data-testid="waiting-task"]');
}

beforeAll(async () => {
  if (EXTERNAL_ENDPOINT !== null) return;
  rig = await startRig();
  // The message "sent" for the callback: the token's holder is this test, which never answers.
  rig.emulator?.registerTaskHandler(CALLBACK, async () => ({ ok: true, output: { MessageId: 'm-1' } }));
  // A long wait: on a shared tree the sources may change after the suite's build, and start rebuilds.
  server = await startSteplensServer({ databaseUrl: rig.dbUrl, timeoutMs: 480_000 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rig?.close();
});

describe.skipIf(EXTERNAL_ENDPOINT !== null)('a state waiting on a callback or an activity worker', () => {
  it('a .waitForTaskToken task shows since when it waits, its heartbeat timeout, when a heartbeat was due and its timeout', async () => {
    const machine = await createMachine(rig, 'approve-callback', {
      StartAt: 'Approve',
      States: {
        Approve: { Type: 'Task', Resource: CALLBACK, HeartbeatSeconds: 600, TimeoutSeconds: 3600, Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/approvals', MessageBody: { 'TaskToken.$': '$$.Task.Token' } }, End: true },
      },
    });
    const arn = await start(rig, machine, { amount: 40 }, 'approve-cb-1');
    await storedWith(arn, 'TaskSubmitted');
    const events = await sourceEvents(arn);
    const scheduled = events.find((e) => e.type === 'TaskScheduled');
    const startedAt = ms(events.find((e) => e.type === 'TaskStarted')?.timestamp);
    const submittedAt = ms(events.find((e) => e.type === 'TaskSubmitted')?.timestamp);
    expect(scheduled?.taskScheduledEventDetails).toMatchObject({ heartbeatInSeconds: 600, timeoutInSeconds: 3600 });

    const waiting = await openWaitingState(arn, 'Approve');
    expect(await waiting.getAttribute('data-waiting-for')).toBe('callback');
    expect(await waiting.textContent()).toContain('SendTaskSuccess or SendTaskFailure');
    expect(await waiting.locator('[data-testid="waiting-since"]').getAttribute('data-at')).toBe(String(submittedAt));
    expect(await waiting.locator('[data-testid="waiting-since"]').textContent()).toBe(new Date(submittedAt as number).toISOString().replace('T', ' ').replace('Z', ' UTC'));
    expect(await waiting.locator('[data-testid="waiting-heartbeat-timeout"]').textContent()).toBe('600 s');
    const last = waiting.locator('[data-testid="waiting-last-heartbeat"]');
    expect(await last.getAttribute('data-due')).toBe(String((startedAt as number) + 600_000));
    expect(await last.textContent()).toContain('Step Functions records no event for SendTaskHeartbeat');
    expect(await waiting.locator('[data-testid="waiting-timeout"]').getAttribute('data-at')).toBe(String((ms(scheduled?.timestamp) as number) + 3_600_000));
    await page.screenshot({ path: join(screenshotDir, 'waiting-task-callback.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('an activity task a worker took shows the worker, since when it works and its heartbeat timeout', async () => {
    const activityArn = (await rig.sfn.send(new CreateActivityCommand({ name: `${rig.prefix}-approvals` }))).activityArn as string;
    const machine = await createMachine(rig, 'approve-activity', {
      StartAt: 'Review',
      States: { Review: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 300, TimeoutSeconds: 1800, End: true } },
    });
    const arn = await start(rig, machine, { amount: 900 }, 'approve-act-1');
    // The worker takes the task (and, like a worker that holds it, never answers here).
    const task = await rig.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'approver-7' }));
    expect(task.taskToken).toBeTruthy();
    await storedWith(arn, 'ActivityStarted');
    const events = await sourceEvents(arn);
    const scheduled = events.find((e) => e.type === 'ActivityScheduled');
    const startedAt = ms(events.find((e) => e.type === 'ActivityStarted')?.timestamp);

    const waiting = await openWaitingState(arn, 'Review');
    expect(await waiting.getAttribute('data-waiting-for')).toBe('activity-result');
    expect(await waiting.locator('[data-testid="waiting-worker"]').textContent()).toBe('approver-7');
    expect(await waiting.locator('[data-testid="waiting-since"]').getAttribute('data-at')).toBe(String(startedAt));
    expect(await waiting.locator('[data-testid="waiting-heartbeat-timeout"]').textContent()).toBe('300 s');
    expect(await waiting.locator('[data-testid="waiting-last-heartbeat"]').getAttribute('data-due')).toBe(String((startedAt as number) + 300_000));
    expect(await waiting.locator('[data-testid="waiting-timeout"]').getAttribute('data-at')).toBe(String((ms(scheduled?.timestamp) as number) + 1_800_000));
    await page.screenshot({ path: join(screenshotDir, 'waiting-task-activity.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
