// ISO-8601 extended offset date-time, the only timestamp form ASL accepts (Wait Timestamp /
// TimestampPath, Choice Timestamp* operators and IsTimestamp).

const ISO_OFFSET = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch ms of an ISO-8601 offset timestamp; null for anything else (including non-strings). */
export function parseIsoTimestamp(text: unknown): number | null {
  if (typeof text !== 'string' || !ISO_OFFSET.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
