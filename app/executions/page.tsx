import { ExecutionListView } from '@/components/execution-list-view';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Executions' };

export default async function ExecutionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return (
    <>
      <h1>Executions</h1>
      <ExecutionListView basePath="/executions" searchParams={await searchParams} />
    </>
  );
}
