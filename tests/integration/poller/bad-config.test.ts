// Issue 4 "Must show": bad configuration (unknown Region, bad endpoint, no credentials, missing
// log group permissions) gives one clear message per source, on the page (GET /api/health's
// sources, from readPollerHealth) and in the log (once, not every cycle), and the poller keeps
// serving the sources that work.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config/index.ts';
import { startEmulator, type Emulator } from '../../../lib/emulator/index.ts';
import { readPollerHealth, startPoller, type CycleResult } from '../../../lib/poller/index.ts';
import { getExecution } from '../../../lib/store/index.ts';
import { EXTERNAL_ENDPOINT, createMachine, expectStoredExactly, start, startRig, startSync, waitFor, listAll, type Rig } from './poller-helpers.ts';

const PASS_OK = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } } };

const ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED'] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let rig: Rig | null = null;
let denied: Server | null = null;
let other: Emulator | null = null;
afterEach(async () => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  await rig?.close();
  await other?.close();
  await new Promise<void>((resolve) => (denied ? denied.close(() => resolve()) : resolve()));
  rig = null;
  other = null;
  denied = null;
});

/** A CloudWatch Logs endpoint that denies everything, as IAM does without logs:FilterLogEvents. */
async function denyingLogsEndpoint(): Promise<string> {
  denied = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'denied' });
      res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/steplens is not authorized to perform: logs:FilterLogEvents' }));
    });
  });
  await new Promise<void>((resolve) => (denied as Server).listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(denied.address() as AddressInfo).port}`;
}

describe('poller with bad configuration', () => {
  it.skipIf(EXTERNAL_ENDPOINT !== null)('reports one clear message per bad source and keeps serving the good ones', async () => {
    rig = await startRig();
    const good = await createMachine(rig, 'good', PASS_OK);
    const goodExpress = await createMachine(rig, 'good-express', PASS_OK, 'EXPRESS');
    const arns = [await start(rig, good, { i: 1 }), await start(rig, good, { i: 2 })];
    await startSync(rig, goodExpress, { i: 3 });
    await waitFor('executions to finish', async () => !(await listAll(rig as Rig, good)).some((e) => e.status === 'RUNNING'));

    // A second emulator whose logs endpoint denies access: its Standard executions still come in.
    other = await startEmulator({ port: 0 });
    const otherMachine = (await other.createStateMachine({ name: `${rig.prefix}-other`, definition: JSON.stringify(PASS_OK), roleArn: 'arn:aws:iam::123456789012:role/x' })).stateMachineArn;
    const group = `/aws/vendedlogs/states/${rig.prefix}-other-express`;
    await other.createLogGroup(group);
    await other.createStateMachine({
      name: `${rig.prefix}-other-express`,
      type: 'EXPRESS',
      definition: JSON.stringify(PASS_OK),
      roleArn: 'arn:aws:iam::123456789012:role/x',
      loggingConfiguration: { level: 'ALL', includeExecutionData: true, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*` } }] },
    });
    const otherArn = (await other.startExecution(otherMachine, '{}')).executionArn;
    await waitFor('the other execution to finish', async () => (await other?.callSfn('DescribeExecution', { executionArn: otherArn }))?.status !== 'RUNNING');
    const logsDenied = await denyingLogsEndpoint();

    // No credentials anywhere (no profile files, no instance metadata) for the "no-creds" source;
    // keys in the environment for the unknown Region, so it gets as far as DNS.
    process.env.AWS_CONFIG_FILE = '/nonexistent/steplens-config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/steplens-credentials';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    delete process.env.AWS_PROFILE;
    process.env.AWS_ACCESS_KEY_ID = 'AKIASTEPLENSTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'not-a-secret';
    const config = parseConfig(
      JSON.stringify({
        sources: [
          { id: 'good', kind: 'endpoint', endpoint: rig.url },
          { id: 'bad-endpoint', kind: 'endpoint', endpoint: 'http://127.0.0.1:1' },
          { id: 'unknown-region', kind: 'aws', region: 'xx-nowhere-9' },
          { id: 'no-credentials', kind: 'aws', region: 'us-east-1', profile: 'steplens-missing-profile' },
          { id: 'logs-denied', kind: 'endpoint', endpoint: other.url, logsEndpoint: logsDenied },
        ],
      }),
      'bad config',
    );
    const lines: string[] = [];
    const poller = startPoller({ store: rig.store, sources: config.sources, maxRetries: 1, poll: { intervalMs: 100 }, log: (l) => lines.push(l) });
    let first: CycleResult;
    let second: CycleResult;
    try {
      first = await poller.nextCycle();
      second = await poller.nextCycle(); // the same problems met again
    } finally {
      await poller.stop();
    }

    // The good sources are served completely.
    for (const arn of arns) await expectStoredExactly(rig, arn);
    expect((await getExecution(rig.store, otherArn))?.execution).toMatchObject({ status: 'SUCCEEDED', historyComplete: true });
    expect((await getExecution(rig.store, otherArn))?.events.length).toBe(((await other.callSfn('GetExecutionHistory', { executionArn: otherArn })).events as unknown[]).length);

    // One line per bad source, naming the cause.
    const errors = new Map(second.errors.map((e) => [e.sourceId, e.error]));
    expect(first.errors.map((e) => e.sourceId).sort()).toEqual(['bad-endpoint', 'logs-denied', 'no-credentials', 'unknown-region']);
    expect(errors.get('bad-endpoint')).toMatch(/cannot connect to http:\/\/127\.0\.0\.1:1 \(connection refused\)/);
    expect(errors.get('unknown-region')).toMatch(/xx-nowhere-9/);
    expect(errors.get('no-credentials')).toMatch(/no AWS credentials found/);
    expect(errors.get('logs-denied')).toMatch(new RegExp(`log group ${group}: FilterLogEvents: access denied .*logs:FilterLogEvents`));
    for (const message of errors.values()) expect(message).not.toContain('\n');

    // On the page: GET /api/health's sources (readPollerHealth), the same message.
    const health = await readPollerHealth(rig.store);
    const bySource = new Map(health.sources.map((s) => [s.id, s]));
    expect(bySource.get('good')?.error).toBeNull();
    for (const [id, message] of errors) expect(bySource.get(id)?.error).toBe(message);

    // In the log: each problem once, although two passes met it.
    for (const id of errors.keys()) expect(lines.filter((l) => l.includes(`${id}:`)), lines.join('\n')).toHaveLength(1);
  }, 120_000);
});
