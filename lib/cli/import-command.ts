import { parseArgs } from 'node:util';
import { HistoryInputError } from '../history/index.ts';
import { ingestExecution } from '../ingest/index.ts';
import { openStore } from '../store/index.ts';
import { CliError } from './cli-error.ts';
import { historyFileRecord } from './history-file-record.ts';
import { readInput } from './read-input.ts';

export const importUsage = `Usage: steplens import [--execution-arn ARN] FILE...

Loads execution histories into the store (DATABASE_URL, default data/steplens.db): files printed
by \`aws stepfunctions get-execution-history\`, CloudWatch Logs records of one execution, or the
corpus format (an object with "events" and "definition"). Importing a file again changes nothing.
  --execution-arn ARN   store the (single) file under this execution ARN instead of the one
                        found in it or derived from the file name`;

/** `steplens import FILE...`: every file is imported in its own transaction. */
export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'execution-arn': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(importUsage);
    return 0;
  }
  if (positionals.length === 0) throw new CliError('import: expected at least one FILE');
  if (values['execution-arn'] && positionals.length > 1) throw new CliError('import: --execution-arn takes exactly one FILE');

  const store = await openStore();
  let failures = 0;
  try {
    for (const file of positionals) {
      try {
        const record = historyFileRecord(await readInput(file), file, { executionArn: values['execution-arn'] });
        // Merged into what is stored: an older or partial copy never rolls the execution back.
        const saved = await ingestExecution(store, record.ingest);
        const warnings = record.warnings.length + saved.analysis.warnings.length;
        const odd = warnings > 0 ? `, ${warnings} warning(s)` : '';
        console.log(`${file}: ${saved.derived.status} ${record.ingest.executionArn} (${saved.eventCount} events, ${saved.insertedEvents} new${odd})`);
      } catch (error) {
        failures += 1;
        console.error(oneLine(file, error));
      }
    }
  } finally {
    await store.close();
  }
  return failures > 0 ? 2 : 0;
}

function oneLine(file: string, error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof HistoryInputError) return `${file}: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `${file}: import failed: ${message.split('\n')[0]}`;
}
