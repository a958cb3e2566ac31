// The one path from history events to the store (DESIGN.md §1): the poller (Standard histories
// and Express logs), `steplens import` and the on-demand fetch all call ingestExecution. It
// merges the incoming events with the stored ones (mergeEvents), analyses ALL of them with the
// definition the execution ran, derives the execution's fields (deriveExecution) and saves
// events, execution and runs in one transaction, stamped with ANALYZER_VERSION. The same
// history therefore gives byte-identical rows whichever way it arrived, and `steplens
// reanalyze` (reanalyze.ts) rebuilds exactly what this writes.
// With redaction mode "store" (README "Redaction") the incoming events are redacted first, so
// nothing this writes — events, execution input/output/cause, runs, cluster columns, and the
// search index the store keeps over them — ever holds a redacted value; the definition's payload
// templates are redacted too (redactDefinitionText; its revision id, when AWS gave none, is then
// the hash of the redacted text).
import { resolveRedaction, type RedactionSettings } from '../config/index.ts';
import { ANALYZER_VERSION, analyzeExecution, deriveExecution, executionLinks, isTerminal, mergeEvents, redactDefinitionText, redactEvents, type DerivedExecution, type ExecutionAnalysis, type HistoryEvent } from '../history/index.ts';
import {
  findDefinition,
  getExecutionForAnalysis,
  saveExecutionHistory,
  saveExecutionLinks,
  type ExecutionInput,
  type SourceInput,
  type StateMachineInput,
  type Store,
  type StoredExecution,
} from '../store/index.ts';
import { derivedFields } from './derived-fields.ts';

export interface IngestExecutionInput {
  source?: SourceInput;
  /** The state machine and, when known, the revision (and its definition text) the execution ran. */
  stateMachine?: StateMachineInput;
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** Events from the source, parsed (parseHistory); those already stored are ignored. */
  events: readonly HistoryEvent[];
  /** startDate when the history has no ExecutionStarted (e.g. from ListExecutions). */
  fallbackStartDate?: Date | null;
  /** The source cannot deliver the whole history (reduced log level, a recording marked partial). */
  sourcePartial?: boolean;
  /** Whether the source still returns the execution; undefined keeps the stored flag. */
  expired?: boolean;
  /** Redaction settings; default: this process's (resolveRedaction: steplens.config.json, STEPLENS_REDACTION). */
  redaction?: RedactionSettings;
}

export interface IngestResult {
  /** False when nothing changed (no new events, same derived fields): nothing was written. */
  saved: boolean;
  insertedEvents: number;
  eventCount: number;
  /** The execution reached a terminal status with this ingest (it was running or unknown). */
  completed: boolean;
  derived: DerivedExecution;
  historyComplete: boolean;
  analysis: ExecutionAnalysis;
}

export async function ingestExecution(store: Store, input: IngestExecutionInput): Promise<IngestResult> {
  const redaction = input.redaction ?? resolveRedaction();
  if (redaction.mode === 'store') input = redactForStore(input, redaction);
  const incoming = input.events;
  const stored = await getExecutionForAnalysis(store, input.executionArn);
  const { events, added } = mergeEvents(stored?.events ?? [], incoming);
  const definition = await definitionFor(store, input, stored?.execution ?? null, stored?.definition ?? null);
  const analysis = analyzeExecution(events, definition !== null ? { definition } : {});
  const derived = deriveExecution(events, analysis, { fallbackStartDate: input.fallbackStartDate?.getTime() ?? null });
  const terminal = isTerminal(derived.status);
  const sourcePartial = input.sourcePartial === true;
  const historyComplete = terminal && derived.gapless && derived.hasStart && !sourcePartial;
  const execution: ExecutionInput = {
    ...derivedFields(input.executionArn, input.stateMachineArn, derived),
    name: input.name,
    historyComplete,
    partial: sourcePartial || !derived.gapless || !derived.hasStart,
    ...(input.expired !== undefined ? { expired: input.expired } : {}),
  };
  const completed = terminal && (stored === null || !isTerminal(stored.execution.status));
  const base = { derived, historyComplete, analysis, completed };
  // A pruned execution (lib/store/retention) is derived again only from a whole history: late
  // records alone (a log window read again) would replace its summary with a fragment's.
  const prunedFragment = stored?.execution.eventsPrunedAt != null && !derived.hasStart;
  if (stored !== null && (prunedFragment || (added.length === 0 && !input.stateMachine?.definition && unchanged(stored.execution, execution)))) {
    return { ...base, saved: false, insertedEvents: 0, eventCount: stored.execution.eventCount };
  }
  const result = await saveExecutionHistory(store, {
    ...(input.source ? { source: input.source } : {}),
    ...(input.stateMachine ? { stateMachine: input.stateMachine } : {}),
    execution,
    events: added,
    runs: analysis.runs,
    analyzerVersion: ANALYZER_VERSION,
  });
  // The Map Runs and executions these events name (DESIGN.md §2.9). Events are only ever added,
  // so the links of a longer history are a superset: nothing to save while there are none (most
  // executions). A separate transaction: a crash between the two leaves links missing only until
  // the next ingest or reanalyze of this execution rewrites them.
  const links = executionLinks(events, analysis);
  if (links.length > 0) await saveExecutionLinks(store, [{ executionArn: input.executionArn, links }], ANALYZER_VERSION);
  return { ...base, saved: true, insertedEvents: result.insertedEvents, eventCount: result.eventCount };
}

/** Mode "store": the events' payloads and the definition's templates as they may be written. */
function redactForStore(input: IngestExecutionInput, redaction: RedactionSettings): IngestExecutionInput {
  const events = redactEvents(input.events, redaction.rules);
  const definition = input.stateMachine?.definition;
  const stateMachine = input.stateMachine && typeof definition === 'string' ? { ...input.stateMachine, definition: redactDefinitionText(definition, redaction.rules) } : input.stateMachine;
  return { ...input, events, ...(stateMachine ? { stateMachine } : {}) };
}

/**
 * The definition the execution ran, as reanalyze will find it: the text the caller has for the
 * revision being stored, else the stored revision's (the caller's revision id, else the one
 * stored with the execution, else the state machine's current one).
 */
async function definitionFor(store: Store, input: IngestExecutionInput, stored: StoredExecution | null, storedDefinition: string | null): Promise<string | null> {
  const given = input.stateMachine?.definition;
  if (given) return given;
  const revisionId = input.stateMachine?.revisionId ?? stored?.revisionId ?? null;
  if (stored !== null && revisionId === stored.revisionId) return storedDefinition;
  return findDefinition(store, input.stateMachineArn, revisionId);
}

/** The stored row already holds these values (and was written by this analyzer version). */
function unchanged(stored: StoredExecution, next: ExecutionInput): boolean {
  return (
    stored.analyzerVersion === ANALYZER_VERSION &&
    stored.status === next.status &&
    stored.startDate === (next.startDate?.toISOString() ?? null) &&
    stored.stopDate === (next.stopDate?.toISOString() ?? null) &&
    stored.input === next.input &&
    stored.output === next.output &&
    stored.error === next.error &&
    stored.cause === next.cause &&
    stored.redriveCount === next.redriveCount &&
    stored.historyComplete === next.historyComplete &&
    stored.partial === next.partial &&
    (next.expired === undefined || stored.expired === next.expired)
  );
}
