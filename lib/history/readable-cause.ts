// A `cause` made readable: Lambda error payloads ({errorType, errorMessage, stackTrace}) and
// other JSON causes are unpacked; anything else stays the text it was. Pure.
import { causeText } from './decode-payload.ts';

export interface ReadableCause {
  /** The cause as a string, exactly as recorded (null when absent). */
  text: string | null;
  errorType: string | null;
  errorMessage: string | null;
  /** Stack trace lines, trimmed of the trailing newline each Python frame carries. */
  stack: string[];
  /** Remaining JSON fields (requestId, ...) when the cause was a JSON object. */
  extra: Record<string, unknown> | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readableCause(cause: unknown): ReadableCause {
  const text = causeText(cause);
  const out: ReadableCause = { text, errorType: null, errorMessage: null, stack: [], extra: null };
  let value: unknown = cause;
  if (typeof cause === 'string' && /^\s*\{/.test(cause)) {
    try {
      value = JSON.parse(cause) as unknown;
    } catch {
      return out;
    }
  }
  if (!isObject(value)) return out;
  const extra: Record<string, unknown> = { ...value };
  const pick = (...keys: string[]): string | null => {
    for (const key of keys) {
      const v = value[key];
      if (typeof v === 'string') {
        delete extra[key];
        return v;
      }
    }
    return null;
  };
  out.errorType = pick('errorType', 'ErrorType', 'type');
  out.errorMessage = pick('errorMessage', 'ErrorMessage', 'message', 'Message');
  const stack = value.stackTrace ?? value.trace ?? value.stack;
  if (Array.isArray(stack)) {
    delete extra.stackTrace;
    delete extra.trace;
    for (const frame of stack) out.stack.push(...(typeof frame === 'string' ? frame : JSON.stringify(frame)).replace(/\n+$/, '').split('\n'));
  } else if (typeof stack === 'string') {
    delete extra.stack;
    delete extra.stackTrace;
    out.stack = stack.split('\n');
  }
  out.extra = Object.keys(extra).length > 0 ? extra : null;
  return out;
}
