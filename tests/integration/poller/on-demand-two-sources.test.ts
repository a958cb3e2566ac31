// The on-demand fetch (opening an execution the poller has listed but not read yet) with two
// sources in one Region, as the fault soak runs it: the source tried first answers
// ExecutionDoesNotExist for an execution of the other one. Found by the soak: that answer flagged
// the execution expired, the other source then failed for a moment (a fault, a restart), and the
// poller, which skips expired executions, never read its history (stored with 0 events for good).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION } from '../../../lib/history/index.ts';
import { ensureIngested } from '../../../lib/poller/index.ts';
import { getStoredHistoryHead, openStore, saveExecutionHistory, type Store } from '../../../lib/store/index.ts';
import { ROLE_ARN, startTestEmulator, waitFor, type TestEmulator } from '../../helpers/emulator.ts';

let first: TestEmulator;
let second: TestEmulator;
let store: Store;
let dir = '';
const closed = new Set<TestEmulator>();

beforeAll(async () => {
  [first, second] = await Promise.all([startTestEmulator(), startTestEmulator()]);
  dir = mkdtempSync(path.join(tmpdir(), 'steplens-on-demand-'));
  store = await openStore(`file:${path.join(dir, 'store.db')}`);
});

afterAll(async () => {
  await store?.close();
  for (const emulator of [first, second]) if (emulator && !closed.has(emulator)) await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The environment of a server whose config names both emulators, `first` first. */
function envFor(...emulators: TestEmulator[]): Record<string, string> {
  const file = path.join(dir, `config-${emulators.length}-${Date.now()}.json`);
  const sources = emulators.map((e, i) => ({ id: `source-${i}`, kind: 'endpoint', endpoint: e.emulator.url }));
  writeFileSync(file, JSON.stringify({ sources }));
  return { STEPLENS_CONFIG: file, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
}

/** What a poller that listed the execution and has not read its history yet has stored. */
async function storeListedOnly(executionArn: string, stateMachineArn: string, name: string): Promise<void> {
  await saveExecutionHistory(store, {
    execution: {
      executionArn,
      stateMachineArn,
      name,
      status: 'SUCCEEDED',
      startDate: new Date(),
      stopDate: new Date(),
      input: null,
      output: null,
      error: null,
      cause: null,
      redriveCount: 0,
      historyComplete: false,
      partial: false,
    },
    events: [],
    runs: [],
    analyzerVersion: ANALYZER_VERSION,
  });
}

describe('on-demand fetch over two sources in one Region', () => {
  it('does not flag expired an execution that only the first source lacks, and flags one that every source lacks', async () => {
    const definition = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };
    const { stateMachineArn } = await second.emulator.createStateMachine({ name: 'on-second', type: 'STANDARD', definition: JSON.stringify(definition), roleArn: ROLE_ARN });
    const { executionArn } = await second.emulator.startExecution(stateMachineArn, '{}', 'listed-only');
    await waitFor(async () => {
      const page = await second.emulator.callSfn('DescribeExecution', { executionArn });
      return page.status === 'SUCCEEDED' ? true : undefined;
    });
    await storeListedOnly(executionArn, stateMachineArn, 'listed-only');
    const env = envFor(first, second);

    // The second source is unreachable for a moment: the first says ExecutionDoesNotExist, the
    // second cannot be asked. Nothing is known to be gone: the execution stays in the backlog.
    await second.emulator.close();
    closed.add(second);
    expect(await ensureIngested(store, executionArn, env, dir)).toBe(true);
    expect(await getStoredHistoryHead(store, executionArn)).toMatchObject({ historyComplete: false, expired: false });

    // An execution no source has (both answer ExecutionDoesNotExist) is flagged, as before.
    const gone = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:gone`;
    await storeListedOnly(gone, stateMachineArn, 'gone');
    const other = await startTestEmulator();
    try {
      expect(await ensureIngested(store, gone, envFor(first, other), dir)).toBe(true);
    } finally {
      await other.close();
    }
    expect(await getStoredHistoryHead(store, gone)).toMatchObject({ historyComplete: false, expired: true });
  });
});
