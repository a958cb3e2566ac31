import { analyzeCommand } from './analyze-command.ts';
import { buildApp, runNext } from './app-build.ts';
import { CliError } from './cli-error.ts';
import { emulatorCommand } from './emulator-command.ts';
import { importCommand } from './import-command.ts';
import { pollCommand } from './poll-command.ts';
import { projectRoot } from './project-root.ts';
import { reanalyzeCommand } from './reanalyze-command.ts';
import { replayCommand } from './replay-command.ts';
import { serveCommand } from './serve-command.ts';
import { startCommand } from './start-command.ts';

const usage = `Usage: steplens <command> [options]

Commands:
  start            build if needed, migrate the store, serve the dashboard (npm start)
  serve            serve the built dashboard only (no build, migration or poller)
  analyze FILE|-   print the analysis of one execution history as JSON
  import FILE...   load execution histories into the store
  poll [--once]    ingest from the configured sources into the store
  reanalyze [--all]  rebuild state runs and execution fields from the stored events
  replay ARN|FILE  replay a recorded execution on an in-process emulator (--definition FILE: a changed one)
  dev              run the dashboard in development mode
  build            build the dashboard
  emulator         run the built-in Step Functions emulator (port 8083)

Run \`steplens <command> --help\` for a command's options.`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  start: startCommand,
  serve: serveCommand,
  analyze: analyzeCommand,
  import: importCommand,
  dev: (args) => runNext(projectRoot(), ['dev', ...args]),
  build: () => buildApp(projectRoot()),
  emulator: emulatorCommand,
  poll: pollCommand,
  reanalyze: reanalyzeCommand,
  replay: replayCommand,
};

/** Entry of the `steplens` command; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  try {
    if (!command) throw new CliError(`unknown command "${name}" (try steplens --help)`);
    return await command(args);
  } catch (error) {
    if (error instanceof CliError) {
      console.error(`steplens: ${error.message}`);
      return error.exitCode;
    }
    // Node's argument parser reports bad flags with a code; they are the user's mistake too.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`steplens ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
