// The poller against the built-in emulator (or STEPLENS_TEST_SFN_ENDPOINT): every case ends with
// the store holding exactly the source's events, compared event by event.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeExecutionCommand, RedriveExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { pollOnce, readPollerHealth } from '../../../lib/poller/index.ts';
import { countRows, getExecution, listExecutions, openStore, recordListedExecutions } from '../../../lib/store/index.ts';
import {
  EXTERNAL_ENDPOINT,
  createMachine,
  expectStoredExactly,
  listAll,
  start,
  startRig,
  startSync,
  waitFor,
  type Rig,
} from './poller-helpers.ts';

const PASS_FAIL = { StartAt: 'Prepare', States: { Prepare: { Type: 'Pass', Next: 'Explode' }, Explode: { Type: 'Fail', Error: 'Boom', Cause: 'on purpose' } } };
const PASS_OK = { StartAt: 'Prepare', States: { Prepare: { Type: 'Pass', Result: { ok: true }, ResultPath: '$.r', Next: 'Done' }, Done: { Type: 'Succeed' } } };
const SLOW = {
  StartAt: 'A',
  States: {
    A: { Type: 'Pass', Next: 'W1' },
    W1: { Type: 'Wait', Seconds: 1, Next: 'B' },
    B: { Type: 'Pass', Next: 'W2' },
    W2: { Type: 'Wait', Seconds: 1, Next: 'C' },
    C: { Type: 'Pass', End: true },
  },
};
const chain = (n: number) => ({
  StartAt: 'S0',
  States: Object.fromEntries(Array.from({ length: n }, (_, i) => [`S${i}`, { Type: 'Pass', ...(i === n - 1 ? { End: true } : { Next: `S${i + 1}` }) }])),
});

let rig: Rig | null = null;
let releaseHeld: (() => void) | null = null;
afterEach(async () => {
  releaseHeld?.();
  releaseHeld = null;
  await rig?.close();
  rig = null;
});

/**
 * A Standard execution that stays RUNNING until the test says so (built-in emulator only: its
 * Task blocks in a registered handler), so a poll surely reads it while it runs, however slow the
 * machine. Against an external endpoint, null: the caller falls back to timed Wait states.
 */
function heldOpen(target: Rig): { definition: unknown; release: () => void } | null {
  if (!target.emulator) return null;
  const resource = 'arn:aws:lambda:us-east-1:123456789012:function:held-open';
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  target.emulator.registerTaskHandler(resource, async () => {
    await released;
    return { ok: true, output: { held: true } };
  });
  releaseHeld = release;
  return { definition: { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Hold' }, Hold: { Type: 'Task', Resource: resource, Next: 'C' }, C: { Type: 'Pass', End: true } } }, release };
}

const settle = (arns: string[]) =>
  waitFor('executions to finish', async () => {
    for (const arn of arns) {
      const list = await listAll(rig as Rig, arn.replace(/:execution:([^:]+):[^:]+$/, ':stateMachine:$1'));
      if (list.some((e) => e.status === 'RUNNING')) return false;
    }
    return true;
  });

describe('poller', () => {
  it('ingests Standard and Express executions exactly, with DescribeStateMachineForExecution once per revision', async () => {
    rig = await startRig();
    const failing = await createMachine(rig, 'fails', PASS_FAIL);
    const working = await createMachine(rig, 'works', PASS_OK);
    const express = await createMachine(rig, 'express', PASS_OK, 'EXPRESS');
    const standardArns: string[] = [];
    for (let i = 0; i < 3; i++) {
      standardArns.push(await start(rig, failing, { i }), await start(rig, working, { i }));
      await startSync(rig, express, { i });
    }
    await settle(standardArns);

    const first = await pollOnce({ store: rig.store, sources: rig.config.sources });
    expect(first.errors).toEqual([]);
    for (const arn of standardArns) await expectStoredExactly(rig, arn);
    const failed = await getExecution(rig.store, standardArns[0] as string);
    expect(failed?.execution).toMatchObject({ status: 'FAILED', error: 'Boom', cause: 'on purpose', historyComplete: true });
    expect(failed?.definition).toBe(JSON.stringify(PASS_FAIL));
    expect(first.stats.apiCalls.DescribeStateMachineForExecution).toBe(2);
    expect(first.stats.apiCalls.GetExecutionHistory).toBe(6);

    // Express: every CloudWatch Logs record of each execution is stored, in id order.
    const page = await listExecutions(rig.store, { stateMachineArn: express });
    expect(page.items).toHaveLength(3);
    const group = `/aws/vendedlogs/states/${rig.prefix}-express`;
    const records = await rig.logs.send(new FilterLogEventsCommand({ logGroupName: group }));
    for (const item of page.items) {
      const stored = await getExecution(rig.store, item.executionArn);
      const mine = (records.events ?? []).map((e) => JSON.parse(e.message ?? '{}') as { execution_arn: string; id: string; type: string }).filter((r) => r.execution_arn === item.executionArn);
      expect(stored?.execution).toMatchObject({ status: 'SUCCEEDED', historyComplete: true, partial: false });
      expect(stored?.events.map((e) => [e.id, e.type])).toEqual(mine.map((r) => [Number(r.id), r.type]).sort((a, b) => (a[0] as number) - (b[0] as number)));
    }

    // Steady state: nothing new costs no history call, and the store does not change.
    const before = await countRows(rig.store);
    const second = await pollOnce({ store: rig.store, sources: rig.config.sources });
    expect(second.stats.apiCalls.GetExecutionHistory ?? 0).toBe(0);
    expect(second.stats.apiCalls.DescribeStateMachineForExecution ?? 0).toBe(0);
    expect(await countRows(rig.store)).toEqual(before);

    const health = await readPollerHealth(rig.store);
    expect(health.sources).toEqual([expect.objectContaining({ id: rig.config.sources[0]?.id, kind: 'endpoint', endpoint: rig.url, error: null })]);
    expect(health.poller.apiCalls.ListStateMachines).toBeGreaterThan(0);
    expect(health.poller.throttled).toBe(0);
  });

  it('reads only the new events of a running execution until it ends', async () => {
    rig = await startRig();
    // Held open by the test where it can be (SLOW's 2 s of waits could pass before a slow poll reads it).
    const held = heldOpen(rig);
    const slow = await createMachine(rig, 'slow', held?.definition ?? SLOW);
    const arn = await start(rig, slow);
    const early = await waitFor('the execution to start waiting', async () => {
      await pollOnce({ store: rig!.store, sources: rig!.config.sources });
      const stored = await getExecution(rig!.store, arn);
      return stored && stored.events.length >= 4 ? stored : null;
    });
    expect(early.execution.status).toBe('RUNNING');
    expect(early.execution.historyComplete).toBe(false);
    held?.release();
    await settle([arn]);
    const last = await pollOnce({ store: rig.store, sources: rig.config.sources });
    expect(last.stats.apiCalls.GetExecutionHistory).toBe(1); // one newest-first page reaches the stored ids
    await expectStoredExactly(rig, arn);
    expect((await getExecution(rig.store, arn))?.execution).toMatchObject({ status: 'SUCCEEDED', historyComplete: true });
  });

  it.skipIf(EXTERNAL_ENDPOINT !== null)('picks up a redrive: the same ARN gains events', async () => {
    rig = await startRig();
    let calls = 0;
    rig.emulator?.registerTaskHandler('arn:aws:lambda:us-east-1:123456789012:function:flaky', async () =>
      ++calls === 1 ? { ok: false, error: 'Flaky', cause: 'first call fails' } : { ok: true, output: { fine: true } },
    );
    const machine = await createMachine(rig, 'redrive', {
      StartAt: 'Call',
      States: { Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:flaky', End: true } },
    });
    const arn = await start(rig, machine);
    await settle([arn]);
    await pollOnce({ store: rig.store, sources: rig.config.sources });
    expect((await getExecution(rig.store, arn))?.execution.status).toBe('FAILED');

    await rig.sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
    await settle([arn]);
    await pollOnce({ store: rig.store, sources: rig.config.sources, redriveCheckMs: 0 });
    await expectStoredExactly(rig, arn);
    expect((await getExecution(rig.store, arn))?.execution).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, historyComplete: true });
  });

  it.skipIf(EXTERNAL_ENDPOINT !== null)('keeps executions past retention and marks them expired', async () => {
    rig = await startRig({ retentionSeconds: 1 });
    // `running` runs until released, so the first poll surely stores it RUNNING (a timed wait
    // could end first on a slow machine).
    const held = heldOpen(rig) as { definition: unknown; release: () => void };
    const slow = await createMachine(rig, 'slow', held.definition);
    const quick = await createMachine(rig, 'quick', PASS_OK);
    const done = await start(rig, quick);
    const running = await start(rig, slow);
    await settle([done]);
    await pollOnce({ store: rig.store, sources: rig.config.sources });
    const partial = await getExecution(rig.store, running);
    expect(partial?.execution.status).toBe('RUNNING');
    const doneEvents = (await getExecution(rig.store, done))?.events.length;

    // Both end and pass the 1 s retention before the next poll: the source forgets them. Wait
    // for exactly that (the source answering ExecutionDoesNotExist for both), not a fixed time.
    held.release();
    await waitFor('the source to forget both executions', async () => {
      for (const executionArn of [done, running]) {
        const answer = await rig!.sfn.send(new DescribeExecutionCommand({ executionArn })).then(
          () => 'still there',
          (error: Error) => error.name,
        );
        if (answer !== 'ExecutionDoesNotExist') return false;
      }
      return true;
    });
    const result = await pollOnce({ store: rig.store, sources: rig.config.sources });
    expect(result.errors).toEqual([]);
    const expired = await getExecution(rig.store, running);
    expect(expired?.execution.expired).toBe(true);
    expect(expired?.events.length).toBe(partial?.events.length); // kept, never deleted
    expect((await getExecution(rig.store, done))?.events.length).toBe(doneEvents);

    // A listed execution the source no longer has (expired before its history was read).
    await recordListedExecutions(rig.store, {
      stateMachine: { stateMachineArn: quick, name: `${rig.prefix}-quick`, type: 'STANDARD' },
      executions: [{ executionArn: `${done}-gone`, stateMachineArn: quick, name: 'gone', status: 'FAILED', startDate: new Date(), stopDate: new Date(), redriveCount: 0 }],
    });
    await pollOnce({ store: rig.store, sources: rig.config.sources });
    expect((await getExecution(rig.store, `${done}-gone`))?.execution).toMatchObject({ expired: true, historyComplete: false });
  });

  it('loses and duplicates nothing when killed with SIGKILL mid-ingest', async () => {
    rig = await startRig();
    const small = await createMachine(rig, 'small', chain(12));
    const big = await createMachine(rig, 'big', {
      StartAt: 'Fan',
      States: { Fan: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } },
    });
    const arns: string[] = [];
    for (let i = 0; i < 3; i++) arns.push(await start(rig, big, { items: Array.from({ length: 400 }, (_, k) => k) }));
    for (let i = 0; i < 120; i++) arns.push(await start(rig, small, { i }));
    await settle([arns[0] as string, arns[arns.length - 1] as string]);

    // Slow the child down (GetExecutionHistory at 30/s × 0.5) so the kill lands mid-ingest.
    const configFile = path.join(path.dirname(rig.dbUrl.slice('file:'.length)), 'steplens.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({ sources: rig.config.sources.map(({ id: _id, ...s }) => s), quota: { operations: { GetExecutionHistory: { bucket: 2, refillPerSecond: 30 } } } }),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'poll-runner.ts')], {
      env: { ...process.env, DATABASE_URL: rig.dbUrl, STEPLENS_CONFIG: configFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const watcher = await openStore(rig.dbUrl);
    try {
      await waitFor(
        `the child to store some executions (stderr: ${stderr})`,
        async () => {
          const page = await listExecutions(watcher, { limit: 500 });
          const stored = await Promise.all(page.items.map((i) => getExecution(watcher, i.executionArn)));
          return stored.filter((s) => s?.execution.historyComplete).length >= 20;
        },
        60_000,
      );
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const mid = await countRows(rig.store);
    expect(mid.events).toBeGreaterThan(0);

    const result = await pollOnce({ store: rig.store, sources: rig.config.sources });
    expect(result.errors).toEqual([]);
    for (const arn of arns) await expectStoredExactly(rig, arn);
    expect((await countRows(rig.store)).executions).toBe(arns.length);
  }, 120_000);
});
