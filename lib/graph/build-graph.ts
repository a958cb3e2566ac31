// ASL definition -> ExecutionGraph. Every state becomes one node; Parallel branches and Map item
// processors become nested scopes (to any depth), each with its own start and end marker. A
// malformed definition degrades (dangling targets point to `missing` nodes, unknown types become
// generic nodes) and is described in `warnings`: this function never throws. What is nested where
// is lib/asl's walker's business; this file turns each scope and state it visits into the graph.

import { parseDefinition } from '../asl/parse-definition.ts';
import { ASL_STATE_TYPES, type AslObject, type AslScope, type AslState, type DefinitionVisitor } from '../asl/types.ts';
import { walkDefinition } from '../asl/walk-definition.ts';
import { choiceLabel } from './choice-label.ts';
import { definitionHash } from './definition-hash.ts';
import { truncateChars } from './text-metrics.ts';
import type { ExecutionGraph, GraphEdge, GraphEdgeKind, GraphNode, GraphScope, RetrierSummary, StateType } from './types.ts';

type Rec = Record<string, unknown>;

const STATE_TYPES: ReadonlySet<string> = new Set(ASL_STATE_TYPES);
/** Deeper nesting than this is not drawn (real definitions stay far below; this guards recursion). */
const MAX_DEPTH = 32;
/** Edge labels longer than this many characters are cut; the full text stays in `fullLabel`. */
const LABEL_CHARS = 40;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** Short form of a Task `Resource`: `lambda:invoke`, `λ MyFunction`, `activity MyActivity`. */
export function resourceLabel(resource: unknown): string | null {
  if (typeof resource !== 'string' || resource === '') return null;
  const integration = /^arn:[^:]*:states:::(.+)$/.exec(resource);
  if (integration) return integration[1] ?? resource;
  const lambda = /^arn:[^:]*:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(resource);
  if (lambda) return `λ ${lambda[1] ?? ''}`;
  const activity = /^arn:[^:]*:states:[^:]*:[^:]*:activity:(.+)$/.exec(resource);
  if (activity) return `activity ${activity[1] ?? ''}`;
  return resource;
}

function stateDetail(type: StateType, state: Rec): string | null {
  switch (type) {
    case 'Task':
      return resourceLabel(state.Resource);
    case 'Wait':
      if (state.Seconds !== undefined) return typeof state.Seconds === 'number' ? `${state.Seconds} s` : String(state.Seconds);
      if (typeof state.SecondsPath === 'string') return state.SecondsPath;
      if (state.Timestamp !== undefined) return `until ${String(state.Timestamp)}`;
      if (typeof state.TimestampPath === 'string') return `until ${state.TimestampPath}`;
      return null;
    case 'Fail':
      return str(state.Error) ?? str(state.ErrorPath);
    default:
      return null;
  }
}

function retrySummary(retry: unknown): GraphNode['retry'] {
  if (!Array.isArray(retry) || retry.length === 0) return null;
  const retriers: RetrierSummary[] = retry.filter(isRecord).map((r) => ({
    errorEquals: Array.isArray(r.ErrorEquals) ? r.ErrorEquals.map(String) : [],
    maxAttempts: num(r.MaxAttempts, 3),
    intervalSeconds: num(r.IntervalSeconds, 1),
    backoffRate: num(r.BackoffRate, 2),
  }));
  const max = retriers.reduce((m, r) => Math.max(m, r.maxAttempts), 0);
  return { label: `Retry ×${max}`, retriers };
}

const enc = (name: string): string => encodeURIComponent(name);

/** What a scope's edges need once its states (and everything nested in them) are nodes. */
interface ScopeFrame {
  source: AslScope;
  scope: GraphScope;
  /** State name -> node id, for the scope's own states (transitions never leave a scope). */
  idOf: Map<string, string>;
  /** Wanted name -> id of the `missing` node standing for it. */
  missing: Map<string, string>;
}

/**
 * Builds the graph while lib/asl's walker goes through the definition: a scope's start marker and
 * shape warnings on entry, one node per state (its child scopes follow right after it), and the
 * scope's edges and end marker on leaving, once every node it can point to exists.
 */
class GraphBuilder implements DefinitionVisitor {
  readonly nodes: Record<string, GraphNode> = {};
  readonly nodeOrder: string[] = [];
  readonly edges: GraphEdge[] = [];
  readonly scopes: Record<string, GraphScope> = {};
  readonly scopeOrder: string[] = [];
  readonly warnings: string[] = [];
  stateCount = 0;
  private readonly frames: ScopeFrame[] = [];

  private addNode(node: GraphNode, scope: GraphScope): void {
    this.nodes[node.id] = node;
    this.nodeOrder.push(node.id);
    scope.nodeIds.push(node.id);
  }

  private marker(kind: 'start' | 'end', scope: GraphScope): GraphNode {
    return {
      id: kind === 'start' ? scope.startId : scope.endId,
      kind,
      stateName: '',
      stateType: 'Unknown',
      rawType: null,
      scopeId: scope.id,
      depth: scope.depth,
      childScopeIds: [],
      detail: null,
      retry: null,
      catchCount: 0,
      mapMode: null,
      comment: null,
      isStart: false,
      isEnd: false,
    };
  }

  private addEdge(kind: GraphEdgeKind, from: string, to: string, scope: GraphScope, fullLabel: string | null, dangling = false): void {
    this.edges.push({
      id: `e${this.edges.length}`,
      kind,
      from,
      to,
      scopeId: scope.id,
      label: fullLabel === null ? null : truncateChars(fullLabel, LABEL_CHARS),
      fullLabel,
      dangling,
    });
  }

  enterScope(source: AslScope): void {
    // Scope and node ids are lib/asl's paths, so a node id names the same state as the index does.
    const container = source.container ? (this.nodes[source.container.path] ?? null) : null;
    const prefix = source.path === '' ? '' : `${source.path}/`;
    const scope: GraphScope = {
      id: source.kind === 'root' ? '^root' : source.path,
      kind: source.kind,
      containerId: container?.id ?? null,
      branchIndex: source.branchIndex,
      label:
        source.kind === 'branch'
          ? `Branch ${(source.branchIndex ?? 0) + 1}`
          : source.kind === 'items'
            ? container?.mapMode === 'DISTRIBUTED'
              ? 'Item processor (distributed)'
              : 'Item processor'
            : '',
      depth: source.depth,
      nodeIds: [],
      startId: `${prefix}^start`,
      endId: `${prefix}^end`,
    };
    this.scopes[scope.id] = scope;
    this.scopeOrder.push(scope.id);
    container?.childScopeIds.push(scope.id);
    this.addNode(this.marker('start', scope), scope);

    // A Map without a processor is drawn with an empty item processor (its own warning says why).
    const where = source.location;
    if (source.machine === null && source.kind !== 'items') this.warnings.push(`${where}: not an object`);
    else if (!isRecord(source.machine?.States)) this.warnings.push(`${where}: States is missing or not an object`);
    this.frames.push({ source, scope, idOf: new Map(source.states.map((state) => [state.name, state.path])), missing: new Map() });
  }

  visitState(source: AslState): boolean {
    const frame = this.frames[this.frames.length - 1] as ScopeFrame;
    const { scope } = frame;
    const where = frame.source.location;
    const name = source.name;
    const state: AslObject = source.definition ?? {};
    if (source.definition === null) this.warnings.push(`${where}: state "${name}" is not an object`);
    const rawType = source.type;
    const type: StateType = rawType !== null && STATE_TYPES.has(rawType) ? (rawType as StateType) : 'Unknown';
    if (type === 'Unknown') this.warnings.push(`${where}: state "${name}" has unknown Type ${JSON.stringify(state.Type) ?? 'undefined'}`);
    const processor = type === 'Map' ? (source.children[0]?.machine ?? null) : null;
    const processorConfig = processor && isRecord(processor.ProcessorConfig) ? processor.ProcessorConfig : null;
    const mapMode = type === 'Map' ? (processorConfig?.Mode === 'DISTRIBUTED' ? 'DISTRIBUTED' : 'INLINE') : null;
    const node: GraphNode = {
      id: source.path,
      kind: 'state',
      stateName: name,
      stateType: type,
      rawType,
      scopeId: scope.id,
      depth: scope.depth,
      childScopeIds: [],
      detail: type === 'Map' ? (mapMode === 'DISTRIBUTED' ? 'Distributed' : null) : stateDetail(type, state),
      retry: retrySummary(state.Retry),
      catchCount: Array.isArray(state.Catch) ? state.Catch.length : 0,
      mapMode,
      comment: str(state.Comment),
      isStart: name === frame.source.startAt,
      isEnd: state.End === true || type === 'Succeed' || type === 'Fail',
    };
    this.stateCount++;
    this.addNode(node, scope);

    if (type !== 'Parallel' && type !== 'Map') return false;
    if (scope.depth + 1 > MAX_DEPTH) {
      this.warnings.push(`${source.location}: nested deeper than ${MAX_DEPTH} levels; inner states not drawn`);
      return false;
    }
    if (type === 'Parallel' && source.children.length === 0) this.warnings.push(`${source.location}: Parallel without Branches`);
    if (type === 'Map' && source.children[0]?.field == null) this.warnings.push(`${source.location}: Map without ItemProcessor or Iterator`);
    return true;
  }

  leaveScope(): void {
    const frame = this.frames.pop() as ScopeFrame;
    const { source, scope, idOf, missing } = frame;
    const where = source.location;
    const prefix = source.path === '' ? '' : `${source.path}/`;
    const target = (name: string, from: string): { id: string; dangling: boolean } => {
      const id = idOf.get(name);
      if (id !== undefined) return { id, dangling: false };
      this.warnings.push(`${where}: ${from} points to "${name}", which is not a state here`);
      let missingId = missing.get(name);
      if (missingId === undefined) {
        missingId = `${prefix}^missing:${enc(name)}`;
        missing.set(name, missingId);
        const node = this.marker('end', scope);
        this.addNode({ ...node, id: missingId, kind: 'missing', stateName: name }, scope);
      }
      return { id: missingId, dangling: true };
    };

    const startAt = source.startAt;
    if (startAt === null) {
      if (source.states.length > 0) this.warnings.push(`${where}: StartAt is missing`);
    } else {
      const t = target(startAt, 'StartAt');
      this.addEdge('start', scope.startId, t.id, scope, null, t.dangling);
    }
    // A Fail state joins the End marker only when nothing else reaches it: in a big scope, edges
    // from every Fail state down to the one End would cross the whole drawing, and the Fail node
    // is plainly terminal on its own.
    const otherEnds = source.states.some((s) => {
      const n = this.nodes[s.path];
      return n !== undefined && n.isEnd && n.stateType !== 'Fail';
    });
    for (const s of source.states) {
      const { name } = s;
      const id = s.path;
      const node = this.nodes[id] as GraphNode;
      const state: AslObject = s.definition ?? {};
      const next = str(state.Next);
      if (node.stateType === 'Choice') {
        const choices: unknown[] = Array.isArray(state.Choices) ? state.Choices : [];
        if (choices.length === 0) this.warnings.push(`${where}: Choice "${name}" has no Choices`);
        choices.forEach((rule, i) => {
          const to = isRecord(rule) ? str(rule.Next) : null;
          if (to === null) {
            this.warnings.push(`${where}: rule ${i + 1} of Choice "${name}" has no Next`);
            return;
          }
          const t = target(to, `rule ${i + 1} of "${name}"`);
          this.addEdge('choice', id, t.id, scope, choiceLabel(rule), t.dangling);
        });
        const def = str(state.Default);
        if (def !== null) {
          const t = target(def, `Default of "${name}"`);
          this.addEdge('default', id, t.id, scope, 'Default', t.dangling);
        }
      } else if (next !== null) {
        const t = target(next, `Next of "${name}"`);
        this.addEdge('next', id, t.id, scope, null, t.dangling);
      } else if (node.isEnd) {
        // Drawn after the loop so end edges come last.
      } else if (node.stateType !== 'Unknown') {
        this.warnings.push(`${where}: state "${name}" has neither Next nor End`);
      }
      if (node.isEnd && (node.stateType !== 'Fail' || !otherEnds)) this.addEdge('end', id, scope.endId, scope, null);
      const catchers: unknown[] = Array.isArray(state.Catch) ? state.Catch : [];
      catchers.forEach((catcher, i) => {
        const to = isRecord(catcher) ? str(catcher.Next) : null;
        if (to === null) {
          this.warnings.push(`${where}: catcher ${i + 1} of "${name}" has no Next`);
          return;
        }
        const errors = isRecord(catcher) && Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals.map(String).join(', ') : '';
        const t = target(to, `catcher ${i + 1} of "${name}"`);
        this.addEdge('catch', id, t.id, scope, errors === '' ? 'Catch' : errors, t.dangling);
      });
    }

    this.addNode(this.marker('end', scope), scope);
  }
}

/** Builds the graph of an ASL definition (anything lib/asl's parseDefinition takes). Never throws. */
export function buildGraph(definition: unknown): ExecutionGraph {
  const builder = new GraphBuilder();
  const parse = parseDefinition(definition);
  // The graph's own warnings say the rest about the root (per scope, like every nested scope).
  if (parse.status === 'invalid-json') builder.warnings.push('Definition: not valid JSON');
  let hash: string;
  try {
    hash = definitionHash(parse.value);
  } catch {
    hash = 'unhashable';
  }
  walkDefinition(parse, builder);
  return {
    hash,
    rootScopeId: '^root',
    nodes: builder.nodes,
    nodeOrder: builder.nodeOrder,
    edges: builder.edges,
    scopes: builder.scopes,
    scopeOrder: builder.scopeOrder,
    stateCount: builder.stateCount,
    queryLanguage: parse.definition?.queryLanguage ?? 'JSONPath',
    warnings: builder.warnings,
  };
}
