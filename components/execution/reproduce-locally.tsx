'use client';
// "Try a fix" (a link to /executions/{arn}/try-fix) and "Reproduce locally" on the execution page
// (DESIGN.md §2.10). Reproduce locally: the execution as a Step Functions
// Local test case — the three files to download and the commands that run them on Step Functions
// Local or on `steplens emulator`. Everything shown is what GET /api/executions/{arn}/test-case
// computed; this draws it.
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import { testCaseUrl, useExecutionTestCase, type ExecutionTestCase, type TestCaseFileKind } from '@/lib/queries/test-case';
import { CopyButton } from './json-view';
import './reproduce-locally.css';

const DOWNLOADS: Array<{ kind: TestCaseFileKind; name: (t: ExecutionTestCase) => string; title: string }> = [
  { kind: 'mock-config', name: (t) => t.files.mockConfig, title: 'The MockConfigFile: each Task state’s recorded results in call order' },
  { kind: 'definition', name: (t) => t.files.definition, title: 'The state machine definition the execution ran' },
  { kind: 'input', name: (t) => t.files.input, title: 'The execution input' },
];

function Command({ text, testId }: { text: string; testId: string }) {
  return (
    <div className="rl-command">
      <code data-testid={testId}>{text}</code>
      <CopyButton text={text} />
    </div>
  );
}

function Panel({ executionArn }: { executionArn: string }) {
  const query = useExecutionTestCase(executionArn, true);
  if (query.isPending) return <p className="muted">Making the test case…</p>;
  if (query.isError) return <p className="rl-error" data-testid="reproduce-error">No test case: {query.error.message}</p>;
  const t = query.data;
  const stateCount = Object.keys(t.mockConfig.StateMachines?.[t.stateMachineName]?.TestCases?.[t.testCase] ?? {}).length;
  return (
    <>
      <p>
        Test case <code>{t.testCase}</code> of <code>{t.stateMachineName}</code>: {stateCount} Task state{stateCount === 1 ? '' : 's'} answer with what they returned or threw in this execution, call by call.
      </p>
      <p className="rl-downloads">
        {DOWNLOADS.map((d) => (
          <a key={d.kind} className="ex-btn" href={testCaseUrl(executionArn, d.kind)} download={d.name(t)} title={d.title} data-testid={`download-${d.kind}`}>
            {d.name(t)}
          </a>
        ))}
      </p>
      <p className="muted">Save the three files in one folder, then run it on Step Functions Local:</p>
      <Command text={t.commands.stepFunctionsLocal} testId="command-sfn-local" />
      <p className="muted">or on StepLens’s emulator:</p>
      <Command text={t.commands.steplensEmulator} testId="command-steplens-emulator" />
      <p className="muted">and, in another terminal, against either:</p>
      {t.commands.run.map((line, i) => (
        <Command key={i} text={line} testId={`command-run-${i}`} />
      ))}
      {t.redactedPayloads ? <p className="rl-note">Some payloads were redacted: where a state’s path depends on a redacted value, the test case may take another path.</p> : null}
      {t.omittedCalls.length > 0 ? (
        <p className="rl-note">
          {t.omittedCalls.length} call{t.omittedCalls.length === 1 ? ' was' : 's were'} still running when the execution ended and {t.omittedCalls.length === 1 ? 'has' : 'have'} no mocked response (
          {t.omittedCalls.map((c) => `${c.stateName} #${c.call}`).join(', ')}): there the emulators fail the task.
        </p>
      ) : null}
      {t.definitionChanges.map((change) => (
        <p key={change} className="rl-note">
          {change}
        </p>
      ))}
    </>
  );
}

export function ReproduceLocally({ executionArn }: { executionArn: string }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLSpanElement>(null);
  // Closed by Escape or a click outside, as a menu is.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onClick = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onClick);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onClick);
    };
  }, [open]);
  return (
    <>
    <Link href={`/executions/${arnRouteSegment(executionArn)}/try-fix`} className="ex-btn" data-testid="try-fix-link" title="Edit the definition and replay this execution's recorded task results against it (nothing is called)">
      Try a fix
    </Link>
    <span className="rl" ref={root}>
      <button
        type="button"
        className="ex-btn"
        aria-expanded={open}
        data-testid="reproduce-locally"
        onClick={() => setOpen((o) => !o)}
        title="Download this execution as a Step Functions Local test case and the commands that run it"
      >
        Reproduce locally
      </button>
      {open ? (
        <div className="rl-panel" role="dialog" aria-label="Reproduce locally" data-testid="reproduce-panel">
          <Panel executionArn={executionArn} />
        </div>
      ) : null}
    </span>
    </>
  );
}
