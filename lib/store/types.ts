// Public types of lib/store. Nothing here mentions Prisma: callers see only these shapes.
import type { ExecutionStatus, HistoryEvent, StateRun } from '../history/types.ts';

export type StoreBackend = 'sqlite' | 'postgres';

/** An open store (one Prisma client per database URL, cached; see db/open-store.ts). */
export interface Store {
  readonly backend: StoreBackend;
  /** The resolved URL (an absolute `file:` path for SQLite). */
  readonly databaseUrl: string;
  /** Disconnects and forgets the cached client; the next openStore(url) opens a new one. */
  close(): Promise<void>;
}

export type SourceKind = 'aws' | 'endpoint' | 'import';

export interface SourceInput {
  /** Stable id; default `${kind}:${endpoint ?? region ?? ''}:${accountId ?? ''}` (see sourceIdOf). */
  id?: string;
  kind: SourceKind;
  region?: string | null;
  accountId?: string | null;
  endpoint?: string | null;
  label?: string | null;
}

export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface StateMachineInput {
  stateMachineArn: string;
  name: string;
  type: StateMachineType;
  /** The ASL text the execution ran (stored once per revision); undefined/null = unknown. */
  definition?: string | null;
  /** AWS's revisionId of that definition; default "sha256:<hex of definition>". */
  revisionId?: string | null;
  /** AWS LoggingConfiguration as received (stored as JSON text); undefined = keep stored value. */
  loggingConfiguration?: unknown;
  /** Make this revision the state machine's current one (default true: last save wins). */
  isCurrentRevision?: boolean;
}

/** AWS ExecutionStatus, including PENDING_REDRIVE (the vocabulary is lib/history/statuses.ts). */
export type StoredExecutionStatus = ExecutionStatus;

export interface ExecutionInput {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: StoredExecutionStatus | (string & {});
  startDate: Date | null;
  stopDate: Date | null;
  /** Execution input/output as JSON text (or any string AWS returned); null when unknown. */
  input: string | null;
  output: string | null;
  error: string | null;
  cause: string | null;
  redriveCount: number;
  /** True once the whole history has been stored (no further pages). */
  historyComplete: boolean;
  /** True when the history is known to be partial (e.g. expired or truncated source). */
  partial: boolean;
  /** The source no longer returns this execution; undefined = keep stored value. */
  expired?: boolean;
  /** Failure cluster columns (FAILED / TIMED_OUT only; see prisma/schema.prisma); absent = null. */
  failure?: ExecutionFailureColumns | null;
}

/** The failure cluster of a FAILED or TIMED_OUT execution, as stored (DESIGN.md §2.5). */
export interface ExecutionFailureColumns {
  failedStateName: string | null;
  failureError: string | null;
  causePattern: string;
  clusterId: string;
  rootCauseStateName: string | null;
  rootCauseError: string | null;
}

/** The Execution columns derived from events (lib/history deriveExecution); reanalyze rewrites only these. */
export type DerivedExecutionFields = Pick<
  ExecutionInput,
  'executionArn' | 'stateMachineArn' | 'status' | 'startDate' | 'stopDate' | 'input' | 'output' | 'error' | 'cause' | 'redriveCount' | 'failure'
>;

export interface SaveExecutionHistoryInput {
  source?: SourceInput;
  stateMachine?: StateMachineInput;
  execution: ExecutionInput;
  /** New and/or already stored events: stored idempotently by (executionArn, eventKey). */
  events: readonly HistoryEvent[];
  /** All runs of the execution, derived from ALL its events: they replace the stored runs. */
  runs: readonly StateRun[];
  /** ANALYZER_VERSION that derived `runs` and the execution's derived fields. */
  analyzerVersion: number;
}

export interface SaveExecutionHistoryResult {
  /** Events newly stored by this call (0 when the same history is saved again). */
  insertedEvents: number;
  /** Events stored for the execution after this call. */
  eventCount: number;
  /** Revision the execution ran, when known. */
  revisionId: string | null;
}

export interface StateMachineSummary {
  stateMachineArn: string;
  name: string;
  type: string;
  /** Number of stored executions per ExecutionStatus (statuses with none are absent). */
  counts: Record<string, number>;
}

// The executions filter is lib/schemas' (one schema for the route, the list page and the store).
export type { ExecutionSort, ListExecutionsQuery } from '../schemas/execution-filters.ts';

/** One row of GET /api/executions (DESIGN.md §2.3). Dates are ISO-8601 UTC. */
export interface ExecutionListItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: string | null;
  stopDate: string | null;
  durationMs: number | null;
  error: string | null;
  cause: string | null;
  redriveCount: number;
}

export interface ExecutionPage {
  items: ExecutionListItem[];
  nextCursor: string | null;
  /** Text search stopped at its scan window: more matches may follow nextCursor. */
  scanLimited?: boolean;
}

export interface StoredExecution extends ExecutionListItem {
  input: string | null;
  output: string | null;
  eventCount: number;
  historyComplete: boolean;
  partial: boolean;
  revisionId: string | null;
  expired: boolean;
  /**
   * ANALYZER_VERSION that derived the execution's fields and runs from its events; null while
   * nothing is derived (listed by the poller, no events stored), 0 before versioning.
   */
  analyzerVersion: number | null;
  updatedAt: string;
  /**
   * When retention (lib/store/retention) deleted the execution's events, ISO-8601; null while
   * they are stored. A pruned execution keeps its summary, runs and eventCount (how many it had).
   */
  eventsPrunedAt: string | null;
}

export interface StoredExecutionHistory {
  execution: StoredExecution;
  /** Stored events in position order, `raw` and `details` parsed back from JSON. */
  events: HistoryEvent[];
  /** The ASL text of the revision the execution ran, else of the state machine's current revision. */
  definition: string | null;
}

export interface StoreCounts {
  sources: number;
  stateMachines: number;
  revisions: number;
  executions: number;
  events: number;
  runs: number;
}
