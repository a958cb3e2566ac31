import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { parseExecutionArn } from '../arn/state-machine-arn.ts';
import { analyzeExecution, causeText, parseHistory, summarizeExecution } from '../history/index.ts';
import type { ExecutionAnalysis, HistoryEvent } from '../history/types.ts';
import type { ExecutionInput, StateMachineInput } from '../store/index.ts';
import { CliError } from './cli-error.ts';

/** Everything `steplens import` stores for one history file. */
export interface HistoryFileRecord {
  stateMachine: StateMachineInput & { definition: string | null };
  execution: ExecutionInput;
  events: HistoryEvent[];
  analysis: ExecutionAnalysis;
  warnings: string[];
}

export interface HistoryFileOptions {
  /** Overrides the ARN found in (or made up for) the file. */
  executionArn?: string;
  /**
   * Looks up the events already stored for an execution ARN. The file's events are merged into
   * them before anything is derived, so importing an older or partial copy of a history never
   * rolls the stored execution back (its status, runs and error follow all the events kept).
   */
  storedEvents?: (executionArn: string) => Promise<HistoryEvent[] | null>;
}

// Placeholder ARNs in recordings (`<region>`, `111111111111`-style masks) must not be
// trusted: many files share them, and they would collide in the store.
const PLACEHOLDER = /[<>]/;
const IMPORT_REGION = 'us-east-1';
const IMPORT_ACCOUNT = '000000000000';
const MAX_NAME = 80;

/**
 * Turns one history file (AWS CLI export, bare events, the corpus wrapper, or CloudWatch Logs
 * records) into what the store keeps. Deterministic: the same file always yields the same
 * ARNs, which is what makes `import` idempotent.
 */
export async function historyFileRecord(text: string, fileName: string, options: HistoryFileOptions = {}): Promise<HistoryFileRecord> {
  const parsed = parseHistory(text);
  const wrapper = wrapperObject(text);
  const definition = definitionText(wrapper?.definition);

  const executionArn =
    options.executionArn ??
    trustedArn(parsed.executionArn) ??
    trustedArn(stringField(wrapper?.describeExecution, 'executionArn')) ??
    madeUpExecutionArn(fileName, wrapper, parsed.events);
  const arn = parseExecutionArn(executionArn);
  if (!arn) throw new CliError(`${fileName}: not an execution ARN: ${executionArn}`);
  const meta = isObject(wrapper?.meta) ? wrapper.meta : {};
  const type = arn.type === 'EXPRESS' || meta.workflowType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';

  const stored = (await options.storedEvents?.(executionArn)) ?? [];
  const events = mergeEvents(stored, parsed.events);
  const analysis = analyzeExecution(events, { definition: wrapper?.definition ?? undefined });
  const summary = summarizeExecution(events);

  const hasStart = events.some((event) => event.type === 'ExecutionStarted');
  const partial = meta.partial === true || !hasStart;
  return {
    stateMachine: { stateMachineArn: arn.stateMachineArn, name: arn.stateMachineName, type, definition },
    execution: {
      executionArn,
      stateMachineArn: arn.stateMachineArn,
      name: arn.name,
      status: analysis.status,
      startDate: toDate(summary.startDate),
      stopDate: toDate(summary.stopDate),
      input: payloadText(summary.input),
      output: payloadText(summary.output),
      error: summary.error ?? analysis.failure?.error ?? null,
      cause: summary.cause ?? causeText(analysis.failure?.cause),
      redriveCount: summary.redriveCount ?? 0,
      historyComplete: !partial,
      partial,
    },
    events,
    analysis,
    warnings: [...parsed.warnings, ...analysis.warnings],
  };
}

/**
 * The stored events plus the file's events that are not stored yet (by id), in id order. Events
 * without an id (masked in recordings) cannot be matched: when the execution is already stored,
 * its own copies are kept and the file's are not added again.
 */
function mergeEvents(stored: HistoryEvent[], incoming: HistoryEvent[]): HistoryEvent[] {
  if (stored.length === 0) return incoming;
  const known = new Set(stored.map((event) => event.id).filter((id): id is number => id !== null));
  const added = incoming.filter((event) => event.id !== null && !known.has(event.id));
  if (added.length === 0) return stored;
  const merged = [...stored, ...added].sort((a, b) => (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER));
  return merged.map((event, position) => (event.position === position ? event : { ...event, position }));
}

function wrapperObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : null;
  } catch {
    return null; // JSON lines: no wrapper
  }
}

function definitionText(definition: unknown): string | null {
  if (definition === undefined || definition === null) return null;
  return typeof definition === 'string' ? definition : JSON.stringify(definition);
}

function trustedArn(arn: string | null | undefined): string | null {
  if (!arn || PLACEHOLDER.test(arn) || !parseExecutionArn(arn)) return null;
  return arn;
}

/**
 * An ARN for a history that carries none of its own: the state machine is named after the
 * file (minus a trailing `__<n>` execution counter, so executions of one test group together),
 * the execution after a hash of the events.
 */
function madeUpExecutionArn(fileName: string, wrapper: Record<string, unknown> | null, events: HistoryEvent[]): string {
  const stem = basename(fileName).replace(/\.jsonl?$/i, '').replace(/__\d+$/, '');
  const stateMachineName = awsName(stem || 'imported');
  const digest = createHash('sha256')
    .update(JSON.stringify(events.map((event) => event.raw)))
    .digest('hex');
  const counter = /__(\d+)\.jsonl?$/i.exec(basename(fileName))?.[1];
  const executionName = `${counter !== undefined ? `${counter}-` : ''}${digest.slice(0, 16)}`;
  const kind = isObject(wrapper?.meta) && wrapper.meta.workflowType === 'EXPRESS' ? 'express' : 'execution';
  const suffix = kind === 'express' ? `:${digest.slice(16, 24)}` : '';
  return `arn:aws:states:${IMPORT_REGION}:${IMPORT_ACCOUNT}:${kind}:${stateMachineName}:${executionName}${suffix}`;
}

/** AWS names: at most 80 characters of [0-9A-Za-z_-]; a hash keeps truncated names distinct. */
function awsName(text: string): string {
  const clean = text.replace(/[^0-9A-Za-z_-]+/g, '-').replace(/^-+|-+$/g, '');
  if (clean.length <= MAX_NAME) return clean;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${clean.slice(0, MAX_NAME - hash.length - 1)}-${hash}`;
}

function payloadText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function toDate(epochMs: number | null | undefined): Date | null {
  return typeof epochMs === 'number' && Number.isFinite(epochMs) ? new Date(epochMs) : null;
}

function stringField(value: unknown, key: string): string | null {
  if (!isObject(value)) return null;
  const field = value[key];
  return typeof field === 'string' ? field : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
