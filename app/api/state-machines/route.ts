import { z } from 'zod';
import { listStateMachinesWithStats } from '@/lib/api/state-machines/list-state-machines';
import { serverStore } from '@/lib/api/store';
import { repeatedTakesFirst, withRoute } from '@/lib/server';
import { listStateMachines } from '@/lib/store';

export const dynamic = 'force-dynamic';

// GET /api/state-machines (DESIGN.md §2.3); ?stats=1 adds `stats` to each item (home page).
export const GET = withRoute({ query: repeatedTakesFirst(z.object({ stats: z.string().optional() })) }, async ({ query }) => {
  const store = await serverStore();
  return { items: query.stats === '1' ? await listStateMachinesWithStats(store) : await listStateMachines(store) };
});
