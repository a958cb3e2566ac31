// DESIGN.md §2.10's "must show" over the shared corpus (../shared/aws-histories):
// 1. Every file the parity harness counts as runnable is imported into a store as `steplens
//    import` imports it, read back by ARN as `steplens replay ARN` reads it, and replayed: the
//    share that reproduces the recording exactly is at least the parity harness's share. (The
//    corpus's recorded text holds placeholders such as <json-input:1>, which no replay writes; the
//    comparison takes the harness's placeholder-tolerant text test. The figure without it is printed.)
// 2. Each such execution's test case (GET …/test-case's mockConfig) is a Step Functions Local
//    MockConfigFile, checked here against the format itself, not only by the emulator's parser.
// 3. The test cases of every execution that a MockConfigFile can express in full (every call
//    answered at once, no timeout, no callback, no masked branch, no Distributed Map child,
//    no stop or redrive) run unchanged on `steplens emulator --mock-config`, started as a person
//    starts it, through the AWS SDK: the histories it writes reproduce the recordings.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand, type HistoryEvent as SdkEvent } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { readStoredRecording } from '../../../../lib/api/executions/get-test-case.ts';
import { replayRecording } from '../../../../lib/api/executions/replay-recording.ts';
import { historyFileRecord } from '../../../../lib/cli/history-file-record.ts';
import { compareHistories } from '../../../../lib/history/compare-histories.ts';
import { parseHistory } from '../../../../lib/history/index.ts';
import { buildTestCase, type MockConfigFile, type ReplayTestCase } from '../../../../lib/history/test-case.ts';
import type { HistoryEvent } from '../../../../lib/history/types.ts';
import { ingestExecution } from '../../../../lib/ingest/index.ts';
import { closeAllStores, openStore } from '../../../../lib/store/index.ts';
import { credentials } from '../../../helpers/emulator.ts';
import { repoRoot } from '../../../helpers/run-steplens.ts';
import { CORPUS, corpusFiles, readCorpusFile } from './recorded-history.ts';
import { recordedAt, runParity, textMatches } from './run-parity.ts';

const dir = mkdtempSync(join(tmpdir(), 'steplens-replay-corpus-'));
afterAll(async () => {
  await closeAllStores();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * What Step Functions Local's MockConfigFile format allows (AWS's "Configuring mocked service
 * integrations"): StateMachines.<name>.TestCases.<case>.<state> = a MockedResponses name;
 * MockedResponses.<name> keyed by call counts ("0") or inclusive ranges ("1-2") that do not
 * overlap, each exactly one of Return (any JSON) or Throw {Error: string, Cause?: string}.
 * Returns the problems found ([] for a valid file).
 */
function mockConfigProblems(config: MockConfigFile, definitionStates: Set<string>): string[] {
  const problems: string[] = [];
  const responses = config.MockedResponses ?? {};
  for (const [machine, entry] of Object.entries(config.StateMachines ?? {})) {
    for (const [testCase, states] of Object.entries(entry.TestCases ?? {})) {
      for (const [state, response] of Object.entries(states)) {
        if (!definitionStates.has(state)) problems.push(`${machine}.${testCase}: ${state} is not a Task state of the definition`);
        if (!Object.hasOwn(responses, response)) problems.push(`${machine}.${testCase}.${state}: no response ${response}`);
      }
    }
  }
  for (const [name, calls] of Object.entries(responses)) {
    const covered = new Set<number>();
    for (const [key, response] of Object.entries(calls)) {
      const match = /^(0|[1-9]\d*)(?:-(0|[1-9]\d*))?$/.exec(key);
      if (!match) {
        problems.push(`${name}: key ${key}`);
        continue;
      }
      const from = Number(match[1]);
      const to = match[2] === undefined ? from : Number(match[2]);
      if (to < from) problems.push(`${name}: range ${key}`);
      for (let i = from; i <= to; i += 1) {
        if (covered.has(i)) problems.push(`${name}: call ${i} twice`);
        covered.add(i);
      }
      const kinds = Object.keys(response);
      if (kinds.length !== 1 || (kinds[0] !== 'Return' && kinds[0] !== 'Throw')) problems.push(`${name}.${key}: ${kinds.join(',')}`);
      const thrown = response.Throw;
      if (thrown !== undefined && (typeof thrown.Error !== 'string' || (thrown.Cause !== undefined && typeof thrown.Cause !== 'string') || Object.keys(thrown).some((k) => k !== 'Error' && k !== 'Cause'))) {
        problems.push(`${name}.${key}: Throw ${JSON.stringify(thrown)}`);
      }
    }
  }
  return problems;
}

function taskStates(machine: unknown, out = new Set<string>()): Set<string> {
  if (machine === null || typeof machine !== 'object') return out;
  const states = (machine as { States?: Record<string, Record<string, unknown>> }).States ?? {};
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') out.add(name);
    for (const branch of (state.Branches as unknown[] | undefined) ?? []) taskStates(branch, out);
    taskStates(state.ItemProcessor ?? state.Iterator, out);
  }
  return out;
}

/** A test case a MockConfigFile says in full: every call answered at once by Return or Throw. */
function expressibleInFull(testCase: ReplayTestCase, events: readonly HistoryEvent[], features: string[]): boolean {
  if (testCase.omittedCalls.length > 0 || testCase.outcomes.unowned.length > 0) return false;
  if (features.includes('Distributed Map')) return false;
  const last = events.at(-1)?.type;
  if (last !== 'ExecutionSucceeded' && last !== 'ExecutionFailed') return false;
  if (events.some((e) => e.type === 'ExecutionRedriven')) return false;
  return Object.values(testCase.outcomes.byState).every((calls) => calls.every((c) => ('Return' in c || 'Throw' in c) && c.Submitted === undefined));
}

interface Row {
  name: string;
  executionArn: string;
  features: string[];
  parityExact: boolean;
  recordedAt: number | null;
}

describe('replaying the shared corpus', () => {
  const rows: Row[] = [];
  const forEmulator: Array<{ row: Row; testCase: ReplayTestCase; events: readonly HistoryEvent[] }> = [];

  it('reproduces at least the parity harness share of the runnable executions, imported and read back by ARN', async () => {
    const store = await openStore(`file:${join(dir, 'store.db')}`);
    for (const name of corpusFiles()) {
      const file = readCorpusFile(name);
      if (file.kind !== 'standard-history' || file.definition === null) continue;
      const parity = await runParity(file);
      if (parity.verdict === 'not-runnable') continue;
      const record = historyFileRecord(await readFile(join(CORPUS, name), 'utf8'), name);
      await ingestExecution(store, record.ingest);
      rows.push({ name, executionArn: record.ingest.executionArn, features: parity.features, parityExact: parity.verdict === 'exact', recordedAt: recordedAt(file.meta) });
    }
    let reproduced = 0;
    let reproducedExactText = 0;
    let problems: string[] = [];
    const lost: string[] = [];
    for (const row of rows) {
      const read = await readStoredRecording(store, row.executionArn, { redact: false });
      if (!read) throw new Error(`not stored: ${row.executionArn}`);
      // As the parity harness does: a placeholder start time is the recording's date.
      const started = read.events.find((e) => e.type === 'ExecutionStarted');
      if (started && started.timestamp === null && row.recordedAt !== null) started.timestamp = row.recordedAt;
      const recording = { executionArn: row.executionArn, stateMachineArn: read.execution.stateMachineArn, events: read.events, definition: read.definition, ...(read.execution.input === null ? {} : { input: read.execution.input }) };
      const report = await replayRecording(recording, { textMatches });
      if (report.reproduced) reproduced += 1;
      else if (row.parityExact) lost.push(`${row.name}: ${report.firstDifference?.message ?? ''}`);
      if (compareHistories(read.events, report.events, { prefixOnly: report.status === 'RUNNING' }) === null) reproducedExactText += 1;
      problems = problems.concat(mockConfigProblems(report.testCase.mockConfig, taskStates(report.testCase.definition)).map((p) => `${row.name}: ${p}`));
      if (report.reproduced && expressibleInFull(report.testCase, read.events, row.features)) forEmulator.push({ row, testCase: report.testCase, events: read.events });
    }
    await store.close();
    const parityShare = rows.filter((r) => r.parityExact).length / rows.length;
    console.log(
      `Replay of the stored corpus: ${reproduced}/${rows.length} runnable reproduced (${((100 * reproduced) / rows.length).toFixed(1)} %; parity harness ${(100 * parityShare).toFixed(1)} %); ` +
        `${reproducedExactText} with recorded text compared verbatim (placeholders such as <json-input:1> never match)`,
    );
    expect(rows.length).toBeGreaterThan(400);
    expect(problems).toEqual([]);
    expect(lost).toEqual([]);
    expect(reproduced / rows.length).toBeGreaterThanOrEqual(parityShare);
  }, 600_000);

  it('runs the test cases unchanged on steplens emulator --mock-config, reproducing the recordings', async () => {
    expect(forEmulator.length).toBeGreaterThan(200);
    // One MockConfigFile for all of them: each execution its own state machine (m0, m1, …).
    const cases = forEmulator.map((c, i) => {
      const testCase = buildTestCase({ stateMachineName: `m${i}`, testCaseName: c.testCase.testCase, events: c.events, definition: c.testCase.definition, executionArn: c.row.executionArn });
      return { ...c, testCase };
    });
    const merged: Required<MockConfigFile> = { StateMachines: {}, MockedResponses: {} };
    for (const { testCase } of cases) {
      Object.assign(merged.StateMachines, testCase.mockConfig.StateMachines);
      Object.assign(merged.MockedResponses, testCase.mockConfig.MockedResponses);
    }
    const mockFile = join(dir, 'MockConfigFile.json');
    writeFileSync(mockFile, JSON.stringify(merged));
    // Recorded waits and retry intervals (up to minutes) pass 1,000 times faster.
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'steplens.mjs'), 'emulator', '--port', '0', '--mock-config', mockFile, '--time-scale', '1000'], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line: ${stdout} ${stderr}`)), 30_000);
        child.stdout.on('data', () => {
          const match = /listening on (http:\/\/\S+)/.exec(stdout);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const client = new SFNClient({ region: 'us-east-1', credentials, maxAttempts: 1, endpoint: url });
      const differing: string[] = [];
      const runOne = async ({ row, testCase, events }: (typeof cases)[number]): Promise<void> => {
        const created = await client.send(new CreateStateMachineCommand({ name: testCase.stateMachineName, definition: JSON.stringify(testCase.definition), roleArn: 'arn:aws:iam::123456789012:role/DummyRole' }));
        const started = await client.send(new StartExecutionCommand({ stateMachineArn: `${created.stateMachineArn ?? ''}#${testCase.testCase}`, name: 'replay', input: testCase.input }));
        const executionArn = started.executionArn ?? '';
        const deadline = Date.now() + 60_000;
        while ((await client.send(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING') {
          if (Date.now() > deadline) throw new Error(`${row.name}: still running after 60 s`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const wire: SdkEvent[] = [];
        let nextToken: string | undefined;
        do {
          const page = await client.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
          wire.push(...(page.events ?? []));
          nextToken = page.nextToken;
        } while (nextToken);
        const replayed = parseHistory({ events: wire }).events;
        const difference = compareHistories(events, replayed, { textMatches });
        if (difference) differing.push(`${row.name}: ${difference.message}`);
      };
      // A few at a time: the emulator is one process on a shared two-core machine.
      for (let i = 0; i < cases.length; i += 8) await Promise.all(cases.slice(i, i + 8).map(runOne));
      console.log(`steplens emulator --mock-config: ${cases.length - differing.length}/${cases.length} test cases reproduce their recordings`);
      expect(differing).toEqual([]);
      client.destroy();
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 600_000);
});
