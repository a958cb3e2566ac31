// GET /api/map-runs/{arn} and the §2.9 relations of GET /api/executions/{arn}, called as Next.js
// calls them, over a store the poller filled from the built-in emulator (tests/helpers
// map-run-scenario: a parent that starts an execution through states:startExecution, then fails
// in a Distributed Map). The Map Run answers what DescribeMapRun said, its parent and its stored
// children per status as the source lists them; each child names its parent, the parent its Map
// Run and started execution; an unknown Map Run ARN is 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as executionRoute } from '../../../app/api/executions/[arn]/route.ts';
import { GET as mapRunRoute } from '../../../app/api/map-runs/[arn]/route.ts';
import { closeAllStores } from '../../../lib/store/index.ts';
import { runMapRunScenario, type MapRunScenario } from '../../helpers/map-run-scenario.ts';
import { callRoute, serveStoreToRoutes } from '../../helpers/route-handlers.ts';
import { EXTERNAL_ENDPOINT } from '../poller/poller-helpers.ts';

let scenario: MapRunScenario | null = null;
let restoreEnv = (): void => undefined;

const mapRun = (arn: string) => callRoute(mapRunRoute, `/api/map-runs/${encodeURIComponent(arn)}`, { arn });
const execution = (arn: string) => callRoute(executionRoute, `/api/executions/${encodeURIComponent(arn)}?runs=slim`, { arn });

beforeAll(async () => {
  if (EXTERNAL_ENDPOINT !== null) return;
  scenario = await runMapRunScenario();
  restoreEnv = serveStoreToRoutes(scenario.rig.dbUrl);
}, 120_000);

afterAll(async () => {
  restoreEnv();
  await closeAllStores();
  await scenario?.rig.close();
});

describe.skipIf(EXTERNAL_ENDPOINT !== null)('GET /api/map-runs/{arn}', () => {
  it('answers the Map Run as DescribeMapRun described it, its parent, and its stored children per status', async () => {
    const s = scenario as MapRunScenario;
    const { status, body } = await mapRun(s.mapRunArn);
    expect(status).toBe(200);
    expect(s.described.status).toBe('FAILED');
    expect(body.mapRun).toMatchObject({
      mapRunArn: s.mapRunArn,
      executionArn: s.parentArn,
      stateName: 'Fan',
      status: s.described.status,
      itemCounts: s.described.itemCounts,
      executionCounts: s.described.executionCounts,
      toleratedFailurePercentage: s.described.toleratedFailurePercentage,
      toleratedFailureCount: s.described.toleratedFailureCount,
      maxConcurrency: s.described.maxConcurrency,
      executionType: 'STANDARD',
    });
    expect(body.parent).toMatchObject({ executionArn: s.parentArn, name: 'fan-out-1', status: 'FAILED' });
    const bySource: Record<string, number> = {};
    for (const c of s.children) bySource[c.status] = (bySource[c.status] ?? 0) + 1;
    expect(body.storedChildren).toEqual(bySource);
    expect(body.storedChildrenTotal).toBe(s.children.length);
    expect(bySource.FAILED ?? 0).toBeGreaterThan(0);
    expect(body.storedChildren).toMatchObject({ FAILED: s.described.executionCounts.failed });
  });

  it('answers 404 naming an unknown Map Run, and 404 for an execution ARN', async () => {
    const unknown = 'arn:aws:states:us-east-1:123456789012:mapRun:nope/Fan:00000000-0000-0000-0000-000000000000';
    const missing = await mapRun(unknown);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe(`Map Run not found: ${unknown}`);
    expect((await mapRun((scenario as MapRunScenario).parentArn)).status).toBe(404);
  });
});

describe.skipIf(EXTERNAL_ENDPOINT !== null)('GET /api/executions/{arn}: Map Runs, parent and children (§2.9)', () => {
  it('gives the parent its Map Run with the described counts and the execution its StartExecution task started', async () => {
    const s = scenario as MapRunScenario;
    const { status, body } = await execution(s.parentArn);
    expect(status).toBe(200);
    expect(body.mapRuns).toEqual([
      { mapRunArn: s.mapRunArn, stateName: 'Fan', runIndex: expect.any(Number), status: 'FAILED', itemCounts: s.described.itemCounts, executionCounts: s.described.executionCounts },
    ]);
    expect(body.childExecutions).toEqual([{ executionArn: s.startedArn, stateName: 'Launch', runIndex: 0, via: 'task-output', status: 'SUCCEEDED', name: expect.any(String) }]);
    expect(body.parentExecutionArn).toBeNull();
  });

  it('names the parent of a failed Map Run child and of the started execution', async () => {
    const s = scenario as MapRunScenario;
    const failedChild = s.children.find((c) => c.status === 'FAILED');
    const child = await execution(failedChild?.executionArn as string);
    expect(child.status).toBe(200);
    expect(child.body.parentExecutionArn).toBe(s.parentArn);
    expect(child.body.parent).toMatchObject({ executionArn: s.parentArn, via: 'map-run', mapRunArn: s.mapRunArn, stateName: 'Fan', status: 'FAILED', name: 'fan-out-1' });
    const started = await execution(s.startedArn);
    expect(started.body.parentExecutionArn).toBe(s.parentArn);
    // Both directions name it: the parent's task output (which names the state) wins over the child's input.
    expect(started.body.parent).toMatchObject({ executionArn: s.parentArn, via: 'task-output', stateName: 'Launch', runIndex: 0, mapRunArn: null });
  });
});
