// The executions filter, defined once (DESIGN.md §2.3): the query of GET /api/executions, the URL
// state of the list page and the store's ListExecutionsQuery are all this schema, its keys and
// its inferred type. Input is what a URL carries (strings; a blank value means "not set"), output
// is typed (statuses upper-cased and checked, dates as Date, limit defaulted and clamped).
// zod only (and lib/history's status words): the page bundles this file too.
import { z } from 'zod';
import { EXECUTION_STATUSES } from '../history/statuses.ts';
import { filterTextParam, wholeNumberParam } from './query-values.ts';

/** Every query parameter of the filter, in the order the list page writes them to its URL. */
export const EXECUTION_FILTER_KEYS = ['stateMachineArn', 'mapRunArn', 'status', 'from', 'to', 'q', 'error', 'cluster', 'text', 'sort', 'limit', 'cursor', 'counts'] as const;
export type ExecutionFilterKey = (typeof EXECUTION_FILTER_KEYS)[number];

export const EXECUTION_SORTS = ['newest', 'oldest', 'duration'] as const;
export type ExecutionSort = (typeof EXECUTION_SORTS)[number];

export const DEFAULT_EXECUTIONS_LIMIT = 50;
export const MAX_EXECUTIONS_LIMIT = 500;
/** Longest accepted q / error / text, in characters. */
export const MAX_FILTER_TEXT = 256;
export const MAX_CURSOR_LENGTH = 1024;
/** Longest stateMachineArn accepted (AWS: 256 characters; some slack for what other tools print). */
export const MAX_ARN_LENGTH = 2048;

type ExecutionStatusName = (typeof EXECUTION_STATUSES)[number];

// YYYY-MM-DD[Thh:mm[:ss[.fff…]]][Z|±hh[:]mm], a space for the T allowed; T and Z in either case.
// An offset is at most ±23:59 (RFC 3339's time-numoffset): ±24:00 or +99:99 is refused.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  // setUTCFullYear rather than Date.UTC, which reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/**
 * An ISO-8601 date or date-time as a Date; without an offset it is UTC, whatever the time zone of
 * the server or the browser. Null for anything else, including impossible days (2023-02-30).
 * The same rules as lib/history's history timestamps (parseTimestamp), restricted to ISO-8601,
 * and stricter on offsets: a query's `from`/`to` with an offset past ±23:59 is refused.
 */
export function parseIsoDate(text: string): Date | null {
  const m = ISO_8601.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (month < 1 || month > 12 || day < 1 || hour > 24 || minute > 59 || second > 60) return null;
  // Checked against the month's length: the Date setters would roll 02-30 over to 03-02.
  if (day > new Date(utc(year, month + 1, 0)).getUTCDate()) return null;
  let ms = utc(year, month, day, hour, minute, second);
  // Sub-millisecond digits are rounded to µs, then dropped by Date (which keeps whole ms).
  if (fraction !== undefined) ms += Math.round(Number(`0.${fraction}`) * 1e6) / 1e3;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2));
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    ms -= sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Every refusal of a from/to (here and in window.ts). */
export const ISO_DATE_MESSAGE = 'must be an ISO-8601 date (UTC unless it has an offset)';

const isoDate = z
  .string()
  .trim()
  .refine((text) => parseIsoDate(text) !== null, { message: ISO_DATE_MESSAGE })
  .transform((text) => parseIsoDate(text) as Date);

/** A URL value that is there but empty (?q=) means the filter is not set. */
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

/**
 * The filter. A status list is comma-separated (a repeated ?status= is joined first, see
 * executionFilterInput); unknown keys are dropped. A refusal's first issue names its key.
 */
export const executionFiltersSchema = z.object({
  stateMachineArn: optional(filterTextParam(MAX_ARN_LENGTH)),
  /** A Distributed Map run's child executions (DESIGN.md §2.9). */
  mapRunArn: optional(filterTextParam(MAX_ARN_LENGTH)),
  /** Any of these statuses (case-insensitive on input); absent: all. A refusal quotes the first unknown one. */
  status: optional(z.string().transform((text, ctx) => {
    const statuses = text.split(',').map((part) => part.trim().toUpperCase()).filter(Boolean);
    const unknown = statuses.find((status) => !(EXECUTION_STATUSES as readonly string[]).includes(status));
    if (unknown === undefined) return statuses as ExecutionStatusName[];
    ctx.issues.push({ code: 'custom', message: `${JSON.stringify(unknown.slice(0, 40))} is not a status (${EXECUTION_STATUSES.join(', ')})`, input: text });
    return z.NEVER;
  })),
  /** startDate >= from (executions without a startDate are then excluded). */
  from: optional(isoDate),
  /** startDate <= to (executions without a startDate are then excluded). */
  to: optional(isoDate),
  /** Case-insensitive substring of the execution name or its error. */
  q: optional(filterTextParam(MAX_FILTER_TEXT)),
  /** Exact error name, e.g. States.Timeout. */
  error: optional(filterTextParam(MAX_FILTER_TEXT)),
  /**
   * A failure cluster's members (DESIGN.md §2.5): its id from GET /api/failure-clusters, 16
   * lowercase hex digits (lib/metrics failureClusterKey). Upper case is accepted and lowered.
   */
  cluster: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{16}$/, { message: 'must be a failure cluster id (16 hex digits)' }),
  ),
  /**
   * Case-insensitive substring of the stored input or output. Bounded: each call examines at most
   * the store's TEXT_SCAN_WINDOW executions of the scope, so a page may hold fewer matches than
   * `limit` with a nextCursor to search on (ExecutionPage.scanLimited).
   */
  text: optional(filterTextParam(MAX_FILTER_TEXT)),
  /** newest (default), oldest first, or longest duration first. */
  sort: optional(z.enum(EXECUTION_SORTS)),
  /** Page size, 1 to MAX_EXECUTIONS_LIMIT (query-values.ts: digits only, a larger one is refused). */
  limit: z.preprocess(blankToUndefined, wholeNumberParam(1, MAX_EXECUTIONS_LIMIT).default(DEFAULT_EXECUTIONS_LIMIT)),
  /** nextCursor of the previous page (for the same sort). */
  cursor: optional(z.string().max(MAX_CURSOR_LENGTH)),
  /** counts=1: the response also carries executions per status in the filter's scope (status ignored). */
  counts: optional(z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true')),
});

/** A parsed filter, as GET /api/executions hands it on. */
export type ExecutionFilters = z.output<typeof executionFiltersSchema>;

/**
 * What the store's listExecutions takes: the parsed filter with every field optional (the store
 * defaults and clamps limit itself), without `counts` (a response option, not a filter), and a
 * cursor that may be the previous page's `nextCursor` as returned (null on the last page).
 */
export type ListExecutionsQuery = Partial<Omit<ExecutionFilters, 'counts' | 'cursor'>> & { cursor?: string | null };

/**
 * The filter keys of a URL's search params as schema input: a repeated key is joined with commas,
 * so ?status=FAILED&status=RUNNING means ?status=FAILED,RUNNING; absent keys are left out.
 */
export function executionFilterInput(params: URLSearchParams): Partial<Record<ExecutionFilterKey, string>> {
  const input: Partial<Record<ExecutionFilterKey, string>> = {};
  for (const key of EXECUTION_FILTER_KEYS) {
    const values = params.getAll(key);
    if (values.length > 0) input[key] = values.join(',');
  }
  return input;
}
