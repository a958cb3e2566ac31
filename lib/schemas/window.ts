// The time window of the pattern routes (DESIGN.md §2.5), defined once: `from`/`to` are ISO-8601
// (UTC unless they carry an offset), half-open [from, to) on an execution's startDate, and default
// to the last 24 h before "now". `bucket` (1m | 5m | 1h | 1d) is the step of a series.
// zod only: pages may bundle this file too.
import { z } from 'zod';
import { ISO_DATE_MESSAGE, parseIsoDate } from './execution-filters.ts';
import { wholeNumberParam } from './query-values.ts';

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
  .refine((text) => parseIsoDate(text) !== null, { message: ISO_DATE_MESSAGE })
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

// ── "last N executions" and automatic buckets (the state machine page) ─────────────────────────
// `last=N` is the other way to give a window: the N newest executions of the state machine. It
// cannot be resolved here (it needs the store): the query parses to a WindowRequest and the store
// resolves it (lib/store resolveWindowRequest) to the window [startDate of the N-th newest
// execution, newest startDate + 1 ms), which the routes answer as from/to. It excludes from/to.

/** Most executions `last` may ask for. */
export const MAX_LAST_EXECUTIONS = 100_000;

/** `last` as a URL value: a whole number in [1, MAX_LAST_EXECUTIONS]. */
export const lastSchema = wholeNumberParam(1, MAX_LAST_EXECUTIONS);

/** A window as a request gives it: a resolved range, or the N newest executions. */
export type WindowRequest = ({ kind: 'range' } & TimeWindow) | { kind: 'last'; last: number };

const windowRequestFields = { ...windowFields, last: z.preprocess(blankToUndefined, lastSchema.optional()) };

function windowRequestOf(
  value: { from?: Date | undefined; to?: Date | undefined; last?: number | undefined },
  ctx: WindowIssueSink,
  now: Date,
): WindowRequest | null {
  if (value.last !== undefined) {
    if (value.from !== undefined || value.to !== undefined) {
      ctx.issues.push({ code: 'custom', message: 'cannot be combined with from or to', path: ['last'], input: value.last });
      return null;
    }
    return { kind: 'last', last: value.last };
  }
  const window = resolveWindow({ from: value.from, to: value.to }, ctx, now);
  return window === null ? null : { kind: 'range', from: window.from, to: window.to };
}

/** `?from=&to=` or `?last=N` (defaults as windowQuerySchemaAt); a refusal names its parameter. */
export function windowRequestQuerySchemaAt(now: () => Date) {
  return z.object(windowRequestFields).transform((value, ctx) => windowRequestOf(value, ctx, now()) ?? z.NEVER);
}

/** The window request relative to the clock: GET /api/state-machines/{arn}/states. */
export const windowRequestQuerySchema = windowRequestQuerySchemaAt(() => new Date());

/** Buckets a chart wants at most when the bucket is picked automatically. */
export const AUTO_SERIES_BUCKETS = 200;

export const BUCKET_CHOICES = ['auto', ...BUCKETS] as const;
export type BucketChoice = (typeof BUCKET_CHOICES)[number];

/** A bucket size or `auto`. */
export const bucketChoiceSchema = z.enum(BUCKET_CHOICES, { error: () => `must be one of ${BUCKET_CHOICES.join(', ')}` });

/**
 * The smallest bucket that gives the window at most AUTO_SERIES_BUCKETS buckets (1m for an hour,
 * 1h for a day or a week, 1d for a month); 1d when none does.
 */
export function autoBucket(window: TimeWindow): Bucket {
  return BUCKETS.find((bucket) => bucketCount(window, BUCKET_MS[bucket]) <= AUTO_SERIES_BUCKETS) ?? '1d';
}

/**
 * The bucket a series of `window` uses for `choice`, with its size; an error message (for a 400
 * naming `bucket`) when it would make more than MAX_SERIES_BUCKETS buckets.
 */
export function seriesBucketOf(window: TimeWindow, choice: BucketChoice): { bucket: Bucket; bucketMs: number } | { error: string } {
  const bucket = choice === 'auto' ? autoBucket(window) : choice;
  const bucketMs = BUCKET_MS[bucket];
  const count = bucketCount(window, bucketMs);
  if (count > MAX_SERIES_BUCKETS) {
    return { error: `too many buckets: ${bucket} buckets over this window make ${count}, more than ${MAX_SERIES_BUCKETS}; use a larger bucket or a shorter window` };
  }
  return { bucket, bucketMs };
}

/**
 * `?from=&to=&last=&bucket=` of the series-shaped routes (GET …/series, GET …/states/{stateName}):
 * the window request and the bucket choice (`auto` or a size; default DEFAULT_BUCKET). A range is
 * checked against MAX_SERIES_BUCKETS here; a `last` window once the store resolved it (seriesBucketOf).
 */
export function seriesRequestQuerySchemaAt(now: () => Date) {
  return z
    .object({ ...windowRequestFields, bucket: z.preprocess(blankToUndefined, bucketChoiceSchema.default(DEFAULT_BUCKET)) })
    .transform((value, ctx) => {
      const request = windowRequestOf(value, ctx, now());
      if (request === null) return z.NEVER;
      if (request.kind === 'range') {
        const picked = seriesBucketOf(request, value.bucket);
        if ('error' in picked) {
          ctx.issues.push({ code: 'custom', message: picked.error, path: ['bucket'], input: value.bucket });
          return z.NEVER;
        }
      }
      return { window: request, bucket: value.bucket };
    });
}

/** The series request relative to the clock. */
export const seriesRequestQuerySchema = seriesRequestQuerySchemaAt(() => new Date());
