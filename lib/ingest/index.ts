// lib/ingest: the one path from history events to the store, and the rebuild of what is derived
// from them (DESIGN.md §1). Nothing else merges events or derives execution fields.
export { ingestExecution, type IngestExecutionInput, type IngestResult } from './ingest-execution.ts';
export { reanalyze, type ReanalyzeOptions, type ReanalyzeProgress, type ReanalyzeSummary } from './reanalyze.ts';
export { startBackgroundReanalysis, readAnalysisHealth, type AnalysisHealth, type BackgroundReanalysis } from './background-reanalysis.ts';
