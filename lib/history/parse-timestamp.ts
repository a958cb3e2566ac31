// Timestamps arrive in every form the tools print: AWS CLI v1 and the emulator send epoch
// seconds (1700000000.123), CloudWatch Logs records epoch ms as strings ("1668095539607"),
// CLI v2 ISO-8601 with the caller's UTC offset, boto3 dumps naive ISO strings, the SDK Dates.
// The corpus has the placeholder "timestamp". Result: epoch ms, or null when unusable.

// Below this magnitude a number is epoch seconds: 1e11 s is the year 5138, 1e11 ms is 1973,
// so no real execution time is ambiguous. Above 1e14 (ms in year 5138) it is µs, above 1e17 ns.
const SECONDS_BELOW = 1e11;
const MICROS_FROM = 1e14;
const NANOS_FROM = 1e17;

// YYYY-MM-DD[Thh:mm[:ss[.fff…]]][Z|±hh[:]mm]; a space may stand for the T (Python's str(datetime)).
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

const ZONED = /(?:[zZ]|[+-]\d{2}:\d{2})$/;

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Rounds to µs so that float noise (1560606024.632 * 1000) does not leak into durations. */
function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function fromNumber(n: number): number | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  const abs = Math.abs(n);
  if (abs < SECONDS_BELOW) return roundMs(n * 1000);
  if (abs >= NANOS_FROM) return roundMs(n / 1e6);
  if (abs >= MICROS_FROM) return roundMs(n / 1000);
  return roundMs(n);
}

function fromIso(s: string): number | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = sec === undefined ? 0 : Number(sec);
  // Day of month checked against the month's length: Date.UTC would roll 02-30 over to 03-02.
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 24 || minute > 59 || second > 60) return null;
  // Date.UTC rather than Date.parse: Date.parse treats naive date-times as *local* time, and
  // DESIGN.md says naive means UTC; it also rejects 6-digit fractions on some engines.
  let ms = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (frac !== undefined) ms += Number(`0.${frac}`) * 1000;
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0);
    ms -= sign * offsetMin * 60_000;
  }
  return Number.isFinite(ms) ? roundMs(ms) : null;
}

/** Epoch milliseconds from any accepted timestamp form; null when missing or unparseable. */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === '') return null;
    if (NUMERIC.test(s)) return fromNumber(Number(s));
    // Fast path (3x faster than the regex below, it matters at 25,000 events): with an explicit
    // zone the engine's ISO parser is exact. Naive strings must not go there: Date.parse reads
    // them as local time.
    // Sub-millisecond digits and impossible days (which Date.parse rolls over) take the exact path.
    if (ZONED.test(s) && !/\.\d{4}/.test(s)) {
      const ms = Date.parse(s);
      if (Number.isFinite(ms) && s.charCodeAt(4) === 45 /* '-' */ && Number(s.slice(8, 10)) <= 28) return ms;
    }
    return fromIso(s);
  }
  if (value instanceof Date) {
    // A Date is always epoch ms, whatever its magnitude.
    const ms = value.getTime();
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}
