import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getExecutionDetail } from '../../../lib/api/executions/get-execution-detail.ts';
import { ensureIngested } from '../../../lib/poller/index.ts';
import { ANALYZER_VERSION, analyzeExecution, parseHistory, summarizeExecution } from '../../../lib/history/index.ts';
import { openStore, saveExecutionHistory, type Store } from '../../../lib/store/index.ts';
import { ROLE_ARN, startTestEmulator, waitFor, type TestEmulator } from '../../helpers/emulator';

// The list shows what ListExecutions said (e.g. SUCCEEDED) before the poller has read the whole
// history; opening the execution then must not show an analysis that contradicts it. The detail
// fetches the rest of the history from the source first.

let test: TestEmulator;
let store: Store;
let dir = '';
const savedEnv = { ...process.env };

beforeAll(async () => {
  test = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), 'steplens-detail-'));
  store = await openStore(`file:${join(dir, 'store.db')}`);
  Object.assign(process.env, { AWS_ENDPOINT_URL_SFN: test.emulator.url, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
});

afterAll(async () => {
  process.env = savedEnv;
  await store?.close();
  await test?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('execution detail of an execution listed as finished but not fully read', () => {
  it('reads the rest of the history before analysing it', async () => {
    const definition = { StartAt: 'First', States: { First: { Type: 'Pass', Next: 'Second' }, Second: { Type: 'Pass', Next: 'Done' }, Done: { Type: 'Succeed' } } };
    const { stateMachineArn } = await test.emulator.createStateMachine({ name: 'catch-up', type: 'STANDARD', definition: JSON.stringify(definition), roleArn: ROLE_ARN });
    const { executionArn } = await test.emulator.startExecution(stateMachineArn, '{"n":1}', 'listed-before-read');
    const full = await waitFor(async () => {
      const page = await test.emulator.callSfn('GetExecutionHistory', { executionArn, maxResults: 1000 });
      const events = page.events as Array<{ type: string }>;
      return events.some((event) => event.type === 'ExecutionSucceeded') ? events : undefined;
    });

    // What a poller that is behind has stored: the first two events, and the listed status.
    const head = parseHistory({ events: full.slice(0, 2) }).events;
    const summary = summarizeExecution(head);
    await saveExecutionHistory(store, {
      execution: {
        executionArn,
        stateMachineArn,
        name: 'listed-before-read',
        status: 'SUCCEEDED',
        startDate: summary.startDate === null ? null : new Date(summary.startDate),
        stopDate: null,
        input: '{"n":1}',
        output: null,
        error: null,
        cause: null,
        redriveCount: 0,
        historyComplete: false,
        partial: false,
      },
      events: head,
      runs: analyzeExecution(head).runs,
      analyzerVersion: ANALYZER_VERSION,
    });
    expect(analyzeExecution(head).status).toBe('RUNNING');

    // A pure read serves what is stored; the page and the API call ensureIngested first.
    expect((await getExecutionDetail(store, executionArn))?.analysis.status).toBe('RUNNING');
    expect(await ensureIngested(store, executionArn)).toBe(true);
    const detail = await getExecutionDetail(store, executionArn);
    expect(detail?.analysis.status).toBe('SUCCEEDED');
    expect(detail?.analysis.eventCount).toBe(full.length);
    expect(detail?.analysis.runs.map((run) => run.stateName)).toEqual(['First', 'Second', 'Done']);
  });
});
