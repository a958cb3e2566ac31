// "Try a fix" (DESIGN.md §2.10, POST /api/executions/{arn}/replay): a changed definition, checked
// as the emulator checks a definition (problems at their line), then run in a private in-process
// emulator against the execution's recorded task outcomes (nothing is called, AWS least of all,
// and nothing is stored), and shown with the execution diff (§2.6) of the original (A) against the
// replay (B). Replayed from the stored values; what is answered passes the display redaction.
import { jsonMemberLines, lineOfPath, locationAt } from '../../asl/json-locations.ts';
import { parseDefinition } from '../../asl/index.ts';
import { definitionErrors } from '../../emulator/replay.ts';
import { toHistoryEvent } from '../../emulator/server/history-wire.ts';
import type { HistoryDifference } from '../../history/compare-histories.ts';
import { analyzeExecution, parseHistory, redactEvents } from '../../history/index.ts';
import { payloadText } from '../../history/decode-payload.ts';
import type { AnalyzedExecutionStatus } from '../../history/types.ts';
import { diffExecutions } from '../../metrics/index.ts';
import type { Store, StoredExecution } from '../../store/index.ts';
import { displayRedaction, redactDisplayedDefinition, redactStoredText } from '../display-redaction.ts';
import { getExecutionDetail } from './get-execution-detail.ts';
import type { ExecutionDiffDetail } from './get-execution-diff.ts';
import { readStoredRecording } from './get-test-case.ts';
import { replayRecording } from './replay-recording.ts';

/** A problem of the definition text, at its 1-based line (column where the JSON parser says one). */
export interface DefinitionProblem {
  line: number;
  column?: number;
  /** The member validateDefinition names (`$.States.A`), when it names one. */
  path?: string;
  message: string;
}

export type TryFixResult =
  | { ok: false; problems: DefinitionProblem[] }
  | {
      ok: true;
      /** The replay's status with the changed definition. */
      status: AnalyzedExecutionStatus;
      /** The changed definition wrote the recorded history event for event (it changed nothing here). */
      reproduced: boolean;
      firstDifference: HistoryDifference | null;
      events: number;
      limitReached: boolean;
      /** A = the recorded execution, B = the replay (its ARN names no stored execution). */
      diff: ExecutionDiffDetail;
    };

/** The definition text's problems as the emulator would refuse it; [] when it can run. */
export function definitionProblems(text: string): { problems: DefinitionProblem[]; definition: Record<string, unknown> | null } {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const at = locationAt(text, position ? Number(position[1]) : text.length);
    return { problems: [{ line: at.line, column: at.column, message: `Not JSON: ${message}` }], definition: null };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problems: [{ line: 1, message: 'The definition must be a JSON object (an ASL state machine).' }], definition: null };
  const errors = definitionErrors(value);
  if (errors.length === 0) return { problems: [], definition: value as Record<string, unknown> };
  const lines = jsonMemberLines(text);
  const problems = errors.map((d): DefinitionProblem => ({ line: lineOfPath(lines, d.path), ...(d.path ? { path: d.path } : {}), message: d.message }));
  return { problems: problems.sort((x, y) => x.line - y.line), definition: null };
}

function lastDetail(events: ReturnType<typeof parseHistory>['events'], key: string): string | null {
  const last = events[events.length - 1];
  return last ? payloadText(last.details[key]) : null;
}

/** The replay of a stored execution against `definitionText`; null when the execution is not stored. */
export async function tryFix(store: Store, executionArn: string, definitionText: string): Promise<TryFixResult | null> {
  const checked = definitionProblems(definitionText);
  const recording = await readStoredRecording(store, executionArn, { redact: false });
  if (!recording) return null;
  if (checked.definition === null) return { ok: false, problems: checked.problems };
  const original = await getExecutionDetail(store, executionArn);
  if (!original) return null;
  const report = await replayRecording(
    { executionArn, stateMachineArn: recording.execution.stateMachineArn, events: recording.events, definition: recording.definition, ...(recording.execution.input === null ? {} : { input: recording.execution.input }) },
    { definition: checked.definition },
  );
  const rules = displayRedaction();
  const parsed = parseHistory({ events: report.events.map((e) => toHistoryEvent(e)) }).events;
  const replayed = rules === null ? parsed : [...redactEvents(parsed, rules)];
  const analysis = analyzeExecution(replayed, { definition: parseDefinition(checked.definition).definition ?? undefined });
  const first = replayed[0]?.timestamp ?? null;
  const last = replayed[replayed.length - 1]?.timestamp ?? null;
  const a = original.execution;
  const name = `${a.name.slice(0, 70)}-try-fix`;
  const output = lastDetail(replayed, 'output');
  const b: StoredExecution = {
    ...a,
    executionArn: `${a.executionArn.slice(0, a.executionArn.lastIndexOf(':'))}:${name}`,
    name,
    status: analysis.status,
    startDate: first === null ? a.startDate : new Date(first).toISOString(),
    stopDate: analysis.status === 'RUNNING' || last === null ? null : new Date(last).toISOString(),
    durationMs: first !== null && last !== null ? last - first : null,
    error: analysis.status === 'SUCCEEDED' ? null : lastDetail(replayed, 'error'),
    cause: analysis.status === 'SUCCEEDED' ? null : lastDetail(replayed, 'cause'),
    output: analysis.status === 'SUCCEEDED' ? output : null,
    eventCount: replayed.length,
    historyComplete: true,
    partial: false,
    redriveCount: 0,
  };
  const diff = diffExecutions({ execution: a, analysis: original.analysis, input: a.input, output: a.output }, { execution: b, analysis, input: b.input, output: b.output });
  const difference = report.firstDifference;
  return {
    ok: true,
    status: report.status,
    reproduced: report.reproduced,
    firstDifference:
      difference === null || rules === null
        ? difference
        : {
            ...difference,
            expected: difference.expected && difference.expected.cause !== undefined ? { ...difference.expected, cause: redactStoredText(difference.expected.cause, rules) ?? '' } : difference.expected,
            got: difference.got && difference.got.cause !== undefined ? { ...difference.got, cause: redactStoredText(difference.got.cause, rules) ?? '' } : difference.got,
          },
    events: replayed.length,
    limitReached: report.limitReached,
    diff: { diff, definitions: { a: original.definition, b: redactDisplayedDefinition(checked.definition, rules) }, sameDefinition: false },
  };
}
