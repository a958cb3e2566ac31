import { installDemo } from '../emulator/demo/index.ts';
import { DEFAULT_EMULATOR_PORT, PortInUseError, startEmulator } from '../emulator/index.ts';
import { CliError } from './cli-error.ts';

const DEMO_RETENTION_SECONDS = 24 * 60 * 60;

/** The built-in emulator with the demo installed, seen as a source through these variables. */
export interface DemoSource {
  /** The standard endpoint variables (and test credentials) that make it the only source. */
  env: Record<string, string>;
  url: string;
  stop(): Promise<void>;
}

/**
 * `steplens start` with no source configured (DESIGN.md §2.1): the emulator runs `--demo` on
 * 127.0.0.1:8083 (STEPLENS_EMULATOR_PORT) and is polled as us-east-1 with test/test, so a new
 * user sees live data at once. The endpoint is handed over as AWS_ENDPOINT_URL_SFN, the same
 * variable a user would set, so the poller and the server's on-demand fetch need no special case.
 */
/** The demo's traffic multiplier (STEPLENS_DEMO_RATE): 1 by default, 0 for none, at most 20. */
export function demoTrafficRate(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.STEPLENS_DEMO_RATE;
  if (raw === undefined || raw === '') return 1;
  const rate = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(rate >= 0 && rate <= MAX_DEMO_RATE)) {
    throw new CliError(`start: invalid STEPLENS_DEMO_RATE "${raw}" (a number from 0 to ${MAX_DEMO_RATE}: 0 = no traffic, 1 = the usual, 5 = five times as much)`);
  }
  return rate;
}

/** Beyond this the demo's own traffic would crowd out the dashboard on a small machine. */
const MAX_DEMO_RATE = 20;

export async function startDemoSource(env: Readonly<Record<string, string | undefined>>): Promise<DemoSource> {
  const rawPort = env.STEPLENS_EMULATOR_PORT ?? String(DEFAULT_EMULATOR_PORT);
  const trafficRate = demoTrafficRate(env);
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) throw new CliError(`start: invalid STEPLENS_EMULATOR_PORT "${rawPort}"`);
  let emulator;
  try {
    // The demo runs for as long as the dashboard does: closed executions are forgotten by the
    // emulator after a day (the store keeps them), so its memory stays bounded.
    emulator = await startEmulator({ port, host: '127.0.0.1', retentionSeconds: DEMO_RETENTION_SECONDS });
  } catch (error) {
    if (error instanceof PortInUseError) {
      throw new CliError(`start: the demo emulator's port ${port} is already in use (set STEPLENS_EMULATOR_PORT, or configure a source)`);
    }
    throw error;
  }
  const demo = await installDemo(emulator, { trafficRate });
  return {
    env: {
      AWS_ENDPOINT_URL_SFN: emulator.url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: emulator.url,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
    },
    url: emulator.url,
    async stop() {
      await demo.stop();
      await emulator.close();
    },
  };
}
