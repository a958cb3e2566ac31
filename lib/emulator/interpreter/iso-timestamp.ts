// ISO-8601 extended offset date-time, the only timestamp form ASL accepts (Wait Timestamp /
// TimestampPath, Choice Timestamp* operators and IsTimestamp). AWS's wording ("ISO-8601 extended
// offset date-time format") is Java's ISO_OFFSET_DATE_TIME, whose rules this follows:
// YYYY-MM-DD, 'T', HH:mm with optional :ss and 0-9 fraction digits, then 'Z' or ±HH:MM(:SS);
// 'T' and 'Z' in either case; days checked against the month (strict: no 2016-02-30); no offset,
// a space for 'T', ±HHMM or ±HH are refused. Precision is kept to the nanosecond.

const ISO_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{0,9}))?)?(?:([Zz])|([+-])(\d{2}):(\d{2})(?::(\d{2}))?)$/;

/** An instant: whole epoch seconds and the nanoseconds within that second. */
export interface IsoInstant {
  seconds: number;
  nanos: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseIsoInstant(text: unknown): IsoInstant | null {
  if (typeof text !== 'string') return null;
  const m = ISO_OFFSET.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  let offsetSeconds = 0;
  if (m[8] === undefined) {
    const [oh, om, os] = [Number(m[10]), Number(m[11]), m[12] === undefined ? 0 : Number(m[12])];
    // Java's ZoneOffset range: ±18:00.
    if (om > 59 || os > 59 || oh * 3600 + om * 60 + os > 18 * 3600) return null;
    offsetSeconds = (m[9] === '-' ? -1 : 1) * (oh * 3600 + om * 60 + os);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, 0);
  const nanos = m[7] ? Number(m[7].padEnd(9, '0')) : 0;
  return { seconds: utc.getTime() / 1000 - offsetSeconds, nanos };
}

/** Epoch ms of an ISO-8601 offset timestamp (sub-millisecond digits dropped); null for anything else. */
export function parseIsoTimestamp(text: unknown): number | null {
  const at = parseIsoInstant(text);
  return at === null ? null : at.seconds * 1000 + Math.floor(at.nanos / 1_000_000);
}

/** Sign of a − b, to the nanosecond. */
export function compareInstants(a: IsoInstant, b: IsoInstant): number {
  return a.seconds !== b.seconds ? Math.sign(a.seconds - b.seconds) : Math.sign(a.nanos - b.nanos);
}
