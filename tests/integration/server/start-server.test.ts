import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, runSteplens } from '../../helpers/run-steplens';
import { startSteplensServer, type RunningServer } from '../../helpers/steplens-server';

// The README's promise, end to end: `steplens start` builds when needed, creates a fresh store,
// serves the API and the pages; `steplens import` fills the store while it runs.

const files = {
  caught: join(corpusDir, 'scenarios.test_base_scenarios__TestBaseScenarios.test_lambda_service_invoke_with_retry_extended_input__0.json'),
  failed: join(corpusDir, 'scenarios.test_base_scenarios__TestBaseScenarios.test_catch_states_runtime__0.json'),
  map: join(corpusDir, 'scenarios.test_base_scenarios__TestBaseScenarios.test_map_state_legacy_config_inline__0.json'),
};

let server: RunningServer;
let baseUrl = '';
let env: Record<string, string> = {};

beforeAll(async () => {
  server = await startSteplensServer();
  baseUrl = server.baseUrl;
  env = server.env;
}, 180_000);

afterAll(() => server?.stop());

describe('steplens start', () => {
  it('serves health on an empty store', async () => {
    const health = await (await fetch(`${baseUrl}/api/health`)).json();
    expect(health).toMatchObject({ ok: true, poller: { throttled: 0 } });
    expect(Array.isArray(health.sources)).toBe(true);
  });

  it('serves what import stores: lists, detail and pages', async () => {
    const imported = await runSteplens(['import', files.caught, files.failed, files.map], { env });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);

    const machines = await (await fetch(`${baseUrl}/api/state-machines`)).json();
    expect(machines.items.length).toBeGreaterThanOrEqual(3);

    const list = await (await fetch(`${baseUrl}/api/executions?limit=2`)).json();
    expect(list.items).toHaveLength(2);
    expect(typeof list.nextCursor).toBe('string');
    const rest = await (await fetch(`${baseUrl}/api/executions?limit=2&cursor=${encodeURIComponent(list.nextCursor)}`)).json();
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();

    const failed = await (await fetch(`${baseUrl}/api/executions?status=FAILED`)).json();
    expect(failed.items.length).toBeGreaterThanOrEqual(1);
    const failedArn: string = failed.items[0].executionArn;
    const detail = await (await fetch(`${baseUrl}/api/executions/${encodeURIComponent(failedArn)}`)).json();
    expect(detail.execution.executionArn).toBe(failedArn);
    expect(detail.analysis.status).toBe('FAILED');
    expect(detail.analysis.failure.stateName).toEqual(expect.any(String));
    expect(detail.definition).toEqual(expect.objectContaining({ States: expect.any(Object) }));

    // The list page renders its shell on the server and loads rows from /api/executions in the
    // browser (tests/e2e/executions-list.test.ts checks the rows in Chromium).
    const listPage = await fetch(`${baseUrl}/executions`);
    expect(listPage.status).toBe(200);
    expect(await listPage.text()).toContain('Filter executions');
    const detailPage = await fetch(`${baseUrl}/executions/${encodeURIComponent(failedArn)}`);
    expect(detailPage.status).toBe(200);
    const html = await detailPage.text();
    expect(html).toContain('data-testid="failure-banner"');
    expect(html).toContain(detail.analysis.failure.error);
  });

  it('answers 404 and 400 with a JSON error', async () => {
    const missing = await fetch(`${baseUrl}/api/executions/${encodeURIComponent('arn:aws:states:us-east-1:1:execution:x:y')}`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toContain('arn:aws:states:us-east-1:1:execution:x:y');
    const bad = await fetch(`${baseUrl}/api/executions?status=EXPLODED`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^status/);
  });
});
