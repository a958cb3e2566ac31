import { redirect } from 'next/navigation';
import { DiffPicker } from '@/components/execution-diff/diff-picker';
import { ExecutionDiffView } from '@/components/execution-diff/execution-diff-view';
import { displayRedaction, redactExecution } from '@/lib/api/display-redaction';
import { findLastSuccess, getExecutionDiff } from '@/lib/api/executions/get-execution-diff';
import { listExecutionsForDisplay } from '@/lib/api/executions/list-executions-for-display';
import { serverStore } from '@/lib/api/store';
import { foldDeepValues } from '@/lib/history/json-text';
import { ensureIngested } from '@/lib/poller';
import { executionDiffQuerySchema } from '@/lib/schemas/execution-diff';
import { getExecution } from '@/lib/store';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Execution diff' };

/** Executions offered as B: A's state machine's most recent ones. */
const CANDIDATES = 20;

type SearchParams = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

// /executions/diff?a=&b= (DESIGN.md §2.6): the diff of two stored executions, computed here (no
// HTTP round trip) by the same function as GET /api/executions/diff. ?a= alone (the execution
// page's "Compare with…") offers B; ?a=&with=last-success (its "Compare with last success")
// resolves B to the last success of A's state machine and redirects to the pair.
export default async function ExecutionDiffPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const a = one(params.a);
  const b = one(params.b);
  const store = await serverStore();
  const heading = <h1>Execution diff</h1>;

  if (a === undefined) {
    return (
      <>
        {heading}
        <p className="muted">Two executions side by side: the states each took, where their paths part, and how their inputs and outputs differ.</p>
        <DiffPicker a={null} candidates={[]} lastSuccess={null} />
      </>
    );
  }
  if (b === undefined) {
    await ensureIngested(store, a);
    const stored = await getExecution(store, a);
    if (!stored) return <>{heading}<DiffPicker a={null} candidates={[]} lastSuccess={null} message={`Execution A not found: ${a}`} /></>;
    const lastSuccess = await findLastSuccess(store, stored.execution);
    if (one(params.with) === 'last-success' && lastSuccess !== null) redirect(`/executions/diff?${new URLSearchParams({ a, b: lastSuccess })}`);
    const page = await listExecutionsForDisplay(store, { stateMachineArn: stored.execution.stateMachineArn, limit: CANDIDATES + 1 });
    const candidates = page.items.filter((item) => item.executionArn !== a).slice(0, CANDIDATES);
    const message = one(params.with) === 'last-success' ? `No succeeded execution of this state machine is stored to compare with.` : undefined;
    return (
      <>
        {heading}
        <DiffPicker a={redactExecution(stored.execution, displayRedaction())} candidates={candidates} lastSuccess={lastSuccess} message={message} />
      </>
    );
  }
  const query = executionDiffQuerySchema.safeParse({ a, b });
  if (!query.success) {
    const issue = query.error.issues[0];
    return <>{heading}<DiffPicker a={null} candidates={[]} lastSuccess={null} message={`${issue?.path.join('.') ?? 'query'}: ${issue?.message ?? 'invalid'}`} /></>;
  }
  await ensureIngested(store, query.data.a);
  if (query.data.b !== query.data.a) await ensureIngested(store, query.data.b);
  const lookup = await getExecutionDiff(store, query.data.a, query.data.b);
  if (!lookup.found) {
    return <>{heading}<DiffPicker a={null} candidates={[]} lastSuccess={null} message={`Execution ${lookup.missing.toUpperCase()} not found: ${lookup.executionArn}`} /></>;
  }
  // A definition or payload delta nested deeper than React's serialiser recurses travels as JSON text.
  const handed = foldDeepValues(lookup.detail);
  return (
    <>
      {heading}
      <ExecutionDiffView detail={handed.value} folded={handed.folded} />
    </>
  );
}
