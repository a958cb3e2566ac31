// Wait: Seconds / Timestamp / SecondsPath / TimestampPath (or JSONata Seconds / Timestamp), on the
// emulated clock so a time scale shortens it. Error wording follows AWS's recorded causes.
import { sleepInLane } from '../execution-context.ts';
import { parseIsoTimestamp } from '../iso-timestamp.ts';
import { evaluateTemplate, isJsonataTemplate, QueryEvaluationError } from '../jsonata-eval.ts';
import { applyInputPath, applyOutputPath, finishJsonata, jsonataBindings, nextOf, readStatePath, type StateExecution, type StateResult } from '../state-execution.ts';
import { runtimeError } from '../states-error.ts';

/** Longest SecondsPath wait AWS accepts (99999999 s, about three years). */
const MAX_WAIT_SECONDS = 99_999_999;

/**
 * Longest delay to a Timestamp(Path) that AWS accepts: 2^31 - 1 s (a 32-bit count of seconds,
 * about 68 years). The corpus's boundary recordings: 24855 days ahead waits, 24856 days fails
 * with "Wait state delay is too long.".
 */
const MAX_TIMESTAMP_DELAY_MS = 2_147_483_647 * 1000;

async function waitMs(run: StateExecution, effective: unknown): Promise<number> {
  const s = run.state;
  const now = run.exec.host.clock.now();
  if (run.ql === 'JSONata') {
    if (s.Seconds !== undefined) {
      const v = isJsonataTemplate(s.Seconds) ? await evaluateTemplate(s.Seconds, jsonataBindings(run), 'Seconds') : s.Seconds;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        throw new QueryEvaluationError(`The Seconds field must be a non-negative integer but was: ${JSON.stringify(v)}`, 'Seconds');
      }
      return v * 1000;
    }
    const v = isJsonataTemplate(s.Timestamp) ? await evaluateTemplate(s.Timestamp, jsonataBindings(run), 'Timestamp') : s.Timestamp;
    const at = parseIsoTimestamp(v);
    if (at === null) {
      throw new QueryEvaluationError(`The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${String(v)}`, 'Timestamp');
    }
    return Math.max(0, at - now);
  }
  if (typeof s.Seconds === 'number') return s.Seconds * 1000;
  if (typeof s.Timestamp === 'string') return Math.max(0, (parseIsoTimestamp(s.Timestamp) ?? now) - now);
  if (typeof s.SecondsPath === 'string') {
    const path = s.SecondsPath;
    const r = readStatePath(run, effective, path);
    if (!r.found) throw runtimeError(run.name, run.enteredId, `The SecondsPath parameter does not reference an input value: ${path}`);
    const v = r.value;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw runtimeError(run.name, run.enteredId, `The SecondsPath parameter cannot be parsed as a long value: ${path} == ${JSON.stringify(v)}`);
    }
    if (v < 0) throw runtimeError(run.name, run.enteredId, `The SecondsPath parameter references a negative value: ${path} == ${v}`);
    if (v > MAX_WAIT_SECONDS) throw runtimeError(run.name, run.enteredId, 'Wait state delay is too long.');
    return v * 1000;
  }
  if (typeof s.TimestampPath === 'string') {
    const path = s.TimestampPath;
    const r = readStatePath(run, effective, path);
    const at = r.found ? parseIsoTimestamp(r.value) : null;
    if (at === null) {
      const shown = r.found ? (typeof r.value === 'string' ? r.value : JSON.stringify(r.value)) : 'null';
      throw runtimeError(run.name, run.enteredId, `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${shown}`);
    }
    if (at - now > MAX_TIMESTAMP_DELAY_MS) throw runtimeError(run.name, run.enteredId, 'Wait state delay is too long.');
    return Math.max(0, at - now);
  }
  return 0;
}

export async function runWaitState(run: StateExecution): Promise<StateResult> {
  const effective = run.ql === 'JSONata' ? run.input : applyInputPath(run, run.input);
  const ms = await waitMs(run, effective);
  await sleepInLane(run.exec, run.lane, ms);
  if (run.ql === 'JSONata') return { ...(await finishJsonata(run, run.input, jsonataBindings(run))), next: nextOf(run.state) };
  return { output: applyOutputPath(run, effective), next: nextOf(run.state) };
}
