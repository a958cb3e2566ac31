import Link from 'next/link';
import { parseListExecutionsQuery } from '@/lib/api/executions/list-executions-query';
import { serverStore } from '@/lib/api/store';
import { listExecutions } from '@/lib/store';
import { ExecutionFilters } from './execution-filters';
import { ExecutionsTable } from './executions-table';

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The filterable, keyset-paged executions list, shared by /executions and the state machine
 * page. A server component: it reads the store directly with the same parser as the API.
 */
export async function ExecutionListView({ basePath, searchParams, stateMachineArn }: { basePath: string; searchParams: SearchParams; stateMachineArn?: string }) {
  const parsed = parseListExecutionsQuery({ ...searchParams, ...(stateMachineArn ? { stateMachineArn } : {}) });
  const text = (key: string) => (typeof searchParams[key] === 'string' ? (searchParams[key] as string) : undefined);
  const filters = { status: text('status'), q: text('q'), from: text('from'), to: text('to') };
  if (!parsed.ok) {
    return (
      <>
        <ExecutionFilters action={basePath} values={filters} />
        <p className="banner" role="alert">
          Invalid filter: {parsed.error}
        </p>
      </>
    );
  }
  const page = await listExecutions(await serverStore(), parsed.query);
  const keep = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const nextHref = page.nextCursor ? `${basePath}?${new URLSearchParams([...keep, ['cursor', page.nextCursor]])}` : null;
  return (
    <>
      <ExecutionFilters action={basePath} values={filters} />
      <ExecutionsTable items={page.items} />
      <nav className="pager">
        {parsed.query.cursor ? <Link href={`${basePath}${keep.size > 0 ? `?${keep}` : ''}`}>« First page</Link> : null}
        {nextHref ? <Link href={nextHref}>Next page »</Link> : null}
      </nav>
    </>
  );
}
