// GET /api/executions/{arn}/test-case (DESIGN.md §2.10) called as Next.js calls it, over an
// execution the interpreter recorded (a Task busy twice then declined, retried, not caught) and
// ingested with its definition: the answer is the §2.10 shape with one response per Task state,
// which the emulator's parser accepts and which replays the execution event for event; each
// ?file= part is a download under the name the commands read; the default display redaction is
// applied to mocked outputs; 404 unknown ARN, 409 without a stored definition, 400 bad ?file=.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as testCaseRoute } from '../../../app/api/executions/[arn]/test-case/route.ts';
import type { TaskRequest, TaskResult } from '../../../lib/emulator/engine-contract.ts';
import { parseMockConfig } from '../../../lib/emulator/index.ts';
import { replayExecution } from '../../../lib/emulator/replay.ts';
import { toHistoryEvent } from '../../../lib/emulator/server/history-wire.ts';
import { compareHistories } from '../../../lib/history/compare-histories.ts';
import { parseHistory } from '../../../lib/history/index.ts';
import type { RecordedOutcomes } from '../../../lib/history/test-case.ts';
import { ingestExecution } from '../../../lib/ingest/index.ts';
import { closeAllStores, openStore } from '../../../lib/store/index.ts';
import { callRoute, serveStoreToRoutes } from '../../helpers/route-handlers.ts';
import { run } from '../../unit/emulator/interpreter/run-helper.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
const FAILED = 'arn:aws:states:us-east-1:123456789012:execution:Orders:failed-1';
const NO_DEFINITION = 'arn:aws:states:us-east-1:123456789012:execution:Orders2:unknown-definition';
const lambda = 'arn:aws:states:::lambda:invoke';

const definition = {
  StartAt: 'Lookup',
  States: {
    Lookup: { Type: 'Task', Resource: lambda, Next: 'Charge' },
    Charge: { Type: 'Task', Resource: lambda, Retry: [{ ErrorEquals: ['Card.Busy'], IntervalSeconds: 1, MaxAttempts: 3 }], End: true },
  },
};

let chargeCalls = 0;
const answer = (request: TaskRequest): TaskResult => {
  if (request.stateName === 'Lookup') return { ok: true, output: { customer: 'c-1', password: 'hunter2' } };
  chargeCalls += 1;
  return chargeCalls <= 2 ? { ok: false, error: 'Card.Busy', cause: 'try again' } : { ok: false, error: 'Card.Declined', cause: '{"code":51}' };
};

let dir = '';
let restoreEnv = (): void => undefined;
let recorded: ReturnType<typeof parseHistory>['events'] = [];

const call = (arn: string, query = '') => callRoute(testCaseRoute, `/api/executions/${encodeURIComponent(arn)}/test-case${query}`, { arn });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-test-case-'));
  const url = `file:${join(dir, 'store.db')}`;
  const store = await openStore(url);
  const ran = await run(definition, { order: 7 }, answer);
  recorded = parseHistory({ events: ran.events.map((e) => toHistoryEvent(e)) }).events;
  await ingestExecution(store, {
    stateMachine: { stateMachineArn: MACHINE, name: 'Orders', type: 'STANDARD', definition: JSON.stringify(definition) },
    executionArn: FAILED,
    stateMachineArn: MACHINE,
    name: 'failed-1',
    events: recorded,
  });
  const other = MACHINE.replace('Orders', 'Orders2');
  await ingestExecution(store, { stateMachine: { stateMachineArn: other, name: 'Orders2', type: 'STANDARD' }, executionArn: NO_DEFINITION, stateMachineArn: other, name: 'unknown-definition', events: recorded });
  await store.close();
  restoreEnv = serveStoreToRoutes(url);
});

afterAll(async () => {
  restoreEnv();
  await closeAllStores();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/executions/{arn}/test-case', () => {
  it('answers the §2.10 test case: one response per Task state, calls counted from 0, redacted outputs', async () => {
    const { status, body } = await call(FAILED);
    expect(status).toBe(200);
    expect(body).toMatchObject({ stateMachineName: 'Orders', testCase: 'failed-1', definition, input: '{"order":7}', redactedPayloads: true });
    expect(body.mockConfig).toEqual({
      StateMachines: { Orders: { TestCases: { 'failed-1': { Lookup: 'failed-1.Lookup', Charge: 'failed-1.Charge' } } } },
      MockedResponses: {
        'failed-1.Lookup': { '0': { Return: { customer: 'c-1', password: '[redacted]' } } },
        'failed-1.Charge': { '0-1': { Throw: { Error: 'Card.Busy', Cause: 'try again' } }, '2': { Throw: { Error: 'Card.Declined', Cause: '{"code":51}' } } },
      },
    });
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(parseMockConfig(body.mockConfig)).toEqual(body.mockConfig);
    const commands = body.commands as { stepFunctionsLocal: string; steplensEmulator: string; run: string[] };
    expect(commands.steplensEmulator).toBe('steplens emulator --mock-config MockConfigFile.json');
    expect(commands.stepFunctionsLocal).toContain('SFN_MOCK_CONFIG=');
    expect(commands.run[1]).toContain('--state-machine-arn arn:aws:states:us-east-1:123456789012:stateMachine:Orders#failed-1');
  });

  it('replays the recorded execution event for event from the answer alone', async () => {
    const { body } = await call(FAILED);
    const replay = await replayExecution({
      definition: body.definition as Record<string, unknown>,
      input: body.input as string,
      outcomes: body.outcomes as RecordedOutcomes,
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:M:e1',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });
    expect(replay.outcome).toMatchObject({ status: 'FAILED', error: 'Card.Declined' });
    expect(compareHistories(recorded, replay.events)).toBeNull();
  });

  it('serves each part as a file under the name the commands read', async () => {
    const full = await call(FAILED);
    const expected = { 'mock-config': ['MockConfigFile.json', full.body.mockConfig], definition: ['definition.json', definition], input: ['input.json', { order: 7 }] } as const;
    for (const [kind, [name, value]] of Object.entries(expected)) {
      const response = await testCaseRoute(new NextRequest(`http://127.0.0.1/api/executions/${encodeURIComponent(FAILED)}/test-case?file=${kind}`), { params: Promise.resolve({ arn: FAILED }) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
      expect(JSON.parse(await response.text())).toEqual(value);
    }
  });

  it('404 for an unknown ARN, 409 without a stored definition, 400 for an unknown file', async () => {
    const missing = `${FAILED}-nope`;
    expect(await call(missing)).toEqual({ status: 404, body: { error: `execution not found: ${missing}` } });
    const noDefinition = await call(NO_DEFINITION);
    expect(noDefinition.status).toBe(409);
    expect(noDefinition.body.error).toBe(`execution ${NO_DEFINITION}: its definition is not stored, so no test case can be made`);
    const bad = await call(FAILED, '?file=zip');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^file: must be one of mock-config, definition, input, test-case/);
  });
});
