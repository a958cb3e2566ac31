// Runs one recorded execution through the replay that `steplens replay` uses (lib/api
// replayRecording: the recorded task outcomes, the interpreter, a virtual clock) and compares the
// histories with lib/history compareHistories. What is corpus-specific stays here: which files can
// run, which differences cannot be judged, and the placeholders in recorded text. (The Task
// Resources that the tests patched in at run time are recovered from the recording by lib/history
// buildTestCase, as for any definition that could not have run as given.) Nothing here knows any
// particular file.
import { replayRecording } from '../../../../lib/api/executions/replay-recording.ts';
import { parseHistory } from '../../../../lib/history/index.ts';
import type { HistoryEvent } from '../../../../lib/history/types.ts';
import type { CorpusFile } from './recorded-history.ts';

export type Verdict = 'exact' | 'different' | 'not-runnable';

export interface ParityResult {
  file: string;
  verdict: Verdict;
  /** Why a file cannot run, or the first difference. */
  reason: string;
  features: string[];
  masked: boolean;
}

const EXEC_ARN = 'arn:aws:states:us-east-1:111111111111:execution:ParityMachine:parity-run';
const SM_ARN = 'arn:aws:states:us-east-1:111111111111:stateMachine:ParityMachine';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every state object of a definition, nested ones included, with its name. */
export function allStates(def: unknown, out: Array<[string, Json]> = []): Array<[string, Json]> {
  if (!isObject(def) || !isObject(def.States)) return out;
  for (const [name, s] of Object.entries(def.States)) {
    if (!isObject(s)) continue;
    out.push([name, s]);
    for (const b of Array.isArray(s.Branches) ? s.Branches : []) allStates(b, out);
    allStates(s.ItemProcessor ?? s.Iterator, out);
  }
  return out;
}

export function featuresOf(file: CorpusFile, events: readonly HistoryEvent[]): string[] {
  const f = new Set<string>();
  const text = JSON.stringify(file.definition);
  for (const [, s] of allStates(file.definition)) {
    const type = s.Type;
    if (type === 'Map') {
      // The processor is ItemProcessor, or Iterator in the legacy spelling (which may be distributed too).
      const processor = s.ItemProcessor ?? s.Iterator;
      const mode = isObject(processor) && isObject(processor.ProcessorConfig) ? processor.ProcessorConfig.Mode : undefined;
      f.add(mode === 'DISTRIBUTED' ? 'Distributed Map' : 'Map (inline)');
    }
    if (type === 'Parallel') f.add('Parallel');
    if (type === 'Wait') f.add('Wait');
    if (type === 'Choice') f.add('Choice');
    if (type === 'Task') f.add('Task');
    if (s.Retry !== undefined) f.add('Retry');
    if (s.Catch !== undefined) f.add('Catch');
    if (s.Assign !== undefined) f.add('Variables');
    if (typeof s.Resource === 'string' && /\.(waitForTaskToken|sync)/.test(s.Resource)) f.add('Callbacks/.sync');
  }
  if (/"QueryLanguage":"JSONata"/.test(text)) f.add('JSONata');
  if (/States\.[A-Za-z]+\(/.test(text)) f.add('Intrinsic functions');
  if (events.some((e) => e.type.startsWith('LambdaFunction'))) f.add('Lambda (legacy)');
  if (events.some((e) => e.type.startsWith('Activity'))) f.add('Activities');
  if (events.some((e) => e.type.endsWith('TimedOut'))) f.add('Timeouts');
  if (events.some((e) => e.type === 'EvaluationFailed')) f.add('EvaluationFailed');
  if (events.some((e) => e.type === 'ExecutionFailed')) f.add('Failed executions');
  return [...f].sort();
}

/** Recorded strings may hold placeholders (<uuid:1>, <json-input:1>, <region>, ...). */
export function textMatches(recorded: string, ours: string): boolean {
  if (recorded === ours) return true;
  if (!/<[^<>\s]+>|snf_role_arn|111111111111/.test(recorded)) return false;
  const pattern = recorded
    .split(/(<[^<>\s]+>)/)
    .map((part) => (/^<[^<>\s]+>$/.test(part) ? '[\\s\\S]*?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`).test(ours);
}

/** Why a file cannot be run at all (it still counts in the total). */
export function notRunnableReason(file: CorpusFile): string | null {
  if (file.kind !== 'standard-history') return 'not a standard history';
  if (file.definition === null) return 'definition unknown';
  for (const [, s] of allStates(file.definition)) {
    if (s.Type === 'Map' && s.ItemReader !== undefined) return 'ItemReader reads S3 objects that were not recorded';
  }
  return null;
}

/**
 * Template placeholders that LocalStack's tests replace at run time with values we cannot know
 * (Task Resources are recovered from the recording instead, by buildTestCase).
 */
export function runtimePatchReason(definition: unknown): string | null {
  const found: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string' && /^(_+tb[dc]_+|%[A-Z_]+%)$/.test(v) && key !== 'Resource') found.push(`${key}=${v}`);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(definition, '');
  return found.length > 0 ? `template patched at run time (${found.join(', ')})` : null;
}

/**
 * Epoch ms of the corpus's recordedDate ("DD-MM-YYYY, HH:MM:SS", UTC); null when absent. The
 * recordings' timestamps are snapshot placeholders, and the replay starts its clock at the
 * execution's start, which decides which of AWS's behaviours over time it follows.
 */
export function recordedAt(meta: Record<string, unknown>): number | null {
  const m = typeof meta.recordedDate === 'string' ? /^(\d{2})-(\d{2})-(\d{4}), (\d{2}):(\d{2}):(\d{2})$/.exec(meta.recordedDate) : null;
  if (!m) return null;
  const [, d, mo, y, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, se);
}

export async function runParity(file: CorpusFile): Promise<ParityResult> {
  const events = parseHistory(file.events).events;
  const started = events.find((e) => e.type === 'ExecutionStarted');
  const at = recordedAt(file.meta);
  if (started && started.timestamp === null && at !== null) started.timestamp = at;
  const masked = file.meta.branchEventsMasked === true;
  const base = { file: file.file, features: featuresOf(file, events), masked };
  const reason = notRunnableReason(file);
  if (reason) return { ...base, verdict: 'not-runnable', reason };
  const definition = file.definition as Json;
  let diff: string | null;
  try {
    const report = await replayRecording({ executionArn: EXEC_ARN, stateMachineArn: SM_ARN, events, definition, input: file.input }, { textMatches });
    diff = report.firstDifference?.message ?? null;
  } catch (e) {
    return { ...base, verdict: 'different', reason: `the replay threw: ${(e as Error).stack ?? String(e)}` };
  }
  if (diff === null) return { ...base, verdict: 'exact', reason: '' };
  // A difference in a file whose template or input holds values that the recording replaced
  // (run-time template patches, snapshot placeholders in the input) cannot be judged.
  const patched = runtimePatchReason(definition);
  if (patched) return { ...base, verdict: 'not-runnable', reason: `template patched at run time with values not recorded — ${diff}` };
  if (placeholderInput(file.input)) return { ...base, verdict: 'not-runnable', reason: `input value replaced by a snapshot placeholder — ${diff}` };
  return { ...base, verdict: 'different', reason: diff };
}

/** Input leaves where LocalStack replaced a time (which varies per run) by a placeholder. */
function placeholderInput(input: unknown): boolean {
  if (typeof input === 'string') return /^(<(timestamp|start-date|date)>|date|datetime|timestamp)$/.test(input);
  if (Array.isArray(input)) return input.some(placeholderInput);
  if (isObject(input)) return Object.values(input).some(placeholderInput);
  return false;
}
