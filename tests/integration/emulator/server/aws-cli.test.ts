// The emulator driven by the AWS CLIs: v1 (pip, `aws` on the PATH) and v2 (Debian's awscli,
// /usr/bin/aws — CI must install it: add `awscli` to .ci/run's apt packages).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLI_V1, AWS_CLI_V2, awsCliV2Available, runAwsCli, startTestEmulator, waitFor, type TestEmulator } from '../../../helpers/emulator.ts';

const ROLE = 'arn:aws:iam::123456789012:role/cli';
const chain = JSON.stringify({
  StartAt: 'S1',
  States: {
    S1: { Type: 'Pass', Next: 'S2' },
    S2: { Type: 'Pass', Next: 'S3' },
    S3: { Type: 'Pass', Next: 'S4' },
    S4: { Type: 'Pass', End: true },
  },
});

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t?.close();
});

describe.each([
  ['v1', AWS_CLI_V1],
  ['v2', AWS_CLI_V2],
])('AWS CLI %s', (version, cli) => {
  type Json = Record<string, unknown>;
  const run = async (...args: string[]): Promise<Json> => {
    const result = await runAwsCli(cli, t.emulator.url, args);
    if (result.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
    return (result.json ?? {}) as Json;
  };

  it('is installed', () => {
    if (cli === AWS_CLI_V2 && !awsCliV2Available()) {
      throw new Error('AWS CLI v2 not found at /usr/bin/aws: install it with `apt-get install -y awscli` (CI: add awscli to .ci/run)');
    }
  });

  it('creates state machines, runs standard, express and sync executions, lists, describes, pages history', async () => {
    const standard = await run('stepfunctions', 'create-state-machine', '--name', `cli-${version}`, '--definition', chain, '--role-arn', ROLE);
    const smArn = standard.stateMachineArn as string;
    expect(smArn).toBe(`arn:aws:states:us-east-1:123456789012:stateMachine:cli-${version}`);
    // v1 prints the wire's epoch seconds, v2 formats them as ISO-8601.
    expect(typeof standard.creationDate).toBe(version === 'v1' ? 'number' : 'string');

    const started = await run('stepfunctions', 'start-execution', '--state-machine-arn', smArn, '--name', 'first', '--input', '{"k":1}');
    const executionArn = started.executionArn as string;
    await waitFor(async () => ((await run('stepfunctions', 'describe-execution', '--execution-arn', executionArn)).status === 'SUCCEEDED' ? true : undefined));
    const described = await run('stepfunctions', 'describe-execution', '--execution-arn', executionArn);
    expect(described).toMatchObject({ name: 'first', status: 'SUCCEEDED', input: '{"k":1}', output: '{"k":1}' });
    const startMs = typeof described.startDate === 'number' ? described.startDate * 1000 : Date.parse(described.startDate as string);
    expect(Math.abs(startMs - Date.now())).toBeLessThan(3600_000); // seconds on the wire, not ms

    const listed = await run('stepfunctions', 'list-executions', '--state-machine-arn', smArn);
    expect((listed.executions as Json[]).map((e) => e.name)).toEqual(['first']);

    // One page at a time with the raw API tokens, both orders.
    const pageThrough = async (reverse: boolean): Promise<number[]> => {
      const ids: number[] = [];
      let token: string | undefined;
      do {
        const page = await run(
          'stepfunctions', 'get-execution-history', '--execution-arn', executionArn, '--max-results', '3', '--no-paginate',
          ...(reverse ? ['--reverse-order'] : []), ...(token ? ['--next-token', token] : []),
        );
        const events = page.events as Json[];
        expect(events.length).toBeLessThanOrEqual(3);
        ids.push(...events.map((e) => e.id as number));
        token = page.nextToken as string | undefined;
      } while (token);
      return ids;
    };
    const forward = await pageThrough(false);
    expect(forward).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(await pageThrough(true)).toEqual([...forward].reverse());
    // The CLI's own paginator (page size 4) gathers them all.
    const all = await run('stepfunctions', 'get-execution-history', '--execution-arn', executionArn, '--page-size', '4');
    expect((all.events as Json[]).map((e) => e.type)).toEqual([
      'ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'PassStateEntered', 'PassStateExited',
      'PassStateEntered', 'PassStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded',
    ]);

    const group = `/aws/vendedlogs/states/cli-${version}-express`;
    await run('logs', 'create-log-group', '--log-group-name', group);
    const express = await run(
      'stepfunctions', 'create-state-machine', '--name', `cli-${version}-express`, '--type', 'EXPRESS', '--definition', chain, '--role-arn', ROLE,
      '--logging-configuration',
      JSON.stringify({ level: 'ALL', includeExecutionData: true, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*` } }] }),
    );
    const expressArn = express.stateMachineArn as string;
    const sync = await run('stepfunctions', 'start-sync-execution', '--state-machine-arn', expressArn, '--input', '{"sync":true}');
    expect(sync).toMatchObject({ status: 'SUCCEEDED', output: '{"sync":true}' });
    expect((sync.billingDetails as Json).billedMemoryUsedInMB).toBe(64);
    const asyncStart = await run('stepfunctions', 'start-execution', '--state-machine-arn', expressArn, '--input', '{"async":true}');
    const expressExecution = asyncStart.executionArn as string;
    expect(expressExecution).toContain(':express:');

    const filtered = await waitFor(async () => {
      const page = await run('logs', 'filter-log-events', '--log-group-name', group, '--filter-pattern', `{ $.execution_arn = "${expressExecution}" }`);
      const records = (page.events as Json[]).map((e) => JSON.parse(e.message as string) as Json);
      return records.some((r) => r.type === 'ExecutionSucceeded') ? records : undefined;
    });
    expect(filtered).toHaveLength(10);
    expect(filtered.every((r) => r.execution_arn === expressExecution)).toBe(true);
    const groups = await run('logs', 'describe-log-groups', '--log-group-name-prefix', group);
    expect((groups.logGroups as Json[]).map((g) => g.logGroupName)).toEqual([group]);

    const error = await runAwsCli(cli, t.emulator.url, ['stepfunctions', 'list-executions', '--state-machine-arn', expressArn]);
    expect(error.code).not.toBe(0);
    expect(error.stderr).toContain('StateMachineTypeNotSupported');
    const missing = await runAwsCli(cli, t.emulator.url, ['stepfunctions', 'describe-execution', '--execution-arn', `${executionArn}-nope`]);
    expect(missing.stderr).toContain('ExecutionDoesNotExist');
  }, 240_000); // some 25 CLI processes (Python start-up each): a few seconds apiece on a loaded machine
});
