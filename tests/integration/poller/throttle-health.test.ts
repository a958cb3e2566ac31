// Throttles reach the poller's health while they happen (found by the soak: "throttles absorbed
// by the poller" read 0 through a throttling storm, because the status row was written only when
// a cycle ended, and a cycle the storm stretched with backoff ended late or was killed first).
// The built-in emulator with --aws-quotas; another client drains ListExecutions' bucket as a
// second tool on the same account would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSources } from '../../../lib/config/index.ts';
import { startEmulator, type Emulator } from '../../../lib/emulator/index.ts';
import { readPollerHealth, startPoller } from '../../../lib/poller/index.ts';
import { closeAllStores, openStore } from '../../../lib/store/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'steplens-throttle-health-'));
let emulator: Emulator | null = null;
afterAll(async () => {
  await closeAllStores();
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the poller health during a throttling storm', () => {
  it('shows the ThrottlingException answers within an interval, while the cycle they stretch still runs', async () => {
    emulator = await startEmulator({ port: 0, awsQuotas: true });
    const emu = emulator;
    const { stateMachineArn } = await emu.callSfn('CreateStateMachine', {
      name: 'm',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
    });
    await emu.callSfn('StartExecution', { stateMachineArn, input: '{}' });
    const store = await openStore(`file:${path.join(dir, 'store.db')}`);
    const resolved = resolveSources({ AWS_ENDPOINT_URL_SFN: emu.url }, dir);
    if (!resolved.configured) throw new Error(resolved.reason);
    const poller = startPoller({ store, sources: resolved.config.sources, poll: { ...resolved.config.poll, intervalMs: 1_000, runningRefreshMs: 1_000 }, quota: { fraction: 1 } });
    try {
      await poller.nextCycle();
      expect((await readPollerHealth(store)).poller.throttled).toBe(0);

      // The storm: 12 loops calling ListExecutions as fast as they can (its bucket: 200, 5/s).
      let storming = true;
      let stormThrottled = 0;
      const loop = async () => {
        while (storming) {
          const response = await fetch(emu.url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListExecutions' },
            body: JSON.stringify({ stateMachineArn, maxResults: 1 }),
          });
          if (/ThrottlingException/.test(await response.text())) stormThrottled += 1;
        }
      };
      const loops = Array.from({ length: 12 }, loop);
      // A throttled call is retried 6 times with backoff from 200 ms (6–12 s): the cycle outlasts
      // the first throttle by that much, and a soak's SIGKILL every 5–20 s often came first.
      let seen = 0;
      let firstCountedAt: number | null = null;
      let seenAt: number | null = null;
      const deadline = Date.now() + 20_000;
      try {
        while (Date.now() < deadline) {
          if (firstCountedAt === null && poller.stats().throttled > 0) firstCountedAt = Date.now();
          seen = (await readPollerHealth(store)).poller.throttled;
          if (seen > 0) {
            seenAt = Date.now();
            break;
          }
          await sleep(100);
        }
      } finally {
        storming = false;
        await Promise.all(loops);
      }
      expect(stormThrottled).toBeGreaterThan(0);
      // Written while the storm lasts (the poller's cycle is still backing off), and no more than it counted.
      expect(seen).toBeGreaterThan(0);
      expect(firstCountedAt).not.toBeNull();
      // Within about one status interval (1 s here) of the poller counting it, not at the cycle's end.
      expect((seenAt as number) - (firstCountedAt as number)).toBeLessThan(3_000);
      expect(seen).toBeLessThanOrEqual(poller.stats().throttled);
    } finally {
      await poller.stop();
    }
  }, 60_000);
});
