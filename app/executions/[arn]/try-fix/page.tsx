import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TryFixView } from '@/components/try-fix/try-fix-view';
import { getExecutionDetail } from '@/lib/api/executions/get-execution-detail';
import { serverStore } from '@/lib/api/store';
import { arnFromRouteParam, arnRouteSegment } from '@/lib/arn/arn-route-param';
import { jsonText } from '@/lib/history/json-text';
import { ensureIngested } from '@/lib/poller';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Try a fix' };

/** Indented for editing; a definition nested too deep for that as one line. */
function editableText(definition: unknown): string {
  try {
    return JSON.stringify(definition, null, 2);
  } catch {
    return jsonText(definition) ?? '';
  }
}

// /executions/{arn}/try-fix (DESIGN.md §2.10): edit the definition the execution ran and replay the
// recorded task outcomes against it (POST /api/executions/{arn}/replay): nothing is called, nothing
// is stored, the source is not touched.
export default async function TryFixPage({ params }: { params: Promise<{ arn: string }> }) {
  const executionArn = arnFromRouteParam((await params).arn);
  const store = await serverStore();
  await ensureIngested(store, executionArn);
  const detail = await getExecutionDetail(store, executionArn);
  if (!detail) notFound();
  const { execution } = detail;
  return (
    <>
      <h1>Try a fix</h1>
      <p className="muted">
        <Link href={`/executions/${arnRouteSegment(executionArn)}`}>{execution.name}</Link> ({execution.status}): change its definition and replay it. Every
        Task state answers with what it returned or threw in this execution, call by call; a call the recording does not have fails with States.TaskFailed. The replay
        runs in a private emulator inside StepLens: no task, no AWS service is called and nothing is stored.
      </p>
      {detail.definition === null ? (
        <p data-testid="try-fix-unavailable">The definition this execution ran is not stored, so it cannot be replayed.</p>
      ) : (
        <TryFixView executionArn={executionArn} initialDefinition={editableText(detail.definition)} />
      )}
    </>
  );
}
