import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { installDemo } from '../emulator/demo/index.ts';
import { DEFAULT_EMULATOR_PORT, DEFAULT_FAULT_SEED, PortInUseError, parseMockConfig, startEmulator, type Emulator } from '../emulator/index.ts';
import { CliError } from './cli-error.ts';

export const emulatorUsage = `Usage: steplens emulator [options]

Runs the built-in Step Functions + CloudWatch Logs emulator until Ctrl-C. Any Step Functions
client works against it: aws --endpoint-url http://127.0.0.1:8083 stepfunctions list-state-machines
(credentials and region are not checked; ARNs use account 123456789012 and the request's region).
  --port N                 listen port (default ${DEFAULT_EMULATOR_PORT})
  --host H                 listen address (default 127.0.0.1)
  --mock-config FILE       Step Functions Local MockConfigFile.json: start executions on
                           <stateMachineArn>#<TestCase> to use a test case's mocked task results
  --demo                   deploy the demo workflows and start seeded traffic
  --seed N                 seed of the demo's handlers and traffic (default: a fresh one)
  --aws-quotas             enforce AWS's API rate limits (token buckets of the large Regions);
                           excess calls get ThrottlingException "Rate exceeded"
  --fault-rate R           share of requests (0..1) answered with HTTP 500/503, delayed, or
                           dropped, reproducibly (see --fault-seed)
  --fault-seed N           seed of the injected faults (default ${DEFAULT_FAULT_SEED})
  --time-scale K           run emulated time K times faster (waits, retries, timestamps); default 1
  --retention-seconds N    closed executions older than N seconds answer ExecutionDoesNotExist
                           (AWS keeps them 90 days)`;

function number(flag: string, value: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new CliError(`emulator: --${flag} must be ${what}, got "${value}"`);
  return n;
}

export async function emulatorCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'mock-config': { type: 'string' },
      demo: { type: 'boolean' },
      seed: { type: 'string' },
      'aws-quotas': { type: 'boolean' },
      'fault-rate': { type: 'string' },
      'fault-seed': { type: 'string' },
      'time-scale': { type: 'string' },
      'retention-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(emulatorUsage);
    return 0;
  }
  const port = number('port', values.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number (0-65535)') ?? DEFAULT_EMULATOR_PORT;
  const faultRate = number('fault-rate', values['fault-rate'], (n) => n >= 0 && n <= 1, 'a number between 0 and 1');
  const faultSeed = number('fault-seed', values['fault-seed'], Number.isInteger, 'an integer');
  const timeScale = number('time-scale', values['time-scale'], (n) => n > 0, 'a positive number');
  const retentionSeconds = number('retention-seconds', values['retention-seconds'], (n) => n >= 0, 'a number of seconds (>= 0)');
  const seed = number('seed', values.seed, (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer');

  let mockConfig: unknown;
  const mockFile = values['mock-config'];
  if (mockFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(mockFile, 'utf8');
    } catch (error) {
      throw new CliError(`emulator: ${mockFile}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    try {
      mockConfig = parseMockConfig(JSON.parse(text));
    } catch (error) {
      throw new CliError(`emulator: ${mockFile}: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      port,
      host: values.host ?? '127.0.0.1',
      ...(mockConfig !== undefined ? { mockConfig } : {}),
      awsQuotas: values['aws-quotas'] ?? false,
      ...(faultRate !== undefined ? { faultRate } : {}),
      ...(faultSeed !== undefined ? { faultSeed } : {}),
      ...(timeScale !== undefined ? { timeScale } : {}),
      ...(retentionSeconds !== undefined ? { retentionSeconds } : {}),
    });
  } catch (error) {
    if (error instanceof PortInUseError) throw new CliError(`emulator: port ${error.port} is already in use`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
      throw new CliError(`emulator: cannot listen on ${values.host ?? '127.0.0.1'}:${port} (${code})`);
    }
    throw error;
  }

  let stopDemo = async (): Promise<void> => {};
  if (values.demo) {
    const installed = await installDemo(emulator, seed === undefined ? {} : { seed });
    stopDemo = () => installed.stop();
    console.log(`steplens: demo installed (seed ${installed.seed}): ${Object.keys(installed.stateMachineArns).join(', ')}`);
  }

  console.log(`steplens: emulator listening on ${emulator.url}${values.demo ? ' (demo)' : ''}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await stopDemo();
  await emulator.close();
  return 0;
}
