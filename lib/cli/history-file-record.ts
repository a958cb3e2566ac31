import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { parseExecutionArn } from '../arn/state-machine-arn.ts';
import { parseHistory } from '../history/index.ts';
import { jsonText } from '../history/json-text.ts';
import type { HistoryEvent } from '../history/types.ts';
import type { IngestExecutionInput } from '../ingest/index.ts';
import { CliError } from './cli-error.ts';

/** What one history file says: the execution's identity, its events, its definition. */
export interface HistoryFileRecord {
  /** What `steplens import` hands to lib/ingest (which merges with what is stored and derives the rest). */
  ingest: IngestExecutionInput & { stateMachine: NonNullable<IngestExecutionInput['stateMachine']> };
  /** Warnings about odd events in the file (the analysis adds its own). */
  warnings: string[];
}

export interface HistoryFileOptions {
  /** Overrides the ARN found in (or made up for) the file. */
  executionArn?: string;
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
export function historyFileRecord(text: string, fileName: string, options: HistoryFileOptions = {}): HistoryFileRecord {
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

  return {
    ingest: {
      source: { kind: 'import', label: 'Imported files' },
      stateMachine: { stateMachineArn: arn.stateMachineArn, name: arn.stateMachineName, type, definition },
      executionArn,
      stateMachineArn: arn.stateMachineArn,
      name: arn.name,
      events: parsed.events,
      sourcePartial: meta.partial === true,
    },
    warnings: parsed.warnings,
  };
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
  return typeof definition === 'string' ? definition : (jsonText(definition) ?? null);
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
    .update(jsonText(events.map((event) => event.raw)) ?? '')
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



function stringField(value: unknown, key: string): string | null {
  if (!isObject(value)) return null;
  const field = value[key];
  return typeof field === 'string' ? field : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
