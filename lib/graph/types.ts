// Shared vocabulary of lib/graph (DESIGN.md §1: ASL -> ExecutionGraph -> GraphLayout; runs -> GraphOverlay).
// Input types (GraphNode, GraphEdge, GraphScope) are kept apart from layout-augmented ones
// (LaidOutNode, LaidOutEdge, LaidOutScope), as Plexus does: the layout depends on the definition
// only and is memoised by its hash; the overlay depends on the runs only and is repainted per poll.

import type { NodeStatus } from '../history/statuses.ts';

/** A state's ASL `Type`, or `Unknown` for anything else (kept as a generic node, with a warning). */
export type StateType = 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map' | 'Unknown';

/**
 * `state`: one ASL state. `start`/`end`: the markers of a scope (one each per scope).
 * `missing`: stands for a Next/Default/Catch target that the scope does not define, so the
 * dangling edge stays visible instead of disappearing.
 */
export type GraphNodeKind = 'state' | 'start' | 'end' | 'missing';

export interface RetrierSummary {
  errorEquals: string[];
  /** ASL default 3. */
  maxAttempts: number;
  /** Seconds; ASL default 1. */
  intervalSeconds: number;
  /** ASL default 2.0. */
  backoffRate: number;
}

export interface GraphNode {
  /**
   * Path-qualified and unique in the graph: URI-encoded state names joined with '/', a scope
   * key (`b<i>` for a Parallel branch, `items` for a Map item processor) between a container and
   * its children. Markers end in `^start` / `^end` (a '^' never survives URI encoding, so these
   * cannot collide with a state name).
   */
  id: string;
  kind: GraphNodeKind;
  /** The ASL state name ('' for start/end markers; the wanted name for `missing`). */
  stateName: string;
  /** `Unknown` for markers. */
  stateType: StateType;
  /** The `Type` exactly as the definition spelled it (null when absent or not a string). */
  rawType: string | null;
  /** Scope that holds this node. */
  scopeId: string;
  /** Map/Parallel nesting depth of the scope (0 = top level). */
  depth: number;
  /** Child scopes (Parallel branches, or the Map item processor), in definition order. */
  childScopeIds: string[];
  /** Short secondary line: resource name, wait time, Map mode, ... (null when nothing useful). */
  detail: string | null;
  /** Retry summary (null without Retry). `label` reads e.g. "Retry ×3" (the largest MaxAttempts). */
  retry: { label: string; retriers: RetrierSummary[] } | null;
  /** Number of Catchers (each also drawn as a `catch` edge). */
  catchCount: number;
  /** Map only: `INLINE`, `DISTRIBUTED` or null. */
  mapMode: 'INLINE' | 'DISTRIBUTED' | null;
  /** Comment, when the state has one (shown as a tooltip). */
  comment: string | null;
  /** The state is the StartAt of its scope. */
  isStart: boolean;
  /**
   * The state ends its scope (End: true, Succeed, Fail). Each has an `end` edge to the scope's End
   * marker, except Fail states in a scope where another state reaches the End.
   */
  isEnd: boolean;
}

export type GraphEdgeKind = 'start' | 'next' | 'choice' | 'default' | 'catch' | 'end';

export interface GraphEdge {
  /** Unique in the graph. */
  id: string;
  kind: GraphEdgeKind;
  from: string;
  to: string;
  /** Every edge runs inside one scope: ASL transitions never leave their branch or item processor. */
  scopeId: string;
  /** Short label (Choice rule summary, "Default", Catch ErrorEquals), truncated; null when none. */
  label: string | null;
  /** Untruncated label, for a tooltip. */
  fullLabel: string | null;
  /** The target is not a state of the scope (it points to a `missing` node). */
  dangling: boolean;
}

export type GraphScopeKind = 'root' | 'branch' | 'items';

export interface GraphScope {
  id: string;
  kind: GraphScopeKind;
  /** The Parallel/Map node that owns this scope; null for the root. */
  containerId: string | null;
  /** 0-based index in the Parallel's Branches; null elsewhere. */
  branchIndex: number | null;
  /** "Branch 1", "Item processor", ... ('' for the root). */
  label: string;
  depth: number;
  /** Nodes of this scope (states, markers, missing targets) in definition order. */
  nodeIds: string[];
  startId: string;
  endId: string;
}

export interface ExecutionGraph {
  /** Hash of the canonical JSON of the definition: the memo key of the layout. */
  hash: string;
  rootScopeId: string;
  /** By id. */
  nodes: Record<string, GraphNode>;
  /** In insertion order: parents before children. */
  nodeOrder: string[];
  edges: GraphEdge[];
  /** By id; in `scopeOrder`, outer scopes come before the scopes they contain. */
  scopes: Record<string, GraphScope>;
  scopeOrder: string[];
  /** Number of ASL states (markers and missing targets excluded). */
  stateCount: number;
  queryLanguage: 'JSONPath' | 'JSONata';
  /** Human-readable notes about a malformed definition (dangling targets, unknown types, ...). */
  warnings: string[];
}

// ---------------------------------------------------------------- layout

export type GraphDirection = 'TB' | 'LR';

export interface Point {
  x: number;
  y: number;
}

/** Boxes are absolute, in SVG user units, top-left origin. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutNode extends Box {
  id: string;
  /** Height of the header band of a container (its name and badges); 0 for leaf nodes. */
  headerHeight: number;
  /** The state name as it fits the box (ellipsised); the full name goes in a tooltip. */
  displayName: string;
  displayDetail: string | null;
}

export interface LaidOutScope extends Box {
  id: string;
}

export interface LaidOutEdge {
  id: string;
  points: Point[];
  /** Centre of the label box; null without a label. */
  labelPosition: Point | null;
  /** The label as it fits. */
  displayLabel: string | null;
}

export interface GraphLayout {
  hash: string;
  direction: GraphDirection;
  width: number;
  height: number;
  nodes: Record<string, LaidOutNode>;
  scopes: Record<string, LaidOutScope>;
  edges: Record<string, LaidOutEdge>;
}

// ---------------------------------------------------------------- overlay

/** A node's status: the vocabulary's (lib/history/statuses.ts). */
export type { NodeStatus };

export interface NodeOverlay {
  status: NodeStatus;
  /** Runs of this node (all iterations, or those of the selected iteration when one is selected). */
  runCount: number;
  /** Sum of the runs' durations, ms; null when no run has one. */
  totalDurationMs: number | null;
  /** Duration of the latest run (highest index), ms; null when unknown or still open. */
  lastDurationMs: number | null;
  /** Largest `attempts` among the runs (0 for non-Task states). */
  maxAttempts: number;
  /** Retry badge: maxAttempts − 1, never negative. */
  retries: number;
  /** Error of the run that decided the status (FAILED/CAUGHT), else of the latest failed run; null when none. */
  error: string | null;
  /** Index (in the runs array) of the run that decided the status; null when NOT_STARTED. */
  runIndex: number | null;
  /** Indexes of the runs that count for this node, in run order. */
  runIndexes: number[];
}

export interface GraphOverlay {
  /** Every node of the graph (markers and missing targets read NOT_STARTED). */
  nodes: Record<string, NodeOverlay>;
  /** Worst status over the states of each scope (NOT_STARTED when none ran). */
  scopes: Record<string, NodeStatus>;
  /** Runs that could not be matched to a node (a definition that does not fit the history). */
  unmatchedRuns: number[];
}

export interface OverlaySelection {
  /** Selected iteration, outermost Map first (like StateRun.mapIndex). */
  mapIndex?: number[];
  /**
   * The Map node the selection belongs to. When given, only nodes inside it follow the selected
   * iteration; without it, every node nested at least as deep as the selection follows it.
   */
  mapNodeId?: string;
}
