// AWS sends input/output/parameters/cause as JSON *strings*; recordings and some tools hand
// them over already parsed (the corpus README counts both). The UI wants the value, the store
// and the raw event view want what was received, so keep both.
import { jsonText } from './json-text.ts';
import type { CauseValue, DecodedPayload } from './types.ts';

// First characters a JSON text can start with (after whitespace). A cheap test that keeps
// JSON.parse (and its exception cost) away from plain strings such as "Lorem ipsum".
const JSON_START = /^\s*[[{"\d-]|^\s*(?:true|false|null)\s*$/;

/** The parsed value when `raw` is a string holding JSON, else `raw` itself; `raw` is kept. */
export function decodePayload(raw: unknown): DecodedPayload {
  if (typeof raw !== 'string' || !JSON_START.test(raw)) return { raw, value: raw, parsed: false };
  try {
    return { raw, value: JSON.parse(raw) as unknown, parsed: true };
  } catch {
    return { raw, value: raw, parsed: false };
  }
}

/**
 * A string for an `error`/`cause` field: strings stay as they are, parsed JSON (the corpus
 * turned some causes into objects) is serialised back to the wire form, absent becomes null.
 */
export function payloadText(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'string') return raw;
  try {
    return jsonText(raw) ?? null;
  } catch {
    return String(raw);
  }
}

/** A `cause` as received (string or already-parsed JSON); absent or undefined becomes null. */
export function causeValue(raw: unknown): CauseValue {
  if (raw === undefined || raw === null) return null;
  return typeof raw === 'function' || typeof raw === 'symbol' || typeof raw === 'bigint' ? String(raw) : (raw as CauseValue);
}

/** The display/storage string of a cause: strings as they are, parsed JSON serialised back. */
export const causeText = payloadText;
