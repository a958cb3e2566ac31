'use client';
// Stop, Redrive and Start again on the execution page (DESIGN.md §2.7), shown to operators when
// the server runs with STEPLENS_ACTIONS=on. What each button may do, and why not, is what
// GET …/actions computed (lib/history action-eligibility); each one opens a confirmation before
// anything is sent, and the answer (done, or refused with its reasons) is shown in the bar.
import Link from 'next/link';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import { startInputProblem, type ActionVerdict } from '@/lib/history/action-eligibility';
import { postAction, useExecutionActions, type ActionAnswer } from '@/lib/queries/actions';
import { executionKeys } from '@/lib/queries/query-keys';
import type { AuditAction } from '@/lib/schemas/audit';
import './action-bar.css';

const LABELS: Record<AuditAction, string> = { stop: 'Stop', redrive: 'Redrive', 'start-again': 'Start again' };
const CONSEQUENCES: Record<AuditAction, string> = {
  stop: 'StopExecution ends it now as ABORTED; the task running now is not told. This cannot be undone.',
  redrive: 'RedriveExecution restarts it from the states that failed, timed out or were aborted, keeping what succeeded.',
  'start-again': 'StartExecution starts a new execution of the same state machine, named after this one.',
};

function ConfirmDialog({ action, name, input, busy, onConfirm, onCancel }: { action: AuditAction; name: string; input: string | null; busy: boolean; onConfirm: (body: Record<string, string>) => void; onCancel: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [edit, setEdit] = useState(false);
  const [text, setText] = useState(input ?? '{}');
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const problem = action === 'start-again' && edit ? startInputProblem(text) : null;
  const body: Record<string, string> = action === 'start-again' && edit ? { input: text } : {};
  return (
    <dialog ref={ref} className="ab-dialog" data-testid={`confirm-${action}`} aria-labelledby="ab-dialog-title" onCancel={onCancel}>
      <h2 id="ab-dialog-title">
        {LABELS[action]} <span className="mono">{name}</span>?
      </h2>
      <p>{CONSEQUENCES[action]}</p>
      {action === 'start-again' ? (
        <fieldset className="ab-input">
          <label>
            <input type="radio" checked={!edit} onChange={() => setEdit(false)} /> the same input (as AWS holds it)
          </label>
          <label>
            <input type="radio" checked={edit} onChange={() => setEdit(true)} data-testid="edit-input" /> an edited input
          </label>
          {edit ? (
            <>
              <textarea className="mono" value={text} onChange={(e) => setText(e.target.value)} rows={10} spellCheck={false} aria-label="Input (JSON)" data-testid="start-input" />
              {problem !== null ? <p className="ab-problem" data-testid="input-problem">{problem}</p> : null}
              {text.includes('[redacted]') ? <p className="ab-problem">The input shown has redacted values: they are sent as the text “[redacted]” unless you replace them.</p> : null}
            </>
          ) : null}
        </fieldset>
      ) : null}
      <p className="muted">Written to the audit log with your name, whatever AWS answers.</p>
      <div className="ab-buttons">
        <button type="button" className="ex-btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="ex-btn ex-btn-primary" onClick={() => onConfirm(body)} disabled={busy || problem !== null} data-testid="confirm-action">
          {busy ? 'Working…' : LABELS[action]}
        </button>
      </div>
    </dialog>
  );
}

function Outcome({ answer }: { answer: ActionAnswer }) {
  if (answer.outcome === 'succeeded') {
    return (
      <span className="ab-done" data-testid="action-outcome" data-outcome="succeeded">
        {LABELS[answer.action]}: done.
        {answer.startedExecutionArn ? (
          <>
            {' '}
            <Link href={`/executions/${arnRouteSegment(answer.startedExecutionArn)}`}>Open the new execution</Link>
          </>
        ) : null}{' '}
        <Link href="/audit">Audit log</Link>
      </span>
    );
  }
  return (
    <span className="ab-problem" data-testid="action-outcome" data-outcome={answer.outcome}>
      {LABELS[answer.action]} {answer.outcome}: {answer.error}
      {answer.reasons && answer.reasons.length > 1 ? ` (${answer.reasons.slice(1).join(' ')})` : ''}
    </span>
  );
}

export function ActionBar({ executionArn, name, status, input }: { executionArn: string; name: string; status: string; input: string | null }) {
  const query = useExecutionActions(executionArn, status);
  const client = useQueryClient();
  const [open, setOpen] = useState<AuditAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<ActionAnswer | null>(null);
  const offer = query.data;
  if (!offer || !offer.enabled || !offer.operator) return null;
  const verdicts: Record<AuditAction, ActionVerdict | null> = offer.eligibility === null ? { stop: null, redrive: null, 'start-again': null } : { stop: offer.eligibility.stop, redrive: offer.eligibility.redrive, 'start-again': offer.eligibility.startAgain };

  const confirm = async (action: AuditAction, body: Record<string, string>) => {
    setBusy(true);
    const result = await postAction(executionArn, action, offer.csrfToken, body);
    setBusy(false);
    setOpen(null);
    setAnswer(result);
    // The detail (status, new events) and the eligibility are read again.
    await client.invalidateQueries({ queryKey: executionKeys.detail(executionArn) });
  };

  return (
    <div className="ab" data-testid="action-bar">
      {(Object.keys(LABELS) as AuditAction[]).map((action) => {
        const verdict = verdicts[action];
        const allowed = verdict?.allowed === true;
        return (
          <button key={action} type="button" className="ex-btn" disabled={!allowed || busy} title={allowed ? CONSEQUENCES[action] : (verdict?.reasons.join(' ') ?? offer.unavailable ?? '')} data-testid={`action-${action}`} onClick={() => setOpen(action)}>
            {LABELS[action]}
          </button>
        );
      })}
      {offer.unavailable !== null ? <span className="muted ab-note">{offer.unavailable}</span> : null}
      {answer !== null ? <Outcome answer={answer} /> : null}
      {open !== null ? <ConfirmDialog action={open} name={name} input={input} busy={busy} onConfirm={(body) => void confirm(open, body)} onCancel={() => setOpen(null)} /> : null}
    </div>
  );
}
