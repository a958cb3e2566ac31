// POST /api/executions/{arn}/replay ("Try a fix", DESIGN.md §2.10) called as Next.js calls it, over
// an interpreter-recorded execution (Charge busy twice, then declined, not caught) stored with its
// definition: a Catch for Card.Declined makes the replay SUCCEED and the diff parts at Charge; a
// definition with a syntax error or a missing transition target answers its problems at their
// line; the unchanged definition reproduces; 404 unknown ARN; 400 without a definition.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as replayRoute } from '../../../app/api/executions/[arn]/replay/route.ts';
import type { TaskRequest, TaskResult } from '../../../lib/emulator/engine-contract.ts';
import { toHistoryEvent } from '../../../lib/emulator/server/history-wire.ts';
import { parseHistory } from '../../../lib/history/index.ts';
import { ingestExecution } from '../../../lib/ingest/index.ts';
import { closeAllStores, openStore } from '../../../lib/store/index.ts';
import { serveStoreToRoutes } from '../../helpers/route-handlers.ts';
import { run } from '../../unit/emulator/interpreter/run-helper.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
const FAILED = 'arn:aws:states:us-east-1:123456789012:execution:Orders:declined-1';
const lambda = 'arn:aws:states:::lambda:invoke';
const definition = {
  StartAt: 'Charge',
  States: {
    Charge: { Type: 'Task', Resource: lambda, Retry: [{ ErrorEquals: ['Card.Busy'], MaxAttempts: 3 }], Next: 'Ship' },
    Ship: { Type: 'Task', Resource: lambda, End: true },
  },
};
let calls = 0;
const answer = (request: TaskRequest): TaskResult => {
  if (request.stateName === 'Ship') return { ok: true, output: { shipped: true } };
  calls += 1;
  return calls <= 2 ? { ok: false, error: 'Card.Busy', cause: 'again' } : { ok: false, error: 'Card.Declined', cause: 'no funds' };
};

let dir = '';
let restoreEnv = (): void => undefined;

async function post(arn: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const request = new NextRequest(`http://127.0.0.1/api/executions/${encodeURIComponent(arn)}/replay`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const response = await replayRoute(request, { params: Promise.resolve({ arn }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-replay-route-'));
  const url = `file:${join(dir, 'store.db')}`;
  const store = await openStore(url);
  const ran = await run(definition, { order: 7 }, answer);
  const events = parseHistory({ events: ran.events.map((e) => toHistoryEvent(e)) }).events;
  await ingestExecution(store, { stateMachine: { stateMachineArn: MACHINE, name: 'Orders', type: 'STANDARD', definition: JSON.stringify(definition) }, executionArn: FAILED, stateMachineArn: MACHINE, name: 'declined-1', events });
  await store.close();
  restoreEnv = serveStoreToRoutes(url);
});

afterAll(async () => {
  restoreEnv();
  await closeAllStores();
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /api/executions/{arn}/replay', () => {
  it('a Catch for the error saves it: the replay SUCCEEDS and the diff parts at Charge', async () => {
    const fixed = structuredClone(definition) as { StartAt: string; States: Record<string, Record<string, unknown>> };
    (fixed.States.Charge as Record<string, unknown>).Catch = [{ ErrorEquals: ['Card.Declined'], Next: 'Declined' }];
    fixed.States.Declined = { Type: 'Pass', End: true };
    const { status, body } = await post(FAILED, { definition: JSON.stringify(fixed, null, 2) });
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, status: 'SUCCEEDED', reproduced: false });
    const diff = (body.diff as { diff: { a: { status: string }; b: { status: string; executionArn: string }; firstDivergence: { stateName: string } }; definitions: { b: unknown } }).diff;
    expect(diff.a.status).toBe('FAILED');
    expect(diff.b).toMatchObject({ status: 'SUCCEEDED', executionArn: `${FAILED}-try-fix` });
    expect(diff.firstDivergence.stateName).toBe('Charge');
    expect((body.diff as { definitions: { b: unknown } }).definitions.b).toEqual(fixed);
  });

  it('the unchanged definition reproduces the recording', async () => {
    const { body } = await post(FAILED, { definition: JSON.stringify(definition) });
    expect(body).toMatchObject({ ok: true, status: 'FAILED', reproduced: true, firstDifference: null });
  });

  it('answers the problems of a definition the emulator refuses, at their line', async () => {
    const text = JSON.stringify({ StartAt: 'Charge', States: { Charge: { Type: 'Task', Resource: lambda, Next: 'Nowhere' } } }, null, 2);
    const { status, body } = await post(FAILED, { definition: text });
    expect(status).toBe(200);
    const line = text.split('\n').findIndex((l) => l.includes('"Charge": {')) + 1;
    expect(body).toEqual({
      ok: false,
      problems: [
        { line, path: '$.States.Charge', message: "MISSING_TRANSITION_TARGET: State 'Charge' transitions to 'Nowhere', which does not exist." },
        { line: 1, path: '$', message: 'MISSING_TERMINAL_STATE: No state ends the state machine (End, Succeed or Fail).' },
      ].sort((x, y) => x.line - y.line),
    });
    const syntax = await post(FAILED, { definition: '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass" "End": true }\n  }\n}' });
    expect(syntax.body).toMatchObject({ ok: false, problems: [{ line: 4 }] });
    expect((syntax.body.problems as Array<{ message: string }>)[0]?.message).toMatch(/^Not JSON: /);
  });

  it('404 for an unknown ARN, 400 without a definition', async () => {
    expect(await post(`${FAILED}-nope`, { definition: JSON.stringify(definition) })).toEqual({ status: 404, body: { error: `execution not found: ${FAILED}-nope` } });
    const bad = await post(FAILED, {});
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^definition: /);
  });
});
