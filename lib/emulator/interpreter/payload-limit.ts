// AWS's payload quota: 256 KiB of UTF-8 for a state's input and output and for a task's result.
// Going over it is States.DataLimitExceeded, a terminal error that States.ALL does not catch
// (retry-policy.ts); where AWS raises it:
// - a connector's result (TaskFailed, cause naming the resource type: 'lambda'),
// - a state's output (no event of its own: ExecutionFailed follows the state's last event),
// - a state's input after Parameters (same, before the task is scheduled).
import { StatesError } from './states-error.ts';

export const PAYLOAD_LIMIT_BYTES = 262_144;

/** Is this JSON text over the quota? A UTF-16 unit is at most 3 UTF-8 bytes, so short texts skip the count. */
export function exceedsPayloadLimit(text: string): boolean {
  return text.length * 3 > PAYLOAD_LIMIT_BYTES && Buffer.byteLength(text, 'utf8') > PAYLOAD_LIMIT_BYTES;
}

/** AWS's cause: `subject` is the state's name, or a task's resource type. */
export function dataLimitCause(subject: string): string {
  return `The state/task '${subject}' returned a result with a size exceeding the maximum number of bytes service limit.`;
}

/**
 * A state's own output (or its input after Parameters) went over the quota: raised after the
 * state did its work, so a Map or Parallel writes no *StateFailed after its *StateSucceeded.
 */
export class StatePayloadLimitError extends StatesError {
  constructor(stateName: string) {
    super('States.DataLimitExceeded', dataLimitCause(stateName));
    this.name = 'StatePayloadLimitError';
  }
}
