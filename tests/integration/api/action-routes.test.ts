// The action routes (DESIGN.md §2.7: POST /api/executions/{arn}/stop | redrive | start-again,
// GET …/actions, GET /api/audit) called as Next.js calls them, over a store the poller filled
// from the built-in emulator, which the actions then call (StopExecution, RedriveExecution,
// StartExecution). Every attempt — refused ones included — leaves one audit row with its outcome.
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as auditRoute } from '../../../app/api/audit/route.ts';
import { GET as actionsRoute } from '../../../app/api/executions/[arn]/actions/route.ts';
import { POST as redriveRoute } from '../../../app/api/executions/[arn]/redrive/route.ts';
import { POST as startAgainRoute } from '../../../app/api/executions/[arn]/start-again/route.ts';
import { POST as stopRoute } from '../../../app/api/executions/[arn]/stop/route.ts';
import { actionSourcesFor } from '../../../lib/actions/action-sources.ts';
import { pollOnce } from '../../../lib/poller/index.ts';
import { resolveAccessConfig } from '../../../lib/server/auth/access-config.ts';
import { SESSION_COOKIE, sealSession } from '../../../lib/server/auth/session-cookie.ts';
import { getExecution } from '../../../lib/store/index.ts';
import { serveStoreToRoutes } from '../../helpers/route-handlers.ts';
import { createMachine, start, startRig, waitFor, type Rig } from '../poller/poller-helpers.ts';

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const HOLD = 'arn:aws:lambda:us-east-1:123456789012:function:held-open';
const TOKEN = 'x'.repeat(40);

let rig: Rig;
let restoreEnv = (): void => undefined;
let release = (): void => undefined;
const arns = { running: '', running2: '', failed: '', succeeded: '' };

async function call(handler: Handler, arn: string, action: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const request = new NextRequest(`http://127.0.0.1:3000/api/executions/${encodeURIComponent(arn)}/${action}`, {
    method: init.method ?? 'POST',
    headers: { host: '127.0.0.1:3000', 'content-type': 'application/json', ...init.headers },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const response = await handler(request, { params: Promise.resolve({ arn }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function audit(query = '', headers: Record<string, string> = {}): Promise<Array<Record<string, unknown>>> {
  const response = await auditRoute(new NextRequest(`http://127.0.0.1:3000/api/audit${query}`, { headers }), { params: Promise.resolve({}) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { entries: Array<Record<string, unknown>> }).entries;
}

/** The CSRF token the page would get (sign-in off: bound to "local"). */
async function localCsrf(arn: string): Promise<string> {
  const { status, body } = await call(actionsRoute, arn, 'actions', { method: 'GET' });
  expect(status).toBe(200);
  expect(typeof body.csrfToken).toBe('string');
  return body.csrfToken as string;
}

async function describeStatus(arn: string): Promise<{ status: string; redriveCount: number; input: string }> {
  const out = await rig.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
  return { status: out.status as string, redriveCount: out.redriveCount ?? 0, input: out.input ?? '' };
}

beforeAll(async () => {
  rig = await startRig();
  const released = new Promise<void>((resolve) => (release = resolve));
  rig.emulator?.registerTaskHandler(HOLD, async () => {
    await released;
    return { ok: true, output: { held: true } };
  });
  const held = await createMachine(rig, 'held', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Hold' }, Hold: { Type: 'Task', Resource: HOLD, End: true } } });
  const fails = await createMachine(rig, 'fails', { StartAt: 'P', States: { P: { Type: 'Pass', Next: 'F' }, F: { Type: 'Fail', Error: 'Boom', Cause: 'on purpose' } } });
  const works = await createMachine(rig, 'works', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  arns.running = await start(rig, held, { order: 1 });
  arns.running2 = await start(rig, held, { order: 2 });
  arns.failed = await start(rig, fails, { order: 3 });
  arns.succeeded = await start(rig, works, { order: 4 });
  await waitFor('the short executions to end', async () => (await describeStatus(arns.failed)).status === 'FAILED' && (await describeStatus(arns.succeeded)).status === 'SUCCEEDED');
  const polled = await pollOnce({ store: rig.store, sources: rig.config.sources });
  expect(polled.errors).toEqual([]);
  for (const arn of Object.values(arns)) expect(await getExecution(rig.store, arn), arn).not.toBeNull();

  restoreEnv = serveStoreToRoutes(rig.dbUrl);
  process.env.AWS_ENDPOINT_URL_SFN = rig.url;
  process.env.AWS_REGION = 'us-east-1';
}, 60_000);

afterAll(async () => {
  release();
  restoreEnv();
  await rig?.close();
});

describe('action routes', () => {
  it('actions off: every action route answers 404 (as if it did not exist) with the fix, the POSTs audited as refused', async () => {
    delete process.env.STEPLENS_ACTIONS;
    const routes: Array<[Handler, string]> = [
      [stopRoute, 'stop'],
      [redriveRoute, 'redrive'],
      [startAgainRoute, 'start-again'],
    ];
    for (const [route, action] of routes) {
      const { status, body } = await call(route, arns.running, action);
      expect(status, action).toBe(404);
      expect(body).toMatchObject({ action, outcome: 'refused', error: expect.stringContaining('STEPLENS_ACTIONS=on') });
      const [row] = await audit();
      expect(row).toMatchObject({ id: body.auditId, action, target: arns.running, outcome: 'refused', httpStatus: 404, subject: 'local' });
    }
    expect((await describeStatus(arns.running)).status).toBe('RUNNING');
    // The action bar's own route is off too, and so hands out no CSRF token.
    const offer = await call(actionsRoute, arns.running, 'actions', { method: 'GET' });
    expect(offer.status).toBe(404);
    expect(offer.body).toEqual({ error: expect.stringContaining('STEPLENS_ACTIONS=on') });
  });

  it('a session without the CSRF token, or with another session’s, is refused (403) and audited', async () => {
    process.env.STEPLENS_ACTIONS = 'on';
    const missing = await call(stopRoute, arns.running, 'stop');
    expect(missing.status).toBe(403);
    expect(missing.body.error).toMatch(/missing CSRF token/);
    const wrong = await call(stopRoute, arns.running, 'stop', { headers: { 'x-steplens-csrf': 'A'.repeat(43) } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatch(/does not match/);
    const token = await localCsrf(arns.running);
    const crossSite = await call(stopRoute, arns.running, 'stop', { headers: { 'x-steplens-csrf': token, origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error).toMatch(/cross-site/);
    const rows = await audit(`?target=${encodeURIComponent(arns.running)}&outcome=refused`);
    expect(rows.slice(0, 3).map((r) => r.id)).toEqual([crossSite.body.auditId, wrong.body.auditId, missing.body.auditId]);
    expect((await describeStatus(arns.running)).status).toBe('RUNNING');
  });

  it('a viewer (signed-in session) is refused with 403 naming the role, audited under their name', async () => {
    process.env.STEPLENS_AUTH_TOKEN = TOKEN;
    try {
      const config = resolveAccessConfig(process.env);
      const cookie = `${SESSION_COOKIE}=${await sealSession({ subject: 'oidc:vera', name: 'Vera Viewer', role: 'viewer' }, config.cookieKey as Uint8Array)}`;
      const offer = await call(actionsRoute, arns.running, 'actions', { method: 'GET', headers: { cookie } });
      expect(offer.body).toMatchObject({ enabled: true, operator: false, csrfToken: null });
      const { status, body } = await call(stopRoute, arns.running, 'stop', { headers: { cookie }, body: { force: true } });
      // The role is checked before the body: refused for the role, not the unknown field.
      expect(status).toBe(403);
      expect(body.error).toMatch(/needs the operator role \(Vera Viewer is a viewer\)/);
      // Viewers read the audit log.
      const [row] = await audit('', { cookie });
      expect(row).toMatchObject({ id: body.auditId, subject: 'oidc:vera', actorName: 'Vera Viewer', role: 'viewer', credential: 'session', outcome: 'refused' });
      // Unauthenticated: 401, nobody to audit.
      const before = (await audit('', { cookie })).length;
      expect((await call(stopRoute, arns.running, 'stop')).status).toBe(401);
      expect((await audit('', { cookie })).length).toBe(before);
    } finally {
      delete process.env.STEPLENS_AUTH_TOKEN;
    }
  });

  it('an operator stops a running execution: AWS aborts it, the store shows it, the audit row says succeeded', async () => {
    const token = await localCsrf(arns.running);
    const offer = await call(actionsRoute, arns.running, 'actions', { method: 'GET' });
    expect(offer.body).toMatchObject({ enabled: true, operator: true, status: 'RUNNING', checkedWithSource: true, eligibility: { stop: { allowed: true }, redrive: { allowed: false } } });
    const client = actionSourcesFor(arns.running, null)[0]?.client;
    const stopsBefore = client?.calls.get('StopExecution') ?? 0;
    const { status, body } = await call(stopRoute, arns.running, 'stop', { headers: { 'x-steplens-csrf': token, origin: 'http://127.0.0.1:3000' }, body: { error: 'Operator.Stop', cause: 'test' } });
    // Sent once, through the actions' own client (its StopExecution bucket), not the poller's.
    expect(client?.calls.get('StopExecution')).toBe(stopsBefore + 1);
    expect(body).toMatchObject({ action: 'stop', outcome: 'succeeded', reingest: 'complete' });
    expect(status).toBe(200);
    expect((await describeStatus(arns.running)).status).toBe('ABORTED');
    const stored = await getExecution(rig.store, arns.running);
    expect(stored?.execution.status).toBe('ABORTED');
    expect(stored?.events.at(-1)?.type).toBe('ExecutionAborted');
    const [row] = await audit();
    expect(row).toMatchObject({ id: body.auditId, action: 'stop', target: arns.running, outcome: 'succeeded', httpStatus: 200, subject: 'local', role: 'operator', error: null });
    expect(Date.now() - Date.parse(row?.at as string)).toBeLessThan(60_000);
    // Stopping it again: not running any more, 409 with the reason, AWS not asked to stop.
    const again = await call(stopRoute, arns.running, 'stop', { headers: { 'x-steplens-csrf': token } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ outcome: 'refused', reasons: [expect.stringMatching(/ABORTED|not running/i)] });
  });

  it('redrive of a succeeded execution: 409 with the reason, nothing redriven; of a failed one: redriven', async () => {
    const token = await localCsrf(arns.succeeded);
    const refused = await call(redriveRoute, arns.succeeded, 'redrive', { headers: { 'x-steplens-csrf': token } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ action: 'redrive', outcome: 'refused', error: expect.stringMatching(/succeeded/i) });
    expect((refused.body.reasons as string[])[0]).toMatch(/only an execution that failed, timed out or was aborted can be redriven/);
    expect((await describeStatus(arns.succeeded)).redriveCount).toBe(0);
    const [row] = await audit('?action=redrive');
    expect(row).toMatchObject({ id: refused.body.auditId, outcome: 'refused', httpStatus: 409, detail: { reasons: refused.body.reasons } });

    const done = await call(redriveRoute, arns.failed, 'redrive', { headers: { 'x-steplens-csrf': token } });
    expect(done.body).toMatchObject({ outcome: 'succeeded' });
    expect(done.status).toBe(200);
    expect((await describeStatus(arns.failed)).redriveCount).toBe(1);
  });

  it('start again: invalid JSON input is a 400 naming the problem; edited input starts a new execution with it; a bearer client needs no CSRF token', async () => {
    const token = await localCsrf(arns.succeeded);
    const bad = await call(startAgainRoute, arns.succeeded, 'start-again', { headers: { 'x-steplens-csrf': token }, body: { input: '{"order": 4,' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^input: input is not valid JSON/);

    const edited = await call(startAgainRoute, arns.succeeded, 'start-again', { headers: { 'x-steplens-csrf': token }, body: { input: '{"order": 44}' } });
    expect(edited.body).toMatchObject({ outcome: 'succeeded' });
    const startedArn = edited.body.startedExecutionArn as string;
    expect(startedArn).toMatch(/:execution:[^:]+-works:[^:]+-again-[0-9a-f]{8}$/);
    expect((await describeStatus(startedArn)).input).toBe('{"order": 44}');

    process.env.STEPLENS_AUTH_TOKEN = TOKEN;
    try {
      const same = await call(startAgainRoute, arns.succeeded, 'start-again', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(same.body).toMatchObject({ outcome: 'succeeded' });
      expect(JSON.parse((await describeStatus(same.body.startedExecutionArn as string)).input)).toEqual({ order: 4 });
      const [row] = await audit('', { authorization: `Bearer ${TOKEN}` });
      expect(row).toMatchObject({ action: 'start-again', subject: 'token', credential: 'bearer', outcome: 'succeeded', resultArn: same.body.startedExecutionArn });
    } finally {
      delete process.env.STEPLENS_AUTH_TOKEN;
    }
  });

  it('a source that cannot be reached: 502, audited as failed with the error, nothing stopped', async () => {
    const token = await localCsrf(arns.running2);
    process.env.AWS_ENDPOINT_URL_SFN = 'http://127.0.0.1:9'; // discard port: connection refused
    try {
      const { status, body } = await call(stopRoute, arns.running2, 'stop', { headers: { 'x-steplens-csrf': token } });
      expect(status).toBe(502);
      expect(body).toMatchObject({ outcome: 'failed', error: expect.any(String) });
      const [row] = await audit();
      expect(row).toMatchObject({ id: body.auditId, action: 'stop', target: arns.running2, outcome: 'failed', httpStatus: 502 });
    } finally {
      process.env.AWS_ENDPOINT_URL_SFN = rig.url;
    }
    expect((await describeStatus(arns.running2)).status).toBe('RUNNING');
  }, 60_000);

  it('GET /api/audit pages newest first and refuses a bad query', async () => {
    const all = await audit('?limit=500');
    const first = await auditRoute(new NextRequest('http://127.0.0.1:3000/api/audit?limit=3'), { params: Promise.resolve({}) });
    const page = (await first.json()) as { entries: Array<{ id: number }>; nextCursor: string };
    expect(page.entries.map((e) => e.id)).toEqual(all.slice(0, 3).map((e) => e.id));
    const next = await auditRoute(new NextRequest(`http://127.0.0.1:3000/api/audit?limit=3&cursor=${page.nextCursor}`), { params: Promise.resolve({}) });
    expect(((await next.json()) as { entries: Array<{ id: number }> }).entries.map((e) => e.id)).toEqual(all.slice(3, 6).map((e) => e.id));
    const bad = await auditRoute(new NextRequest('http://127.0.0.1:3000/api/audit?outcome=maybe'), { params: Promise.resolve({}) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^outcome: must be one of succeeded, refused, failed/);
    // A body with an unknown field, or not JSON, is refused (400) and audited; nothing stopped.
    const token = await localCsrf(arns.running2);
    const unknown = await call(stopRoute, arns.running2, 'stop', { headers: { 'x-steplens-csrf': token }, body: { force: true } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ outcome: 'refused', error: expect.stringMatching(/^body: .*force/) });
    const request = new NextRequest(`http://127.0.0.1:3000/api/executions/${encodeURIComponent(arns.running2)}/stop`, { method: 'POST', headers: { host: '127.0.0.1:3000', 'x-steplens-csrf': token }, body: '{nope' });
    const notJson = await stopRoute(request, { params: Promise.resolve({ arn: arns.running2 }) });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ outcome: 'refused', error: 'body: not valid JSON' });
    const rows = await audit(`?target=${encodeURIComponent(arns.running2)}`);
    expect(rows.slice(0, 2).map((r) => [r.outcome, r.httpStatus])).toEqual([['refused', 400], ['refused', 400]]);
    expect((await describeStatus(arns.running2)).status).toBe('RUNNING');
  });
});
