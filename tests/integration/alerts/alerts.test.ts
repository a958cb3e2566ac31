// Issue 12 "Must show": alerts from the poller against the built-in emulator, delivered to a local
// webhook receiver (node:http on loopback): a failed execution is delivered within one poll
// interval + 5 s of its ingestion (JSON and Slack formats); a failure-rate rule fires and
// resolves; a receiver answering 500 twice gets the delivery on the third try; after SIGKILL
// mid-delivery and a restart of `steplens poll`, no (rule, execution) is delivered under two keys
// and none is lost; on PostgreSQL two pollers' runners evaluate the same rules and exactly one does.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertRunner, type AlertRunner } from '../../../lib/alerts/index.ts';
import { parseConfig } from '../../../lib/config/index.ts';
import { ANALYZER_VERSION } from '../../../lib/history/index.ts';
import { failureColumns } from '../../../lib/ingest/derived-fields.ts';
import { startPoller, type PollerHandle } from '../../../lib/poller/index.ts';
import { getExecution, listAlertDeliveries, openStore, saveExecutionHistory, type Store } from '../../../lib/store/index.ts';
import { createTestDatabase } from '../../helpers/postgres.ts';
import { repoRoot } from '../../helpers/run-steplens.ts';
import { createMachine, listAll, start, startRig, waitFor, type Rig } from '../poller/poller-helpers.ts';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from './webhook-receiver.ts';

const FAILS = { StartAt: 'Prepare', States: { Prepare: { Type: 'Pass', Next: 'Explode' }, Explode: { Type: 'Fail', Error: 'Boom', Cause: 'on purpose: token=abc' } } };
const INTERVAL_MS = 1_000;
const DASHBOARD = 'http://dashboard.test:3000';

let rig: Rig | null = null;
let receiver: WebhookReceiver | null = null;
let poller: PollerHandle | null = null;
let runner: AlertRunner | null = null;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await runner?.stop();
  await poller?.stop();
  await receiver?.close();
  await rig?.close();
  rig = null;
  receiver = null;
  poller = null;
  runner = null;
});

/** The rig's poller with `alerts` evaluated after each cycle, as `steplens poll` runs it. */
async function pollWithAlerts(alerts: unknown[]): Promise<void> {
  const target = rig as Rig;
  const config = parseConfig(JSON.stringify({ sources: [{ kind: 'endpoint', endpoint: target.url }], poll: { intervalMs: INTERVAL_MS }, alerts }), 'test config');
  runner = createAlertRunner({ store: target.store, rules: config.alerts, dashboardUrl: DASHBOARD, owner: 'test-poller', leaseTtlMs: 60_000 });
  const alertRunner = runner;
  poller = startPoller({ store: target.store, sources: config.sources, poll: config.poll, pollerId: 'test-poller', afterCycle: () => alertRunner.evaluate() });
}

describe('alerts from the poller to a local webhook', () => {
  it('delivers a failed execution within one poll interval + 5 s of its ingestion, as JSON and as a Slack message', async () => {
    rig = await startRig();
    receiver = await startWebhookReceiver();
    const failing = await createMachine(rig, 'fails', FAILS);
    await pollWithAlerts([
      { name: 'failed', when: { stateMachine: `${rig.prefix}-*`, status: ['FAILED', 'TIMED_OUT'] }, webhook: receiver.url('/json') },
      { name: 'failed to slack', when: { stateMachine: failing, status: ['FAILED'], error: 'Boom' }, webhook: receiver.url('/slack'), format: 'slack' },
      { name: 'other error', when: { status: ['FAILED'], error: 'Nope' }, webhook: receiver.url('/never') },
    ]);
    const executionArn = await start(rig, failing, { n: 1 });
    const store = rig.store;
    const ingestedAt = await waitFor('the failure to be ingested', async () => ((await getExecution(store, executionArn))?.execution.historyComplete ? Date.now() : null), 30_000);

    const json = await receiver.waitFor('the JSON delivery', (requests) => requests.find((r) => r.path === '/json'), 30_000);
    const slack = await receiver.waitFor('the Slack delivery', (requests) => requests.find((r) => r.path === '/slack'), 30_000);
    expect(json.at - ingestedAt).toBeLessThanOrEqual(INTERVAL_MS + 5_000);
    expect(slack.at - ingestedAt).toBeLessThanOrEqual(INTERVAL_MS + 5_000);

    const link = `${DASHBOARD}/executions/${encodeURIComponent(executionArn)}?state=Explode&run=1`;
    expect(json.contentType).toMatch(/^application\/json/);
    expect(json.idempotencyKey).toBe(`failed|${executionArn}|1|firing`);
    expect(json.body).toMatchObject({
      rule: 'failed',
      kind: 'status',
      state: 'firing',
      idempotencyKey: `failed|${executionArn}|1|firing`,
      executionArn,
      stateMachineArn: failing,
      stateMachineName: `${rig.prefix}-fails`,
      error: 'Boom',
      // The redaction rules (default key patterns) apply before the body is written.
      cause: 'on purpose: token=[redacted]',
      stateName: 'Explode',
      url: link,
      clusterSize: 1,
    });
    expect(typeof slack.body.text).toBe('string');
    const blocks = JSON.stringify(slack.body.blocks);
    expect(slack.body.text).toContain('at Explode — Boom');
    expect(blocks).toContain('*Failing state*\\nExplode');
    expect(blocks).toContain('*Error*\\n`Boom`');
    expect(blocks).toContain('on purpose: token=[redacted]');
    expect(JSON.stringify([json.body, slack.body])).not.toContain('token=abc');
    expect(blocks).toContain('*Cluster*\\n1 failure in 24 h');
    expect(blocks).toContain(`"url":"${link}"`);

    // Once per (rule, execution): more cycles send nothing new; the rule that does not match never fires.
    await poller?.nextCycle();
    await poller?.nextCycle();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/json', '/slack']);
    const log = await listAlertDeliveries(store, { limit: 10 });
    expect(log.map((d) => [d.rule, d.status, d.attempts.map((a) => a.httpStatus)])).toEqual(
      expect.arrayContaining([
        ['failed', 'delivered', [200]],
        ['failed to slack', 'delivered', [200]],
      ]),
    );
    expect(log).toHaveLength(2);
  }, 90_000);

  it('a failure-rate rule fires above the threshold and resolves when the rate drops', async () => {
    rig = await startRig();
    receiver = await startWebhookReceiver();
    const failing = await createMachine(rig, 'mixed', { StartAt: 'Route', States: { Route: { Type: 'Choice', Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Explode' }], Default: 'Done' }, Explode: { Type: 'Fail', Error: 'Boom', Cause: 'x' }, Done: { Type: 'Succeed' } } });
    await pollWithAlerts([{ name: 'rate', when: { stateMachine: `${rig.prefix}-mixed`, failureRate: { above: 0.5, windowMinutes: 10, minExecutions: 3 } }, webhook: receiver.url('/rate') }]);
    for (let i = 0; i < 4; i++) await start(rig, failing, { fail: true });
    const fired = await receiver.waitFor('the firing', (requests) => requests.find((r) => r.body.state === 'firing'), 30_000);
    expect(fired.body).toMatchObject({ rule: 'rate', kind: 'failureRate', state: 'firing', stateMachineArn: failing, value: 1, threshold: 0.5, windowMinutes: 10, error: 'Boom', stateName: 'Explode', executionArn: null });
    expect(fired.body.url).toBe(`${DASHBOARD}/state-machines/${encodeURIComponent(failing)}`);
    expect(fired.idempotencyKey).toBe(`rate|${failing}|1|firing`);

    // 12 successes: 4 of 16 finished failed, 0.25, under the threshold.
    for (let i = 0; i < 12; i++) await start(rig, failing, { fail: false });
    const resolved = await receiver.waitFor('the resolution', (requests) => requests.find((r) => r.body.state === 'resolved'), 30_000);
    expect(resolved.body).toMatchObject({ rule: 'rate', state: 'resolved', stateMachineArn: failing, value: 0.25, since: fired.body.since });
    expect(resolved.idempotencyKey).toBe(`rate|${failing}|1|resolved`);
    expect(receiver.requests.map((r) => r.body.state)).toEqual(['firing', 'resolved']);
  }, 90_000);

  it('a receiver answering 500 twice gets the delivery on the third try, every attempt in the log', async () => {
    rig = await startRig();
    receiver = await startWebhookReceiver();
    receiver.answer('/flaky', (n) => (n <= 2 ? 500 : 200));
    const failing = await createMachine(rig, 'fails', FAILS);
    await pollWithAlerts([{ name: 'failed', when: { status: ['FAILED'] }, webhook: receiver.url('/flaky') }]);
    const executionArn = await start(rig, failing);
    await receiver.waitFor('three attempts', (requests) => requests.length >= 3, 40_000);
    const requests = receiver.at('/flaky');
    expect(requests.map((r) => r.idempotencyKey)).toEqual(Array(3).fill(`failed|${executionArn}|1|firing`));
    // Backoff: 1 s, then 2 s.
    expect((requests[1] as ReceivedRequest).at - (requests[0] as ReceivedRequest).at).toBeGreaterThanOrEqual(900);
    expect((requests[2] as ReceivedRequest).at - (requests[1] as ReceivedRequest).at).toBeGreaterThanOrEqual(1_900);
    const store = rig.store;
    const [row] = await waitFor('the delivery to be recorded as delivered', async () => {
      const log = await listAlertDeliveries(store, { limit: 5 });
      return log[0]?.status === 'delivered' ? log : null;
    });
    expect(row?.attempts.map((a) => [a.attempt, a.httpStatus])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(row?.attempts[0]?.error).toBe('HTTP 500: receiver says no');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.requests).toHaveLength(3);
  }, 90_000);

  it('after SIGKILL mid-delivery and a restart of `steplens poll`, no (rule, execution) has two keys and none is lost', async () => {
    rig = await startRig();
    receiver = await startWebhookReceiver();
    const failing = await createMachine(rig, 'fails', FAILS);
    const arns: string[] = [];
    for (let i = 0; i < 20; i++) arns.push(await start(rig, failing, { i }));
    await waitFor('executions to finish', async () => !(await listAll(rig as Rig, failing)).some((e) => e.status === 'RUNNING'));

    // The 6th request is held open: the process is killed while that delivery is in flight.
    let heldKey: string | null = null;
    receiver.answer('/hook', (n, request) => {
      if (n !== 6) return 200;
      heldKey = request.idempotencyKey;
      return 'hold';
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'steplens-alerts-kill-'));
    const configFile = path.join(dir, 'steplens.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        sources: [{ kind: 'endpoint', endpoint: rig.url }],
        poll: { intervalMs: 500 },
        alerts: [
          { name: 'failed', when: { status: ['FAILED'] }, webhook: receiver.url('/hook'), maxPerMinute: 600 },
          { name: 'boom', when: { status: ['FAILED'], error: 'Boom' }, webhook: receiver.url('/hook'), maxPerMinute: 600 },
        ],
      }),
    );
    const spawnPoll = () => {
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'steplens.mjs'), 'poll'], {
        cwd: dir,
        env: { ...process.env, DATABASE_URL: rig?.dbUrl, STEPLENS_CONFIG: configFile, STEPLENS_POLLER_ID: 'kill-test', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return { child, stderr: () => stderr, exited: new Promise((resolve) => child.once('exit', resolve)) };
    };

    const first = spawnPoll();
    await receiver.waitFor(`the 6th request (stderr: ${first.stderr()})`, (requests) => requests.length >= 6, 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const beforeRestart = receiver.requests.length;
    expect(beforeRestart).toBe(6);

    const second = spawnPoll();
    const expectedPairs = arns.flatMap((arn) => [`failed ${arn}`, `boom ${arn}`]);
    await receiver.waitFor(`all ${expectedPairs.length} (rule, execution) pairs (stderr: ${second.stderr()})`, (requests) => new Set(requests.map((r) => r.idempotencyKey)).size >= expectedPairs.length, 60_000);
    const store = rig.store;
    await waitFor('every delivery recorded as delivered', async () => {
      const log = await listAlertDeliveries(store, { limit: 100 });
      return log.length === expectedPairs.length && log.every((d) => d.status === 'delivered');
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    second.child.kill('SIGTERM');
    await second.exited;

    const requests = receiver.requests;
    const keys = new Map<string, string>();
    for (const r of requests) {
      const pair = `${String(r.body.rule)} ${String(r.body.executionArn)}`;
      expect(r.idempotencyKey).toBe(r.body.idempotencyKey);
      const seen = keys.get(r.idempotencyKey as string);
      if (seen !== undefined) expect(seen).toBe(pair);
      keys.set(r.idempotencyKey as string, pair);
    }
    // Every (rule, execution) pair under exactly one key: none lost, none delivered twice.
    expect([...keys.values()].sort()).toEqual(expectedPairs.sort());
    // The one request seen twice is the one in flight at the kill: the receiver had it, its
    // outcome was never recorded, so the restart sent it again under the same key (documented).
    expect(heldKey).not.toBeNull();
    expect(requests.length - keys.size).toBe(1);
    expect(requests.filter((r) => r.idempotencyKey === heldKey)).toHaveLength(2);
  }, 180_000);
});

describe('alerts on PostgreSQL with two pollers', () => {
  it('exactly one runner evaluates and sends (the alerts lease)', async () => {
    receiver = await startWebhookReceiver();
    const db = await createTestDatabase('alerts-lease');
    const store: Store = await openStore(db.url);
    try {
      const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:Leased';
      const now = Date.now();
      for (let i = 0; i < 5; i++) {
        const executionArn = `arn:aws:states:us-east-1:123456789012:execution:Leased:e-${i}`;
        await saveExecutionHistory(store, {
          stateMachine: { stateMachineArn: machine, name: 'Leased', type: 'STANDARD' },
          execution: {
            executionArn,
            stateMachineArn: machine,
            name: `e-${i}`,
            status: 'FAILED',
            startDate: new Date(now - 60_000),
            stopDate: new Date(now - 30_000),
            input: '{}',
            output: null,
            error: 'Boom',
            cause: 'x',
            redriveCount: 0,
            historyComplete: true,
            partial: false,
            failure: failureColumns(machine, { stateName: 'Explode', error: 'Boom', cause: 'x', rootCause: null }),
          },
          events: [],
          runs: [],
          analyzerVersion: ANALYZER_VERSION,
        });
      }
      const rules = parseConfig(JSON.stringify({ alerts: [{ name: 'failed', when: { status: ['FAILED'] }, webhook: receiver.url('/hook'), maxPerMinute: 600 }] }), 'test').alerts;
      const runners = ['poller-a', 'poller-b'].map((owner) => createAlertRunner({ store, rules, dashboardUrl: DASHBOARD, owner }));
      try {
        const results = await Promise.all(runners.map((r) => r.evaluate()));
        expect(results.map((r) => r.leased).sort()).toEqual([false, true]);
        expect(results.find((r) => r.leased)?.written).toBe(5);
        await Promise.all(runners.map((r) => r.sendDue()));
        await receiver.waitFor('5 deliveries', (requests) => requests.length >= 5);
        // Again, from both: nothing new is written or sent.
        const again = await Promise.all(runners.map((r) => r.evaluate()));
        expect(again.reduce((n, r) => n + r.written, 0)).toBe(0);
        await Promise.all(runners.map((r) => r.sendDue()));
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(receiver.requests).toHaveLength(5);
        expect(new Set(receiver.requests.map((r) => r.idempotencyKey)).size).toBe(5);
      } finally {
        await Promise.all(runners.map((r) => r.stop()));
      }
    } finally {
      await store.close();
      await db.drop();
    }
  }, 60_000);
});
