'use client';

export default function ExecutionError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="banner" role="alert" data-testid="execution-error">
      <strong>Could not show this execution.</strong>
      <div className="mono">{error.message}</div>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
