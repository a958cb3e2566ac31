'use client';
// "Try a fix" (DESIGN.md §2.10): the definition in an editor, replayed against the recorded task
// outcomes by POST /api/executions/{arn}/replay; problems listed at their line (a click selects the
// line), the result with the execution diff view (original A → replay B). Draws what lib computed.
import { useRef, useState } from 'react';
import { useHydrated } from '@/components/use-hydrated';
import { ExecutionDiffView } from '@/components/execution-diff/execution-diff-view';
import type { DefinitionProblem, TryFixResult } from '@/lib/api/executions/try-fix';
import './try-fix.css';

type State = { kind: 'idle' } | { kind: 'running' } | { kind: 'error'; message: string } | { kind: 'done'; result: TryFixResult; run: number };

async function replay(executionArn: string, definition: string): Promise<TryFixResult> {
  const response = await fetch(`/api/executions/${encodeURIComponent(executionArn)}/replay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ definition }),
    cache: 'no-store',
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && typeof body === 'object' && 'error' in body && typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    throw new Error(message);
  }
  return body as TryFixResult;
}

/** Selects line `line` (1-based) of the textarea and scrolls it into view. */
function selectLine(area: HTMLTextAreaElement, line: number): void {
  const lines = area.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  const lineHeight = area.scrollHeight / Math.max(lines.length, 1);
  area.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

function Problems({ problems, onPick }: { problems: DefinitionProblem[]; onPick: (line: number) => void }) {
  return (
    <div className="tf-problems" data-testid="try-fix-problems">
      <p>The emulator would refuse this definition:</p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            <button type="button" className="ex-btn" onClick={() => onPick(p.line)} data-testid="try-fix-problem-line">
              line {p.line}
              {p.column !== undefined ? `:${p.column}` : ''}
            </button>{' '}
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TryFixView({ executionArn, initialDefinition }: { executionArn: string; initialDefinition: string }) {
  const hydrated = useHydrated();
  const [text, setText] = useState(initialDefinition);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const area = useRef<HTMLTextAreaElement>(null);
  const runs = useRef(0);
  const onReplay = async () => {
    setState({ kind: 'running' });
    try {
      const result = await replay(executionArn, text);
      runs.current += 1;
      setState({ kind: 'done', result, run: runs.current });
    } catch (error) {
      setState({ kind: 'error', message: (error as Error).message });
    }
  };
  const result = state.kind === 'done' ? state.result : null;
  return (
    <div className="tf" data-testid="try-fix">
      <label className="tf-editor">
        <span className="muted">Definition (ASL JSON)</span>
        <textarea ref={area} value={text} onChange={(e) => setText(e.target.value)} readOnly={!hydrated} spellCheck={false} rows={Math.min(40, Math.max(12, text.split('\n').length + 1))} data-testid="try-fix-definition" />
      </label>
      <p className="tf-actions">
        <button type="button" className="ex-btn ex-btn-primary" onClick={() => void onReplay()} disabled={!hydrated || state.kind === 'running'} data-testid="try-fix-replay">
          {state.kind === 'running' ? 'Replaying…' : 'Replay with this definition'}
        </button>{' '}
        <button type="button" className="ex-btn" onClick={() => setText(initialDefinition)} disabled={text === initialDefinition}>
          Reset
        </button>
      </p>
      {state.kind === 'error' ? <p className="tf-error" data-testid="try-fix-error">Replay failed: {state.message}</p> : null}
      {result && !result.ok ? <Problems problems={result.problems} onPick={(line) => area.current && selectLine(area.current, line)} /> : null}
      {result && result.ok ? (
        <>
          <p className="tf-result" data-testid="try-fix-result" data-status={result.status}>
            The replay ended <strong>{result.status}</strong> after {result.events.toLocaleString('en-US')} events
            {result.limitReached ? ' (stopped: more events than an execution may write)' : ''}.{' '}
            {result.reproduced ? 'It writes the recorded history event for event: this change changes nothing here.' : result.firstDifference ? `It parts from the recording here: ${result.firstDifference.message}.` : null}
          </p>
          <ExecutionDiffView key={state.kind === 'done' ? state.run : 0} detail={result.diff} unstoredArn={result.diff.diff.b.executionArn} />
        </>
      ) : null}
    </div>
  );
}
