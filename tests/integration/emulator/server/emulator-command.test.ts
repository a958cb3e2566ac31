// `steplens emulator`: --help, one-line errors, port busy, serving until SIGTERM.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AWS_CLI_V1, runAwsCli } from '../../../helpers/emulator.ts';
import { repoRoot, runSteplens } from '../../../helpers/run-steplens.ts';

describe('steplens emulator', () => {
  it('documents every option in --help', async () => {
    const { code, stdout } = await runSteplens(['emulator', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--port', '--host', '--mock-config', '--demo', '--aws-quotas', '--fault-rate', '--fault-seed', '--time-scale', '--retention-seconds']) {
      expect(stdout).toContain(flag);
    }
    expect((await runSteplens(['--help'])).stdout).toContain('emulator');
  });

  it.each([
    [['--port', 'abc'], 'steplens: emulator: --port must be a port number (0-65535), got "abc"'],
    [['--fault-rate', '2'], 'steplens: emulator: --fault-rate must be a number between 0 and 1, got "2"'],
    [['--time-scale', '0'], 'steplens: emulator: --time-scale must be a positive number, got "0"'],
    [['--retention-seconds=-1'], 'steplens: emulator: --retention-seconds must be a number of seconds (>= 0), got "-1"'],
    [['--mock-config', '/nonexistent/mock.json'], 'steplens: emulator: /nonexistent/mock.json: no such file'],
  ])('rejects %j with one line', async (args, message) => {
    const { code, stderr } = await runSteplens(['emulator', ...args]);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(message);
  });

  it('names the problem in a bad mock config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steplens-mock-'));
    const file = join(dir, 'mock.json');
    writeFileSync(file, JSON.stringify({ StateMachines: { A: { TestCases: { T: { S: 'Nope' } } } }, MockedResponses: {} }));
    const { code, stderr } = await runSteplens(['emulator', '--mock-config', file, '--port', '0']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(`steplens: emulator: ${file}: StateMachines.A.TestCases.T.S: no MockedResponses entry "Nope"`);
  });

  it('says so in one line when the port is busy', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stderr } = await runSteplens(['emulator', '--port', String(port)]);
      expect(code).toBe(2);
      expect(stderr.trim()).toBe(`steplens: emulator: port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  async function serve(args: string[], check: (url: string) => Promise<void>): Promise<void> {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'steplens.mjs'), 'emulator', '--port', '0', ...args], { cwd: repoRoot });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${stdout}`)), 30_000);
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    await check(url);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }

  it('serves until SIGTERM', async () => {
    await serve(['--time-scale', '10'], async (url) => {
      const listed = await runAwsCli(AWS_CLI_V1, url, ['stepfunctions', 'list-state-machines']);
      expect(listed.code).toBe(0);
      expect(listed.json).toEqual({ stateMachines: [] });
    });
  });

  it('deploys the demo with --demo', async () => {
    await serve(['--demo', '--seed', '3', '--time-scale', '20'], async (url) => {
      const listed = await runAwsCli(AWS_CLI_V1, url, ['stepfunctions', 'list-state-machines']);
      const machines = (listed.json as { stateMachines: { type: string }[] }).stateMachines;
      expect(machines.length).toBeGreaterThanOrEqual(5);
      expect(new Set(machines.map((m) => m.type))).toEqual(new Set(['STANDARD', 'EXPRESS']));
    });
  });
});
