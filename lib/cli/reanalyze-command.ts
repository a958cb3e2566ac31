import { parseArgs } from 'node:util';
import { ANALYZER_VERSION } from '../history/index.ts';
import { reanalyze, type ReanalyzeProgress, type ReanalyzeSummary } from '../ingest/index.ts';
import { openStore } from '../store/index.ts';
import { CliError } from './cli-error.ts';

export const reanalyzeUsage = `Usage: steplens reanalyze [--all] [--batch-size N]

Rebuilds what is derived from the stored events (state runs; execution status, dates, error,
cause, input/output, redrive count) for every execution whose rows an older or newer analyzer
version wrote (the current one is ${ANALYZER_VERSION}), in batches of one transaction each. Events
are never changed. Interrupting it loses nothing: run it again to go on. \`steplens start\` does
the same in the background after an upgrade.
  --all            rebuild every execution, also those already current (resumes an
                   interrupted --all run where it stopped)
  --batch-size N   executions per transaction (default 500)`;

/** `steplens reanalyze [--all]`: a progress bar on a terminal (stderr), one summary line (stdout). */
export async function reanalyzeCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { all: { type: 'boolean' }, 'batch-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(reanalyzeUsage);
    return 0;
  }
  const batchText = values['batch-size'];
  const batchSize = batchText === undefined ? undefined : Number(batchText);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new CliError(`reanalyze: --batch-size must be a positive integer, got "${batchText}"`);
  }
  const store = await openStore(process.env.DATABASE_URL);
  const bar = process.stderr.isTTY ? new ProgressBar() : null;
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  try {
    const summary = await reanalyze(store, {
      all: values.all === true,
      ...(batchSize !== undefined ? { batchSize } : {}),
      onProgress: (progress) => bar?.draw(progress),
      shouldStop: () => interrupted,
    });
    bar?.clear();
    console.log(summaryLine(summary));
    return summary.stopped ? 130 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    await store.close();
  }
}

export function summaryLine(summary: ReanalyzeSummary): string {
  const seconds = summary.elapsedMs / 1000;
  const version = `analyzer version ${summary.version}`;
  if (summary.executions === 0) {
    const stored = summary.storedExecutions === 0 ? 'no executions stored' : `${summary.storedExecutions.toLocaleString('en-US')} executions at ${version}`;
    return `reanalyze: nothing stale (${stored}; ${seconds.toFixed(2)} s)`;
  }
  const rate = (n: number): string => Math.round(n / Math.max(seconds, 1e-3)).toLocaleString('en-US');
  const stopped = summary.stopped ? `; interrupted, ${summary.staleLeft.toLocaleString('en-US')} stale left (run it again to go on)` : '';
  return (
    `reanalyze: rebuilt ${summary.executions.toLocaleString('en-US')} executions, ${summary.runs.toLocaleString('en-US')} state runs ` +
    `in ${seconds.toFixed(1)} s (${rate(summary.executions)} executions/s, ${rate(summary.runs)} runs/s; ${version})${stopped}`
  );
}

/** One line redrawn in place: [#####.....] 42% 4,200/10,000 executions. */
class ProgressBar {
  private readonly width = 30;

  draw(progress: ReanalyzeProgress): void {
    const fraction = progress.total > 0 ? Math.min(1, progress.executions / progress.total) : 1;
    const filled = Math.round(fraction * this.width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${Math.floor(fraction * 100)}% ${progress.executions.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')} executions`;
    process.stderr.write(`\r${line}`);
  }

  clear(): void {
    process.stderr.write('\r\x1b[2K');
  }
}
