// Status shown as icon + word + colour, so it reads without colour vision too.
const ICONS: Record<string, string> = {
  SUCCEEDED: '✓',
  FAILED: '✕',
  TIMED_OUT: '⏱',
  CAUGHT: '↪',
  RUNNING: '●',
  ABORTED: '■',
  PENDING_REDRIVE: '↻',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`status status-${status}`} data-status={status}>
      <span aria-hidden="true">{ICONS[status] ?? '?'}</span>
      {status}
    </span>
  );
}
