import { notFound } from 'next/navigation';
import { MapRunLive } from '@/components/map-runs/map-run-live';
import type { ChildSection } from '@/components/map-runs/map-run-view';
import { listExecutionsForDisplay } from '@/lib/api/executions/list-executions-for-display';
import { getMapRunDetail } from '@/lib/api/map-runs/get-map-run-detail';
import { serverStore } from '@/lib/api/store';
import { arnFromRouteParam, arnRouteSegment } from '@/lib/arn/arn-route-param';
import { EXECUTION_STATUSES, MAP_RUN_FAILED_STATUSES } from '@/lib/history';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Map Run' };

/** Children per page and section. */
const PAGE = 100;

type Status = (typeof EXECUTION_STATUSES)[number];
const isStatus = (s: string): s is Status => (EXECUTION_STATUSES as readonly string[]).includes(s);

// /map-runs/{encoded mapRunArn}[?status=&cursor=] (DESIGN.md §2.9): glue — read the Map Run and
// its children (failed, timed out and aborted ones first unless a status is picked), hand them on;
// MapRunLive refreshes the summary and counts while the Map Run is live.
export default async function MapRunPage({ params, searchParams }: { params: Promise<{ arn: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const mapRunArn = arnFromRouteParam((await params).arn);
  const query = await searchParams;
  const store = await serverStore();
  const detail = await getMapRunDetail(store, mapRunArn);
  if (!detail) notFound();
  const basePath = `/map-runs/${arnRouteSegment(mapRunArn)}`;
  // ?status= one status or a comma-separated list (the failed section's next page); unknown words are ignored.
  const statuses = typeof query.status === 'string' ? query.status.toUpperCase().split(',').map((s) => s.trim()).filter(isStatus) : [];
  const statusFilter = statuses.length > 0 ? statuses.join(',') : null;
  const cursor = typeof query.cursor === 'string' && query.cursor !== '' ? query.cursor : null;
  const next = (page: { nextCursor: string | null }, status: string | null) =>
    page.nextCursor ? `${basePath}?${new URLSearchParams({ ...(status ? { status } : {}), cursor: page.nextCursor }).toString()}` : null;

  let sections: ChildSection[];
  if (statusFilter !== null) {
    const page = await listExecutionsForDisplay(store, { mapRunArn, status: statuses, limit: PAGE, cursor });
    sections = [{ title: statuses.join(', '), testId: 'map-run-children', items: page.items, nextHref: next(page, statusFilter) }];
  } else {
    const others = EXECUTION_STATUSES.filter((s) => !(MAP_RUN_FAILED_STATUSES as readonly string[]).includes(s));
    const [failed, rest] = await Promise.all([
      listExecutionsForDisplay(store, { mapRunArn, status: [...MAP_RUN_FAILED_STATUSES], limit: PAGE }),
      listExecutionsForDisplay(store, { mapRunArn, status: [...others], limit: PAGE }),
    ]);
    sections = [
      { title: 'Failed, timed out or aborted', testId: 'map-run-children-failed', items: failed.items, nextHref: next(failed, MAP_RUN_FAILED_STATUSES.join(',')) },
      { title: 'Other children', testId: 'map-run-children-other', items: rest.items, nextHref: next(rest, others.join(',')) },
    ];
  }
  return (
    <>
      <h1>Map Run {detail.mapRun.mapRunArn.split(':').at(-1)}</h1>
      <MapRunLive initial={detail} statusFilter={statusFilter} sections={sections} basePath={basePath} />
    </>
  );
}
