import { analyzeHistory, HistoryInputError } from '../history/index.ts';
import { CliError } from './cli-error.ts';
import { readInput } from './read-input.ts';

export const analyzeUsage = `Usage: steplens analyze FILE|-

Prints the analysis of one execution's history (DESIGN.md §2.2) as JSON on stdout.
FILE is the output of \`aws stepfunctions get-execution-history\`, a bare array of events,
an object with an "events" array, or CloudWatch Logs records of one execution; "-" reads stdin.`;

/** `steplens analyze FILE|-`: parse, analyse, print one JSON object. */
export async function analyzeCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(analyzeUsage);
    return 0;
  }
  const [file, ...rest] = args;
  if (file === undefined || rest.length > 0) throw new CliError('analyze: expected exactly one FILE (or - for stdin)');
  const text = await readInput(file);
  try {
    const analysis = analyzeHistory(text);
    process.stdout.write(`${JSON.stringify(analysis, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof HistoryInputError) throw new CliError(`${file === '-' ? 'stdin' : file}: ${error.message}`);
    throw error;
  }
}
