// The line an execution whose events retention deleted shows instead of an empty history
// (lib/api/executions/pruned-history.ts words it; the detail carries it as prunedNote).
export function PrunedHistoryBanner({ note }: { note: string | undefined }) {
  if (!note) return null;
  return (
    <div className="banner ex-pruned" role="status" data-testid="history-pruned" style={{ borderColor: 'var(--muted)' }}>
      {note}
    </div>
  );
}
