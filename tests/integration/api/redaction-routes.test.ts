// Redaction (README "Redaction") through every API route that carries payloads, called as
// Next.js calls them, over executions ingested through the one path whose inputs, outputs, task
// parameters and results, JSONata variables, causes and definition hold secrets under matching
// keys and paths. Both modes, on SQLite and PostgreSQL: in mode "display" the store keeps the
// secrets and no response shows one; in mode "store" the store itself holds none. The export
// (the execution page's "Export JSON") is the detail plus every events page: both are checked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listRoute } from '../../../app/api/executions/route.ts';
import { GET as detailRoute } from '../../../app/api/executions/[arn]/route.ts';
import { GET as eventsRoute } from '../../../app/api/executions/[arn]/events/route.ts';
import { GET as runRoute } from '../../../app/api/executions/[arn]/runs/[index]/route.ts';
import { GET as diffRoute } from '../../../app/api/executions/diff/route.ts';
import { GET as machinesRoute } from '../../../app/api/state-machines/route.ts';
import { GET as clustersRoute } from '../../../app/api/failure-clusters/route.ts';
import { GET as stateRoute } from '../../../app/api/state-machines/[arn]/states/[stateName]/route.ts';
import { parseHistory } from '../../../lib/history/index.ts';
import { ingestExecution } from '../../../lib/ingest/index.ts';
import { closeAllStores, dumpStore, listExecutions, openStore } from '../../../lib/store/index.ts';
import { callRoute, serveStoreToRoutes } from '../../helpers/route-handlers.ts';
import { storeBackends } from '../../helpers/store-backends.ts';
import { ev, scheduled, started } from '../../unit/history/build-events.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Checkout';
const arnOf = (name: string) => `${MACHINE.replace(':stateMachine:', ':execution:')}:${name}`;
const OK = arnOf('paid');
const OK2 = arnOf('paid-again');
const FAILED = arnOf('declined');

// Every secret contains "SECRET": no response body may contain that word.
const definition = JSON.stringify({
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
});

function checkout(at: number, password: string, outcome: 'succeeds' | 'fails') {
  const input = JSON.stringify({
    orderId: `ORD-${at}`,
    customer: { email: `ann-${at}.SECRET@example.com`, name: 'Ann Findable' },
    password,
    items: [{ sku: 'A-1', card: { number: '4111-SECRET-2' } }],
    note: 'Authorization: Bearer tok-SECRET-3',
  });
  const res = { resourceType: 'lambda', resource: 'invoke' };
  const events = [
    ev(1, 0, 'ExecutionStarted', { input, roleArn: 'arn:aws:iam::123456789012:role/r' }, at),
    ev(2, 1, 'TaskStateEntered', { name: 'Charge', input }, at + 1),
    { ...scheduled(3, 2, at + 1), taskScheduledEventDetails: { ...res, region: 'us-east-1', parameters: JSON.stringify({ FunctionName: 'charge', Payload: { apiKey: 'key-SECRET-4', amount: 5 } }) } },
    started(4, 3, at + 1),
  ];
  if (outcome === 'fails') {
    const cause = JSON.stringify({ errorMessage: 'login failed password=pw-SECRET-7', errorType: 'AuthError' });
    events.push(ev(5, 4, 'TaskFailed', { ...res, error: 'AuthError', cause }, at + 2), ev(6, 5, 'ExecutionFailed', { error: 'AuthError', cause }, at + 2));
  } else {
    events.push(
      ev(5, 4, 'TaskSucceeded', { ...res, output: JSON.stringify({ Payload: { accessToken: 'tok-SECRET-5', status: 'ok' } }) }, at + 2),
      ev(6, 5, 'TaskStateExited', { name: 'Charge', output: '{"status":"ok"}', assignedVariables: { sessionToken: '"var-SECRET-10"', total: '5' } }, at + 2),
      ev(7, 6, 'SucceedStateEntered', { name: 'Done', input: '{"status":"ok"}' }, at + 3),
      ev(8, 7, 'SucceedStateExited', { name: 'Done', output: '{"status":"ok"}' }, at + 3),
      ev(9, 8, 'ExecutionSucceeded', { output: JSON.stringify({ ok: true, session: { cookie: 'ck-SECRET-6' }, receipt: 'R-1' }) }, at + 3),
    );
  }
  return parseHistory(events).events;
}

const noSecret = (body: unknown) => expect(JSON.stringify(body)).not.toContain('SECRET');

for (const backend of storeBackends('redaction')) {
  for (const mode of ['display', 'store'] as const) {
    describe(`redaction in mode ${mode} (${backend.name})`, () => {
      let drop = async (): Promise<void> => undefined;
      let restoreEnv = (): void => undefined;
      let configDir = '';
      let url = '';
      const call = (handler: Parameters<typeof callRoute>[0], path: string, params: Record<string, string> = {}) => callRoute(handler, path, params);

      beforeAll(async () => {
        const database = await backend.freshDatabase();
        drop = database.drop;
        url = database.url;
        restoreEnv = serveStoreToRoutes(url);
        configDir = mkdtempSync(join(tmpdir(), 'steplens-redaction-config-'));
        const config = join(configDir, 'steplens.config.json');
        writeFileSync(config, JSON.stringify({ redaction: { mode, paths: ['$.customer.email', '$.items[*].card'] } }));
        process.env.STEPLENS_CONFIG = config; // read by ingest (mode store) and by every route
        const store = await openStore(url);
        const stateMachine = { stateMachineArn: MACHINE, name: 'Checkout', type: 'STANDARD' as const, definition };
        const put = (executionArn: string, events: ReturnType<typeof checkout>) =>
          ingestExecution(store, { stateMachine, executionArn, stateMachineArn: MACHINE, name: executionArn.split(':').pop() as string, events });
        // Started within the last hour, so the default windows of the cluster and state routes hold them.
        const now = Math.floor(Date.now() / 1000) - 1_800;
        const base = now - Math.floor(Date.UTC(2025, 0, 15, 12) / 1000);
        await put(OK, checkout(base, 'pw-SECRET-1', 'succeeds'));
        await put(OK2, checkout(base + 60, 'pw-SECRET-8', 'succeeds'));
        await put(FAILED, checkout(base + 120, 'pw-SECRET-1', 'fails'));
      }, 120_000);

      afterAll(async () => {
        restoreEnv();
        await closeAllStores();
        await drop();
        rmSync(configDir, { recursive: true, force: true });
      });

      it(mode === 'store' ? 'the store holds no secret (events, executions, runs, definition)' : 'the store keeps the payloads as received', async () => {
        const dump = JSON.stringify(await dumpStore(await openStore(url)));
        if (mode === 'store') {
          expect(dump).not.toContain('SECRET');
          expect(dump).toContain('[redacted]');
        } else {
          for (const secret of ['pw-SECRET-1', 'tok-SECRET-5', 'pw-SECRET-7', 'def-SECRET-9']) expect(dump).toContain(secret);
        }
      });

      it('the detail (full and slim), every run and every events page show [redacted], never a secret', async () => {
        for (const arn of [OK, OK2, FAILED]) {
          const params = { arn };
          const detail = await call(detailRoute, `/api/executions/${encodeURIComponent(arn)}`, params);
          expect(detail.status).toBe(200);
          noSecret(detail.body);
          const execution = detail.body.execution as { input: string; output: string | null; cause: string | null };
          expect(JSON.parse(execution.input)).toMatchObject({ customer: { email: '[redacted]', name: 'Ann Findable' }, password: '[redacted]', items: [{ sku: 'A-1', card: '[redacted]' }], note: 'Authorization: Bearer [redacted]' });
          expect(JSON.stringify((detail.body.definition as { States: { Charge: unknown } }).States.Charge)).toContain('"Authorization":"[redacted]"');
          noSecret((await call(detailRoute, `/api/executions/${encodeURIComponent(arn)}?runs=slim`, params)).body);
          const runs = (detail.body.analysis as { runs: unknown[] }).runs;
          expect(runs.length).toBeGreaterThan(0);
          for (let index = 0; index < runs.length; index++) {
            const run = await call(runRoute, `/api/executions/${encodeURIComponent(arn)}/runs/${index}`, { arn, index: String(index) });
            expect(run.status).toBe(200);
            noSecret(run.body);
          }
          // The export's events, in small pages.
          let cursor: string | null = '';
          let events = 0;
          while (cursor !== null) {
            const page = await call(eventsRoute, `/api/executions/${encodeURIComponent(arn)}/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`, params);
            expect(page.status).toBe(200);
            noSecret(page.body);
            events += (page.body.items as unknown[]).length;
            cursor = page.body.nextCursor as string | null;
          }
          expect(events).toBeGreaterThanOrEqual(6);
        }
        const ok = await call(detailRoute, `/api/executions/${encodeURIComponent(OK)}`, { arn: OK });
        const charge = (ok.body.analysis as { runs: Array<{ stateName: string; taskAttempts: Array<{ parameters: unknown; result: unknown }> }> }).runs.find((r) => r.stateName === 'Charge');
        expect(charge?.taskAttempts[0]?.parameters).toBe('{"FunctionName":"charge","Payload":{"apiKey":"[redacted]","amount":5}}');
        expect(charge?.taskAttempts[0]?.result).toBe('{"Payload":{"accessToken":"[redacted]","status":"ok"}}');
        const failed = await call(detailRoute, `/api/executions/${encodeURIComponent(FAILED)}`, { arn: FAILED });
        expect((failed.body.analysis as { failure: { cause: string } }).failure.cause).toBe('{"errorMessage":"login failed password=[redacted]","errorType":"AuthError"}');
      });

      it('the diff of two executions whose secrets differ shows no secret in any delta', async () => {
        const diff = await call(diffRoute, `/api/executions/diff?a=${encodeURIComponent(OK)}&b=${encodeURIComponent(OK2)}`);
        expect(diff.status).toBe(200);
        noSecret(diff.body);
        // The inputs still differ where nothing is redacted (orderId), not where secrets were.
        expect(JSON.stringify(diff.body.input)).toContain('ORD-');
        const other = await call(diffRoute, `/api/executions/diff?a=${encodeURIComponent(FAILED)}&b=${encodeURIComponent(OK)}`);
        expect(other.status).toBe(200);
        noSecret(other.body);
      });

      it('the list shows redacted causes, and text search never matches a redacted value', async () => {
        const list = await call(listRoute, '/api/executions?counts=1');
        expect(list.status).toBe(200);
        expect((list.body.items as unknown[]).length).toBe(3);
        noSecret(list.body);
        const failedItem = (list.body.items as Array<{ executionArn: string; cause: string }>).find((i) => i.executionArn === FAILED);
        expect(failedItem?.cause).toContain('password=[redacted]');
        for (const text of ['SECRET', 'pw-SECRET-1', 'tok-SECRET-3', 'example.com', '4111', 'ck-SECRET', 'Bearer tok']) {
          const found = await call(listRoute, `/api/executions?text=${encodeURIComponent(text)}`);
          expect(found.status, text).toBe(200);
          expect(found.body.items, text).toEqual([]);
        }
        // What is shown is still found, with the page refilled past the thinned-out rows.
        const shown = await call(listRoute, `/api/executions?text=${encodeURIComponent('Ann Findable')}&limit=2`);
        expect((shown.body.items as unknown[]).length).toBe(2);
        expect(shown.body.nextCursor).not.toBeNull();
        expect((await call(listRoute, `/api/executions?text=${encodeURIComponent('[redacted]')}`)).body.items).toHaveLength(mode === 'store' ? 3 : 0);
        if (mode === 'display') {
          // Why the recheck exists: the store's own search sees the secrets in this mode.
          expect((await listExecutions(await openStore(url), { text: 'pw-SECRET-1' })).items).toHaveLength(2);
        }
      });

      it('last failures, cluster patterns and the state panel carry no secret', async () => {
        const machines = await call(machinesRoute, '/api/state-machines?stats=1');
        expect(machines.status).toBe(200);
        noSecret(machines.body);
        const lastFailure = (machines.body.items as Array<{ stats: { lastFailure: { cause: string } | null } }>)[0]?.stats.lastFailure;
        expect(lastFailure?.cause).toContain('[redacted]');
        const clusters = await call(clustersRoute, `/api/failure-clusters?stateMachineArn=${encodeURIComponent(MACHINE)}&from=2000-01-01T00:00:00Z`);
        expect(clusters.status).toBe(200);
        expect((clusters.body.items as unknown[]).length).toBe(1);
        noSecret(clusters.body);
        const state = await call(stateRoute, `/api/state-machines/${encodeURIComponent(MACHINE)}/states/Charge?last=10`, { arn: MACHINE, stateName: 'Charge' });
        expect(state.status).toBe(200);
        noSecret(state.body);
      });

      it('a redaction section made invalid while serving stops the routes rather than let values through', async () => {
        const config = process.env.STEPLENS_CONFIG as string;
        writeFileSync(config, JSON.stringify({ redaction: { mode, paths: ['$.customer.email', 'items[*].card'] } }));
        try {
          for (const [handler, path, params] of [
            [detailRoute, `/api/executions/${encodeURIComponent(OK)}`, { arn: OK }],
            [listRoute, '/api/executions', {}],
          ] as const) {
            const answer = await call(handler, path, params);
            expect(answer.status, path).toBe(500);
            noSecret(answer.body);
          }
        } finally {
          writeFileSync(config, JSON.stringify({ redaction: { mode, paths: ['$.customer.email', '$.items[*].card'] } }));
        }
        expect((await call(detailRoute, `/api/executions/${encodeURIComponent(OK)}`, { arn: OK })).status).toBe(200);
      });
    });
  }
}
