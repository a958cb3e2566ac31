// The trends charts' rows, from the series API: per bucket its counts, durations and success rate
// (lib/metrics successRate: SUCCEEDED / finished, null when nothing finished), and the deploy
// markers — each definition revision first seen inside the window, placed on the bucket holding
// its first start (a category axis can only mark a category). Pure: the charts draw these.
import { bucketStart, successRate } from '@/lib/metrics';
import { BUCKET_MS, type Bucket } from '@/lib/schemas/window';
import type { SeriesResponse, StateDetailResponse } from '@/lib/queries/state-machine-health';

export interface TrendRow {
  /** Bucket start, ISO-8601 (the category). */
  start: string;
  started: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  /** Started but not finished yet (RUNNING, PENDING_REDRIVE). */
  open: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Percent of the bucket's finished executions that succeeded; null when none finished. */
  successRate: number | null;
}

export interface DeployMarker {
  /** The bucket (category) it stands on. */
  start: string;
  /** Revisions first seen in that bucket, oldest first. */
  revisionIds: string[];
  /** "rev 3 a1b2c3d4" (the revision's position among all of the machine's, and a short id). */
  label: string;
  firstSeen: string;
}

/** A short form of a revision id: AWS's UUID or our "sha256:<hex>" → its first 8 characters. */
export function shortRevision(revisionId: string): string {
  return revisionId.replace(/^sha256:/, '').slice(0, 8);
}

export function trendRows(series: SeriesResponse): TrendRow[] {
  return series.items.map((b) => {
    const rate = successRate({ SUCCEEDED: b.succeeded, FAILED: b.failed, TIMED_OUT: b.timedOut, ABORTED: b.aborted });
    return {
      start: b.start,
      started: b.started,
      succeeded: b.succeeded,
      failed: b.failed,
      timedOut: b.timedOut,
      aborted: b.aborted,
      open: Math.max(0, b.started - b.succeeded - b.failed - b.timedOut - b.aborted),
      p50: b.durationMs.p50,
      p95: b.durationMs.p95,
      p99: b.durationMs.p99,
      successRate: rate === null ? null : Math.round(rate * 1000) / 10,
    };
  });
}

/**
 * The revisions first seen in [from, to), one marker per bucket. The first revision of the machine
 * is a deploy too when it is first seen inside the window (the machine was created then).
 */
export function deployMarkers(series: SeriesResponse): DeployMarker[] {
  const bucketMs = BUCKET_MS[series.bucket as Bucket];
  const from = Date.parse(series.from);
  const to = Date.parse(series.to);
  const byBucket = new Map<string, DeployMarker>();
  series.revisions.forEach((revision, i) => {
    const seen = Date.parse(revision.firstSeen);
    if (!(seen >= from && seen < to)) return;
    const start = new Date(bucketStart(seen, bucketMs)).toISOString();
    const marker = byBucket.get(start) ?? { start, revisionIds: [], label: '', firstSeen: revision.firstSeen };
    marker.revisionIds.push(revision.revisionId);
    marker.label = `${marker.label ? `${marker.label}, ` : ''}rev ${i + 1} ${shortRevision(revision.revisionId)}`;
    byBucket.set(start, marker);
  });
  return [...byBucket.values()];
}

/** Tick text of a bucket start: the time of day for sub-day buckets, the date for days (UTC). */
export function bucketTick(start: string, bucket: Bucket): string {
  const iso = new Date(start).toISOString();
  return bucket === '1d' ? iso.slice(5, 10) : iso.slice(11, 16);
}

/** The window a drag over buckets [a, b] (either order) selects: from the first's start to the end of the last. */
export function dragWindow(rows: readonly TrendRow[], a: string, b: string, bucket: Bucket): { from: string; to: string } | null {
  const i = rows.findIndex((r) => r.start === a);
  const j = rows.findIndex((r) => r.start === b);
  if (i < 0 || j < 0) return null;
  const lo = rows[Math.min(i, j)] as TrendRow;
  const hi = rows[Math.max(i, j)] as TrendRow;
  return { from: lo.start, to: new Date(Date.parse(hi.start) + BUCKET_MS[bucket]).toISOString() };
}

/** One bucket of a state's runs, split so the bars stack to its run count. */
export interface StateRunRow {
  start: string;
  runs: number;
  /** Runs neither FAILED, CAUGHT nor ABORTED (succeeded, or still open). */
  other: number;
  failed: number;
  caught: number;
  aborted: number;
}

export function stateRunRows(detail: StateDetailResponse): StateRunRow[] {
  return detail.series.map((b) => ({ start: b.start, runs: b.runs, other: Math.max(0, b.runs - b.failed - b.caught - b.aborted), failed: b.failed, caught: b.caught, aborted: b.aborted }));
}
