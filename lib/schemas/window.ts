// The time window of the pattern routes (DESIGN.md §2.5), defined once: `from`/`to` are ISO-8601
// (UTC unless they carry an offset), half-open [from, to) on an execution's startDate, and default
// to the last 24 h before "now". `bucket` (1m | 5m | 1h | 1d) is the step of a series.
// zod only: pages may bundle this file too.
import { z } from 'zod';
import { parseIsoDate } from './execution-filters.ts';

/** The default window: the last 24 hours. */
export const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;

export const BUCKETS = ['1m', '5m', '1h', '1d'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** Each bucket size in milliseconds. Buckets start at multiples of it since the epoch (UTC boundaries). */
export const BUCKET_MS: Readonly<Record<Bucket, number>> = {
  '1m': 60_000,
  '5m': 5 * 60_000,
  '1h': 60 * 60_000,
  '1d': 24 * 60 * 60_000,
};

export const DEFAULT_BUCKET: Bucket = '1h';

/** A bucket size; refused values name the accepted ones. */
export const bucketSchema = z.enum(BUCKETS, { error: () => `must be one of ${BUCKETS.join(', ')}` });

const isoDate = z
  .string()
  .trim()
  .refine((text) => parseIsoDate(text) !== null, { message: 'must be an ISO-8601 date (UTC unless it has an offset)' })
  .transform((text) => parseIsoDate(text) as Date);

/** A URL value that is there but empty (?from=) means "not set". */
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

/**
 * The raw fields, for a route's own z.object: spread them in and finish with resolveWindow (or use
 * windowQuerySchema when the window is all the query has).
 */
export const windowFields = {
  from: z.preprocess(blankToUndefined, isoDate.optional()),
  to: z.preprocess(blankToUndefined, isoDate.optional()),
};

/** A resolved window: both ends set, from < to, half-open [from, to). */
export interface TimeWindow {
  from: Date;
  to: Date;
}

type WindowIssueSink = { issues: { push(issue: { code: 'custom'; message: string; path: PropertyKey[]; input: unknown }): void } };

/**
 * Fills in the defaults (to = now, from = to − 24 h) and checks from < to. Meant for a zod
 * .transform: on a refusal it reports an issue naming `from` and returns null (the parse fails).
 */
export function resolveWindow<T extends { from?: Date | undefined; to?: Date | undefined }>(
  value: T,
  ctx: WindowIssueSink,
  now: Date,
): (Omit<T, 'from' | 'to'> & TimeWindow) | null {
  const to = value.to ?? now;
  const from = value.from ?? new Date(to.getTime() - DEFAULT_WINDOW_MS);
  if (from.getTime() >= to.getTime()) {
    ctx.issues.push({ code: 'custom', message: `must be before to (${to.toISOString()})`, path: ['from'], input: value.from });
    return null;
  }
  return { ...value, from, to };
}

/**
 * `?from=&to=` as a TimeWindow; the defaults are relative to `now()` at parse time (a fresh
 * "last 24 h" for every request). A refusal's first issue names its parameter.
 */
export function windowQuerySchemaAt(now: () => Date) {
  return z.object(windowFields).transform((value, ctx) => resolveWindow(value, ctx, now()) ?? z.NEVER);
}

/** `?from=&to=` relative to the clock: what GET /api/state-machines/{arn}/states and /series take. */
export const windowQuerySchema = windowQuerySchemaAt(() => new Date());

/** Most buckets one series may have: a longer window needs a larger bucket. */
export const MAX_SERIES_BUCKETS = 2_000;

/** How many UTC-aligned buckets of `bucketMs` a window [from, to) overlaps (lib/metrics seriesBucketCount). */
function bucketCount(window: TimeWindow, bucketMs: number): number {
  return Math.floor((window.to.getTime() - 1) / bucketMs) - Math.floor(window.from.getTime() / bucketMs) + 1;
}

/**
 * `?from=&to=&bucket=` of GET /api/state-machines/{arn}/series: the window (defaults relative to
 * `now()`), `bucket` (default 1h) and its size in ms; refused with a 400 naming `bucket` when the
 * window would have more than MAX_SERIES_BUCKETS buckets.
 */
export function seriesQuerySchemaAt(now: () => Date) {
  return z.object({ ...windowFields, bucket: z.preprocess(blankToUndefined, bucketSchema.default(DEFAULT_BUCKET)) }).transform((value, ctx) => {
    const window = resolveWindow(value, ctx, now());
    if (window === null) return z.NEVER;
    const bucketMs = BUCKET_MS[window.bucket];
    const count = bucketCount(window, bucketMs);
    if (count > MAX_SERIES_BUCKETS) {
      ctx.issues.push({
        code: 'custom',
        message: `too many buckets: ${window.bucket} buckets over this window make ${count}, more than ${MAX_SERIES_BUCKETS}; use a larger bucket or a shorter window`,
        path: ['bucket'],
        input: value.bucket,
      });
      return z.NEVER;
    }
    return { ...window, bucketMs };
  });
}

/** The series query relative to the clock. */
export const seriesQuerySchema = seriesQuerySchemaAt(() => new Date());
