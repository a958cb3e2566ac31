'use client';
// The Map Run page's live part: the detail from useMapRunDetail (refetched while the Map Run is
// live), drawn by MapRunView. The children's sections are server-rendered pages of the store, so
// when the stored children change (a new child, a status change) the route is re-rendered.
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { mapRunLive } from '@/lib/history/map-run-counts';
import { MAP_RUN_REFRESH_MS, useMapRunDetail, type MapRunDetail } from '@/lib/queries/map-runs';
import { MapRunView, type ChildSection } from './map-run-view';

export function MapRunLive({ initial, statusFilter, sections, basePath }: { initial: MapRunDetail; statusFilter: string | null; sections: ChildSection[]; basePath: string }) {
  const { data } = useMapRunDetail(initial.mapRun.mapRunArn, initial);
  const router = useRouter();
  const live = mapRunLive(data.mapRun.status, data.mapRun.childrenListed);
  // What the server-rendered sections depend on: the stored children per status.
  const children = JSON.stringify(data.storedChildren);
  const rendered = useRef(JSON.stringify(initial.storedChildren));
  useEffect(() => {
    if (children === rendered.current) return;
    rendered.current = children;
    router.refresh();
  }, [children, router]);

  // Hydrated: a marker for tests (ms since navigation start), as the execution page's.
  useEffect(() => {
    document.documentElement.dataset.mapRunReadyAt = String(Math.round(performance.now()));
  }, []);

  return <MapRunView detail={data} statusFilter={statusFilter} sections={sections} basePath={basePath} refreshMs={live ? MAP_RUN_REFRESH_MS : null} />;
}
