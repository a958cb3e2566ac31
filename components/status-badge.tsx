// Status shown as icon + word + colour, so it reads without colour vision too.
import type { AnyStatus } from '@/lib/history/types';

const ICON_OF: Record<AnyStatus, string> = {
  SUCCEEDED: '✓',
  FAILED: '✕',
  TIMED_OUT: '⏱',
  CAUGHT: '↪',
  RUNNING: '●',
  ABORTED: '■',
  PENDING_REDRIVE: '↻',
  NOT_STARTED: '○',
};
// A Map: statuses from rows and URLs are untrusted strings ("constructor" is in every object).
const ICONS: ReadonlyMap<string, string> = new Map(Object.entries(ICON_OF));

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`status status-${status}`} data-status={status}>
      <span aria-hidden="true">{ICONS.get(status) ?? '?'}</span>
      {status}
    </span>
  );
}
