import { parseArgs } from 'node:util';
import { readStoredRecording, TestCaseUnavailableError } from '../api/executions/get-test-case.ts';
import { replayRecording, type Recording, type ReplayReport } from '../api/executions/replay-recording.ts';
import { displayRedaction, redactStoredText } from '../api/display-redaction.ts';
import { ReplayDefinitionError } from '../emulator/replay.ts';
import { HistoryInputError } from '../history/index.ts';
import type { EventSummary, HistoryDifference } from '../history/compare-histories.ts';
import { openStore } from '../store/index.ts';
import { CliError } from './cli-error.ts';
import { historyFileRecord } from './history-file-record.ts';
import { readInput } from './read-input.ts';

export const replayUsage = `Usage: steplens replay ARN|FILE [--definition FILE] [--json]

Replays a recorded execution on an in-process emulator (virtual time; nothing is called): every
Task state answers with what the recording says that call returned or threw, in call order.
Prints whether the replay wrote the recorded history event for event (types, ids,
previousEventId, state names, errors and causes) or where it first differs.
  ARN                 a stored execution (the store at DATABASE_URL)
  FILE                an exported history (get-execution-history output, StepLens's Export
                      JSON, a corpus file; "-" reads stdin) with its definition, or --definition
  --definition FILE   run the recorded task outcomes against this definition instead ("would this
                      Catch have saved it?"); for a FILE without a definition, the one it ran
  --json              print {"reproduced", "firstDifference", "status", "events"} (events: how
                      many the replay wrote)
Exit status: 0 reproduced (or a changed definition ran), 1 the replay differs, 2 bad input.`;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseDefinitionText(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${where}: the definition is not JSON (${(error as Error).message})`);
  }
  if (!isObject(value)) throw new CliError(`${where}: the definition must be a JSON object (an ASL state machine)`);
  return value;
}

/** A stored execution (not redacted: the replay needs the values that ran) as a recording. */
async function storedRecording(executionArn: string): Promise<Recording> {
  const store = await openStore(process.env.DATABASE_URL);
  try {
    // Display rules are applied to what is printed, not to what is replayed.
    const read = await readStoredRecording(store, executionArn, { redact: false });
    if (!read) throw new CliError(`replay: execution not found in the store: ${executionArn}`);
    const recording: Recording = { executionArn, stateMachineArn: read.execution.stateMachineArn, events: read.events, definition: read.definition };
    if (read.execution.input !== null) recording.input = read.execution.input;
    return recording;
  } catch (error) {
    if (error instanceof TestCaseUnavailableError) throw new CliError(`replay: ${error.message.replace('no test case can be made', 'it cannot be replayed')}`);
    throw error;
  } finally {
    await store.close();
  }
}

/** A history file as a recording; its definition is null when the file has none. */
async function fileRecording(file: string): Promise<{ recording: Omit<Recording, 'definition'>; definition: Record<string, unknown> | null }> {
  const where = file === '-' ? 'stdin' : file;
  const text = await readInput(file);
  let record;
  try {
    record = historyFileRecord(text, file === '-' ? 'stdin.json' : file);
  } catch (error) {
    if (error instanceof HistoryInputError) throw new CliError(`${where}: ${error.message}`);
    throw error;
  }
  const { ingest } = record;
  const definitionText = ingest.stateMachine.definition ?? null;
  const recording: Omit<Recording, 'definition'> = { executionArn: ingest.executionArn, stateMachineArn: ingest.stateMachineArn, events: ingest.events };
  // The corpus wrapper keeps the input beside the events (its ExecutionStarted may lack it).
  try {
    const wrapper: unknown = JSON.parse(text);
    if (isObject(wrapper) && wrapper.input !== undefined && wrapper.input !== null) recording.input = wrapper.input;
  } catch {
    // JSON lines: no wrapper
  }
  return { recording, definition: definitionText === null ? null : parseDefinitionText(definitionText, where) };
}

export interface ReplayCommandResult {
  report: ReplayReport;
  /** --definition ran a definition the recording did not. */
  changed: boolean;
}

/** `steplens replay`'s work without printing: the report, or a CliError for bad input. */
export async function runReplay(target: string, definitionFile: string | undefined): Promise<ReplayCommandResult> {
  const given = definitionFile === undefined ? undefined : parseDefinitionText(await readInput(definitionFile), definitionFile);
  let recording: Recording;
  let changed = given !== undefined;
  if (target.startsWith('arn:')) {
    recording = await storedRecording(target);
  } else {
    const read = await fileRecording(target);
    const definition = read.definition ?? given;
    if (definition === undefined) throw new CliError(`${target === '-' ? 'stdin' : target}: the file has no definition; pass the one it ran with --definition FILE`);
    // A file without a definition: --definition is the one it ran, so the replay is a reproduction.
    if (read.definition === null) changed = false;
    recording = { ...read.recording, definition };
  }
  try {
    const report = await replayRecording(recording, changed && given !== undefined ? { definition: given } : {});
    return { report, changed };
  } catch (error) {
    if (error instanceof ReplayDefinitionError) {
      throw new CliError(`replay: ${changed ? definitionFile : 'the recorded definition'} cannot run: ${error.message}`);
    }
    throw error;
  }
}

/** A difference with its causes passed through the display redaction (they are printed). */
function redactedDifference(difference: HistoryDifference | null): HistoryDifference | null {
  const rules = displayRedaction();
  if (difference === null || rules === null) return difference;
  const summary = (s: EventSummary | null): EventSummary | null => (s === null || s.cause === undefined ? s : { ...s, cause: redactStoredText(s.cause, rules) ?? '' });
  return { ...difference, expected: summary(difference.expected), got: summary(difference.got) };
}

function describe(s: EventSummary | null): string {
  if (s === null) return '(no event)';
  const parts = [`#${s.id ?? '?'} ${s.type}`];
  if (s.stateName !== undefined) parts.push(`state ${JSON.stringify(s.stateName)}`);
  if (s.index !== undefined) parts.push(`index ${s.index}`);
  parts.push(`previous ${s.previousEventId ?? 0}`);
  if (s.error !== undefined) parts.push(`error ${s.error}`);
  if (s.cause !== undefined) parts.push(`cause ${JSON.stringify(s.cause)}`);
  return parts.join(', ');
}

function textReport({ report, changed }: ReplayCommandResult, difference: HistoryDifference | null): string {
  const lines: string[] = [];
  const count = `${report.events.length.toLocaleString('en-US')} events`;
  if (changed) lines.push(`Changed definition ran: ${report.status} after ${count}${report.limitReached ? ' (stopped at the event limit)' : ''}.`);
  else if (report.reproduced) lines.push(`Reproduced: the replay wrote the recorded ${count} event for event (${report.status}).`);
  else lines.push(`Differs: the replay (${report.status}, ${count}) does not write the recorded history.`);
  if (difference !== null) {
    lines.push(`${changed ? 'First difference from the recording' : 'First difference'} (${difference.field}):`);
    if (difference.expected === null && difference.got === null) lines.push(`  ${difference.message}`);
    else {
      lines.push(`  recorded: ${describe(difference.expected)}`);
      lines.push(`  replayed: ${describe(difference.got)}`);
    }
  } else if (changed) lines.push('It writes the recorded history event for event: the change changes nothing here.');
  for (const change of report.testCase.definitionChanges) lines.push(`Note: ${change}`);
  return lines.join('\n');
}

/** `steplens replay ARN|FILE [--definition FILE] [--json]`. */
export async function replayCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { definition: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(replayUsage);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError('replay: expected exactly one ARN or FILE (or - for stdin)');
  const result = await runReplay(positionals[0] as string, values.definition);
  const difference = redactedDifference(result.report.firstDifference);
  if (values.json) {
    const out = { reproduced: result.report.reproduced, firstDifference: difference, status: result.report.status, events: result.report.events.length };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else process.stdout.write(`${textReport(result, difference)}\n`);
  return result.changed || result.report.reproduced ? 0 : 1;
}
