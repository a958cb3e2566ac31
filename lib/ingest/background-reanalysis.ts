// After an upgrade (a new ANALYZER_VERSION) `steplens start` rebuilds the stale derived rows in
// the background while it serves; /api/health says so. The status is a PollerCursor row, because
// the server that answers /api/health is another process than the one rebuilding.
import { ANALYZER_VERSION } from '../history/index.ts';
import { countStaleExecutions, getPollerCursor, setPollerCursor, type Store } from '../store/index.ts';
import { reanalyze, type ReanalyzeSummary } from './reanalyze.ts';

const STATUS_KEY = 'analysis:status';
/** A rebuild that has not reported for this long is taken as dead (its process ended). */
const STALE_STATUS_MS = 60_000;

interface RebuildStatus {
  version: number;
  running: boolean;
  executions: number;
  total: number;
  startedAt: string;
  updatedAt: string;
  error: string | null;
}

export interface AnalysisHealth {
  /** ANALYZER_VERSION of this build. */
  version: number;
  /** Executions whose derived rows another version wrote. */
  stale: number;
  /** A background rebuild is under way (progress: executions rebuilt of total). */
  rebuilding: boolean;
  progress: { executions: number; total: number } | null;
  /** The last rebuild's failure, when it failed. */
  error: string | null;
}

export interface BackgroundReanalysis {
  /** Resolves when the rebuild ended (null when there was nothing to do). */
  done: Promise<ReanalyzeSummary | null>;
  /** Stops after the current batch (committed) and waits for it. */
  stop(): Promise<void>;
}

export function startBackgroundReanalysis(store: Store, log: (line: string) => void): BackgroundReanalysis {
  let stopping = false;
  // Never rejects: a failure is logged and reported on /api/health, the server keeps serving.
  const done = (async (): Promise<ReanalyzeSummary | null> => {
    const startedAt = new Date().toISOString();
    let total = 0;
    const status = (executions: number, running: boolean, error: string | null = null): RebuildStatus => ({
      version: ANALYZER_VERSION,
      running,
      executions,
      total,
      startedAt,
      updatedAt: new Date().toISOString(),
      error,
    });
    try {
      total = await countStaleExecutions(store, ANALYZER_VERSION);
      if (total === 0) return null;
      log(`steplens: rebuilding the derived rows of ${total.toLocaleString('en-US')} executions for analyzer version ${ANALYZER_VERSION} in the background`);
      await setPollerCursor(store, STATUS_KEY, status(0, true));
      const summary = await reanalyze(store, {
        shouldStop: () => stopping,
        onProgress: (progress) => void setPollerCursor(store, STATUS_KEY, status(progress.executions, true)).catch(() => undefined),
      });
      await setPollerCursor(store, STATUS_KEY, status(summary.executions, false));
      log(`steplens: derived rows rebuilt for ${summary.executions.toLocaleString('en-US')} executions in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
      return summary;
    } catch (error) {
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
      await setPollerCursor(store, STATUS_KEY, status(0, false, message)).catch(() => undefined);
      log(`steplens: rebuilding derived rows failed: ${message} (run \`steplens reanalyze\` to retry)`);
      return null;
    }
  })();
  return {
    done,
    async stop() {
      stopping = true;
      await done;
    },
  };
}

/** The analysis part of GET /api/health. */
export async function readAnalysisHealth(store: Store, now = Date.now()): Promise<AnalysisHealth> {
  const [stale, status] = await Promise.all([countStaleExecutions(store, ANALYZER_VERSION), getPollerCursor<RebuildStatus>(store, STATUS_KEY)]);
  const current = status !== null && status.version === ANALYZER_VERSION ? status : null;
  const rebuilding = current !== null && current.running && stale > 0 && now - Date.parse(current.updatedAt) < STALE_STATUS_MS;
  return {
    version: ANALYZER_VERSION,
    stale,
    rebuilding,
    progress: rebuilding && current ? { executions: current.executions, total: current.total } : null,
    error: current?.error ?? null,
  };
}
