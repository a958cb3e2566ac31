// Helpers for driving the built-in emulator: start it on a free port, make SDK clients for it,
// run the AWS CLIs (v1 from pip as `aws`, v2 from Debian as /usr/bin/aws) against it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SFNClient } from '@aws-sdk/client-sfn';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../lib/emulator/index.ts';

export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/steplens-test';

export interface TestEmulator {
  emulator: Emulator;
  sfn: SFNClient;
  logs: CloudWatchLogsClient;
  close(): Promise<void>;
}

/** Starts an emulator on a free port with SDK clients (no retries unless asked: tests see every answer). */
export async function startTestEmulator(options: EmulatorOptions = {}, maxAttempts = 1): Promise<TestEmulator> {
  const emulator = await startEmulator({ port: 0, ...options });
  const config = { endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts };
  // StartSyncExecution's endpoint has the host prefix `sync-`: without this the SDK calls sync-127.0.0.1.
  const sfn = new SFNClient({ ...config, disableHostPrefix: true });
  const logs = new CloudWatchLogsClient(config);
  return {
    emulator,
    sfn,
    logs,
    async close() {
      sfn.destroy();
      logs.destroy();
      await emulator.close();
    },
  };
}

export const AWS_CLI_V1 = 'aws';
export const AWS_CLI_V2 = '/usr/bin/aws';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: unknown;
}

/** Runs an AWS CLI against the emulator with test credentials, output JSON. */
export function runAwsCli(cli: string, url: string, args: string[], region = 'us-east-1'): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      cli,
      ['--endpoint-url', url, '--output', 'json', ...args],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_DEFAULT_REGION: region,
          AWS_REGION: region,
          AWS_PAGER: '',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_MAX_ATTEMPTS: '1',
          // StartSyncExecution's host prefix `sync-`: CLI v1 can turn it off; CLI v2.9 cannot, so
          // it goes through the emulator as an HTTP proxy (it answers proxy-form requests too).
          AWS_DISABLE_HOST_PREFIX_INJECTION: 'true',
          ...(cli === AWS_CLI_V2 ? { HTTP_PROXY: url, http_proxy: url, NO_PROXY: '', no_proxy: '' } : {}),
        },
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        let json: unknown = null;
        try {
          json = stdout.trim() ? JSON.parse(stdout) : null;
        } catch {
          json = null;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr, json });
      },
    );
  });
}

/** Whether Debian's AWS CLI v2 is installed (`npm test`'s pretest, tests/setup/prerequisites.mjs, installs `awscli`). */
export const awsCliV2Available = (): boolean => existsSync(AWS_CLI_V2);

/**
 * Polls until `check` returns a value (not undefined), or fails after `timeoutMs` (default 30 s:
 * a loaded 2-core machine, or a check that runs an AWS CLI process each time, needs that long).
 */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
