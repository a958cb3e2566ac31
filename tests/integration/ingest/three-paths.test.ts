// The one ingest path (lib/ingest): the same history stored by the poller, by `steplens import`
// of an AWS CLI export, and by the on-demand fetch gives identical rows — every event column but
// `raw` (the form received: SDK objects vs the CLI's JSON), the execution's derived columns and
// every StateRun row, analyzer version included.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION } from '../../../lib/history/index.ts';
import { ensureIngested, pollOnce } from '../../../lib/poller/index.ts';
import { dumpStore, openStore, type DumpedRow, type Store } from '../../../lib/store/index.ts';
import { AWS_CLI_V1, runAwsCli } from '../../helpers/emulator.ts';
import { runSteplens } from '../../helpers/run-steplens.ts';
import { createMachine, listAll, start, startRig, type Rig } from '../poller/poller-helpers.ts';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:';

// Retries, a caught error, an inline Map with a failing iteration caught, a Parallel and a final
// failure: every kind of derived field has something to say.
const DEFINITION = {
  StartAt: 'Charge',
  States: {
    Charge: {
      Type: 'Task',
      Resource: `${LAMBDA}flaky`,
      Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Items', ResultPath: '$.caught' }],
      ResultPath: '$.charge',
      Next: 'Items',
    },
    Items: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Check',
        States: { Check: { Type: 'Task', Resource: `${LAMBDA}check`, End: true } },
      },
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Both', ResultPath: '$.mapError' }],
      ResultPath: '$.checked',
      Next: 'Both',
    },
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Wait', Seconds: 1, End: true } } },
      ],
      ResultPath: null,
      Next: 'Decide',
    },
    Decide: { Type: 'Choice', Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Broken' }], Default: 'Done' },
    Broken: { Type: 'Fail', Error: 'Order.Broken', Cause: 'the order could not be completed' },
    Done: { Type: 'Succeed' },
  },
};

let rig: Rig;
const executionArns: string[] = [];

beforeAll(async () => {
  rig = await startRig({ timeScale: 20 });
  let calls = 0;
  rig.emulator?.registerTaskHandler(`${LAMBDA}flaky`, async () =>
    ++calls % 3 === 1 ? { ok: false, error: 'Flaky', cause: `attempt ${calls} failed` } : { ok: true, output: { charged: calls } },
  );
  rig.emulator?.registerTaskHandler(`${LAMBDA}check`, async (input: unknown) =>
    JSON.stringify(input).includes('"bad":true') ? { ok: false, error: 'Item.Bad', cause: JSON.stringify({ item: input }) } : { ok: true, output: { ok: input } },
  );
  const machine = await createMachine(rig, 'three-paths', DEFINITION);
  const inputs = [
    { items: [{ n: 1 }, { n: 2 }], fail: false },
    { items: [{ n: 1 }, { n: 2, bad: true }, { n: 3 }], fail: true },
    { items: [], fail: false },
  ];
  for (const [i, input] of inputs.entries()) executionArns.push(await start(rig, machine, input, `order-${i}`));
  // Wait until the source has finished them all: each path then reads the whole history.
  for (;;) {
    const listed = await listAll(rig, machine);
    if (listed.length === inputs.length && listed.every((e) => e.status !== 'RUNNING')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

/** Every row that the ingest path derives or stores from events, without what names the source. */
async function ingestedRows(store: Store): Promise<{ Execution: DumpedRow[]; HistoryEvent: DumpedRow[]; StateRun: DumpedRow[] }> {
  const dump = await dumpStore(store);
  const without = (rows: DumpedRow[], columns: string[]): DumpedRow[] =>
    rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !columns.includes(key))));
  return {
    // revisionId: AWS's revision id when polled, the definition's hash when imported.
    Execution: without(dump.Execution, ['createdAt', 'updatedAt', 'revisionId']),
    HistoryEvent: without(dump.HistoryEvent, ['raw']),
    StateRun: dump.StateRun,
  };
}

describe('the three ingest paths', () => {
  it('store identical rows for the same history (poller, import of a CLI export, on-demand fetch)', async () => {
    // 1. The poller.
    const polled = await pollOnce({ store: rig.store, sources: rig.config.sources });
    expect(polled.errors).toEqual([]);
    const viaPoller = await ingestedRows(rig.store);
    expect(viaPoller.Execution.map((row) => row.executionArn).sort()).toEqual([...executionArns].sort());
    expect(viaPoller.StateRun.length).toBeGreaterThan(executionArns.length * 6);
    expect(new Set(viaPoller.Execution.map((row) => row.status))).toEqual(new Set(['SUCCEEDED', 'FAILED']));
    expect(viaPoller.StateRun.every((row) => row.analyzerVersion === ANALYZER_VERSION)).toBe(true);
    expect(viaPoller.Execution.every((row) => row.analyzerVersion === ANALYZER_VERSION)).toBe(true);
    expect(viaPoller.StateRun.some((row) => row.status === 'CAUGHT')).toBe(true);
    expect(viaPoller.StateRun.some((row) => typeof row.attempts === 'number' && row.attempts > 1)).toBe(true);

    // 2. `steplens import` of what `aws stepfunctions get-execution-history` printed (CLI v1:
    // epoch-second timestamps), with the definition beside the events as the corpus has it.
    const dir = mkdtempSync(path.join(tmpdir(), 'steplens-three-paths-'));
    const importUrl = `file:${path.join(dir, 'import.db')}`;
    const machineArn = viaPoller.Execution[0]?.stateMachineArn as string;
    const described = await rig.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }));
    for (const [i, executionArn] of executionArns.entries()) {
      const exported = await runAwsCli(AWS_CLI_V1, rig.url, ['stepfunctions', 'get-execution-history', '--execution-arn', executionArn]);
      expect(exported.code, exported.stderr).toBe(0);
      const file = path.join(dir, `history-${i}.json`);
      writeFileSync(file, JSON.stringify({ ...(exported.json as object), definition: described.definition }));
      const imported = await runSteplens(['import', '--execution-arn', executionArn, file], { env: { DATABASE_URL: importUrl } });
      expect(imported.code, imported.stderr).toBe(0);
    }
    const importStore = await openStore(importUrl);
    try {
      expect(await ingestedRows(importStore)).toEqual(viaPoller);
    } finally {
      await importStore.close();
    }

    // 3. The on-demand fetch of executions the store has never seen.
    const onDemandStore = await openStore(`file:${path.join(dir, 'on-demand.db')}`);
    try {
      const env = { AWS_ENDPOINT_URL_SFN: rig.url, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
      for (const executionArn of executionArns) expect(await ensureIngested(onDemandStore, executionArn, env, dir)).toBe(true);
      expect(await ingestedRows(onDemandStore)).toEqual(viaPoller);
    } finally {
      await onDemandStore.close();
    }
  }, 180_000);
});
