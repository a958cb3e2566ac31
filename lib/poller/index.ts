// lib/poller: discovery, incremental ingestion, quotas, leases (DESIGN.md §1).
export { startPoller, pollOnce, type PollerHandle, type PollOnceResult } from './start-poller.ts';
export { pollCycle, type CycleResult } from './poll-cycle.ts';
export { createPollerContext, defaultPollerId, type PollerContext, type PollerOptions } from './poller-context.ts';
export { ensureIngested, fetchExecutionOnDemand } from './fetch-on-demand.ts';
export { readPollerHealth, type PollerHealth } from './poller-health.ts';
export { PollerStats, type PollerStatsSnapshot, type SourceStatus } from './poller-stats.ts';
export { logGroupNameOf } from './ingest-express-logs.ts';
