// GET /api/executions/{arn}/test-case (DESIGN.md §2.10): a stored execution as a Step Functions
// Local test case, with the commands that run it. Built from what may be shown: the events and the
// definition pass the display redaction first (README "Redaction"), so a redacted task output is
// mocked as the redacted value (and `redactedPayloads` says a replay may then take another path).
import { buildTestCase, testCaseNameOf, type ReplayTestCase } from '../../history/test-case.ts';
import { reproduceCommands, TEST_CASE_FILES, type ReproduceCommands } from '../../history/reproduce-commands.ts';
import { jsonText } from '../../history/json-text.ts';
import type { HistoryEvent } from '../../history/types.ts';
import { getExecutionForAnalysis, type Store, type StoredExecution } from '../../store/index.ts';
import { displayRedaction, redactStoredDefinition, redactStoredHistory } from '../display-redaction.ts';

export interface ExecutionTestCase extends ReplayTestCase {
  /** Beyond §2.10: the commands that run the test case (the files under the names in `files`). */
  commands: ReproduceCommands;
  files: typeof TEST_CASE_FILES;
  /** Beyond §2.10: some payload of the events or the definition was redacted before the test case was made. */
  redactedPayloads: boolean;
}

/** The parts of a test case served as files (`?file=`). */
export const TEST_CASE_FILE_KINDS = ['mock-config', 'definition', 'input', 'test-case'] as const;
export type TestCaseFileKind = (typeof TEST_CASE_FILE_KINDS)[number];

/** Why no test case can be made for a stored execution (the route answers 409 with it). */
export class TestCaseUnavailableError extends Error {
  override name = 'TestCaseUnavailableError';
}

export interface StoredRecording {
  execution: StoredExecution;
  events: HistoryEvent[];
  definition: Record<string, unknown>;
  redactedPayloads: boolean;
}

function stateMachineNameOf(arn: string): string {
  return arn.split(':')[6] ?? arn;
}

/**
 * A stored execution's events, definition (parsed) and execution row, display-redacted unless
 * `redact: false`; null when
 * the execution is not stored. Throws TestCaseUnavailableError when its definition is not known.
 */
export async function readStoredRecording(store: Store, executionArn: string, options: { redact?: boolean } = {}): Promise<StoredRecording | null> {
  const read = await getExecutionForAnalysis(store, executionArn);
  if (!read) return null;
  // `steplens replay` replays what ran (redact: false) and redacts what it prints instead.
  const rules = options.redact === false ? null : displayRedaction();
  const stored = redactStoredHistory(read, rules);
  const definitionText = redactStoredDefinition(read.definition, rules);
  if (definitionText === null) throw new TestCaseUnavailableError(`execution ${executionArn}: its definition is not stored, so no test case can be made`);
  let definition: unknown;
  try {
    definition = JSON.parse(definitionText) as unknown;
  } catch {
    throw new TestCaseUnavailableError(`execution ${executionArn}: its stored definition is not JSON, so no test case can be made`);
  }
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    throw new TestCaseUnavailableError(`execution ${executionArn}: its stored definition is not an object, so no test case can be made`);
  }
  if (stored.events.length === 0) throw new TestCaseUnavailableError(`execution ${executionArn}: no history is stored, so no test case can be made`);
  return {
    execution: stored.execution,
    events: stored.events,
    definition: definition as Record<string, unknown>,
    redactedPayloads: stored !== read || definitionText !== read.definition,
  };
}

/** The test case of a stored execution; null when it is not stored. */
export async function getExecutionTestCase(store: Store, executionArn: string): Promise<ExecutionTestCase | null> {
  const recording = await readStoredRecording(store, executionArn);
  if (!recording) return null;
  const { execution } = recording;
  const stateMachineName = stateMachineNameOf(execution.stateMachineArn);
  const testCase = buildTestCase({
    stateMachineName,
    testCaseName: testCaseNameOf(execution.name),
    events: recording.events,
    definition: recording.definition,
    input: execution.input ?? undefined,
    executionArn,
  });
  return { ...testCase, commands: reproduceCommands(stateMachineName, testCase.testCase), files: TEST_CASE_FILES, redactedPayloads: recording.redactedPayloads };
}

/** Indented JSON for a person to read; values nested too deep for that as one line (jsonText). */
function fileText(value: unknown): string {
  try {
    return `${JSON.stringify(value, null, 2)}\n`;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return `${jsonText(value) ?? 'null'}\n`;
  }
}

/** One part of a test case as a downloadable file: its name and JSON text. */
export function testCaseFile(testCase: ExecutionTestCase, kind: TestCaseFileKind): { name: string; text: string } {
  if (kind === 'mock-config') return { name: testCase.files.mockConfig, text: fileText(testCase.mockConfig) };
  if (kind === 'definition') return { name: testCase.files.definition, text: fileText(testCase.definition) };
  // The input as StartExecution received it: JSON text, as it is.
  if (kind === 'input') return { name: testCase.files.input, text: testCase.input };
  return { name: `${testCase.testCase}.test-case.json`, text: fileText(testCase) };
}
