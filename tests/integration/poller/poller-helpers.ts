// Shared by the poller's integration tests. They run against the built-in emulator, or against
// any endpoint when STEPLENS_TEST_SFN_ENDPOINT is set (e.g. Step Functions Local, LocalStack):
// then the emulator-only cases (redrive with a flaky task, retention expiry) are skipped.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  type HistoryEvent as SdkEvent,
} from '@aws-sdk/client-sfn';
import { expect } from 'vitest';
import { suppressSdkNodeVersionWarning } from '../../../lib/aws/index.ts';
import { parseConfig, type StepLensConfig } from '../../../lib/config/index.ts';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../lib/emulator/index.ts';
import { parseHistory } from '../../../lib/history/index.ts';
import { getExecution, openStore, type Store } from '../../../lib/store/index.ts';

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/steplens-test';
export const EXTERNAL_ENDPOINT = process.env.STEPLENS_TEST_SFN_ENDPOINT ?? null;
export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface Rig {
  url: string;
  emulator: Emulator | null;
  sfn: SFNClient;
  logs: CloudWatchLogsClient;
  store: Store;
  dbUrl: string;
  config: StepLensConfig;
  /** Unique per rig, so rigs sharing an external endpoint do not see each other's machines. */
  prefix: string;
  close(): Promise<void>;
}

export async function startRig(options: EmulatorOptions = {}, configExtra: Record<string, unknown> = {}): Promise<Rig> {
  suppressSdkNodeVersionWarning();
  const emulator = EXTERNAL_ENDPOINT ? null : await startEmulator({ port: 0, ...options });
  const url = EXTERNAL_ENDPOINT ?? (emulator as Emulator).url;
  const client = { endpoint: url, region: 'us-east-1', credentials, maxAttempts: 3 };
  const sfn = new SFNClient({ ...client, disableHostPrefix: true });
  const logs = new CloudWatchLogsClient(client);
  const dir = mkdtempSync(path.join(tmpdir(), 'steplens-poller-'));
  const dbUrl = `file:${path.join(dir, 'steplens.db')}`;
  const store = await openStore(dbUrl);
  const config = parseConfig(JSON.stringify({ sources: [{ kind: 'endpoint', endpoint: url }], ...configExtra }), 'test config');
  return {
    url,
    emulator,
    sfn,
    logs,
    store,
    dbUrl,
    config,
    prefix: `t${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`,
    async close() {
      sfn.destroy();
      logs.destroy();
      await store.close();
      await emulator?.close();
    },
  };
}

export async function createMachine(rig: Rig, name: string, definition: unknown, type: 'STANDARD' | 'EXPRESS' = 'STANDARD'): Promise<string> {
  const full = `${rig.prefix}-${name}`;
  let loggingConfiguration;
  if (type === 'EXPRESS') {
    const group = `/aws/vendedlogs/states/${full}`;
    await rig.logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
    loggingConfiguration = {
      level: 'ALL' as const,
      includeExecutionData: true,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*` } }],
    };
  }
  const out = await rig.sfn.send(
    new CreateStateMachineCommand({ name: full, definition: JSON.stringify(definition), roleArn: ROLE_ARN, type, ...(loggingConfiguration ? { loggingConfiguration } : {}) }),
  );
  return out.stateMachineArn as string;
}

export async function start(rig: Rig, stateMachineArn: string, input: unknown = {}, name?: string): Promise<string> {
  const out = await rig.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), ...(name ? { name } : {}) }));
  return out.executionArn as string;
}

export async function startSync(rig: Rig, stateMachineArn: string, input: unknown = {}): Promise<string> {
  const out = await rig.sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  return out.executionArn as string;
}

export async function listAll(rig: Rig, stateMachineArn: string): Promise<Array<{ executionArn: string; status: string }>> {
  const out: Array<{ executionArn: string; status: string }> = [];
  let nextToken: string | undefined;
  do {
    const page = await rig.sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000, nextToken }));
    for (const e of page.executions ?? []) out.push({ executionArn: e.executionArn as string, status: e.status as string });
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

export async function sourceHistory(rig: Rig, executionArn: string): Promise<SdkEvent[]> {
  const events: SdkEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await rig.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

function wire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(wire);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, wire(v)]));
  }
  return value;
}

/** The store holds exactly the source's events: same count, and each event field by field. */
export async function expectStoredExactly(rig: Rig, executionArn: string, expected?: SdkEvent[]): Promise<void> {
  const source = expected ?? (await sourceHistory(rig, executionArn));
  const stored = await getExecution(rig.store, executionArn);
  expect(stored, executionArn).not.toBeNull();
  const want = parseHistory(source.map(wire)).events;
  const got = stored?.events ?? [];
  expect(got.length, `${executionArn}: event count`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    const g = got[i];
    expect({ id: g?.id, previousEventId: g?.previousEventId, type: g?.type, timestamp: g?.timestamp, details: g?.details }, `${executionArn} event ${i + 1}`).toEqual({
      id: w?.id,
      previousEventId: w?.previousEventId,
      type: w?.type,
      timestamp: w?.timestamp,
      details: w?.details,
    });
  }
}

export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
