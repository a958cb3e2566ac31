// ASL definition -> ExecutionGraph. Every state becomes one node; Parallel branches and Map item
// processors become nested scopes (to any depth), each with its own start and end marker. A
// malformed definition degrades (dangling targets point to `missing` nodes, unknown types become
// generic nodes) and is described in `warnings`: this function never throws.

import { choiceLabel } from './choice-label.ts';
import { definitionHash } from './definition-hash.ts';
import { truncateChars } from './text-metrics.ts';
import type { ExecutionGraph, GraphEdge, GraphEdgeKind, GraphNode, GraphScope, GraphScopeKind, RetrierSummary, StateType } from './types.ts';

type Rec = Record<string, unknown>;

const STATE_TYPES = new Set<StateType>(['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);
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

class GraphBuilder {
  readonly nodes: Record<string, GraphNode> = {};
  readonly nodeOrder: string[] = [];
  readonly edges: GraphEdge[] = [];
  readonly scopes: Record<string, GraphScope> = {};
  readonly scopeOrder: string[] = [];
  readonly warnings: string[] = [];
  stateCount = 0;

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

  /**
   * Lays a state machine (or branch / item processor) out as a scope. `where` names it in warnings.
   * Returns the scope id.
   */
  buildScope(
    machine: unknown,
    opts: { id: string; prefix: string; kind: GraphScopeKind; depth: number; containerId: string | null; branchIndex: number | null; label: string; where: string },
  ): string {
    const scope: GraphScope = {
      id: opts.id,
      kind: opts.kind,
      containerId: opts.containerId,
      branchIndex: opts.branchIndex,
      label: opts.label,
      depth: opts.depth,
      nodeIds: [],
      startId: `${opts.prefix}^start`,
      endId: `${opts.prefix}^end`,
    };
    this.scopes[scope.id] = scope;
    this.scopeOrder.push(scope.id);
    this.addNode(this.marker('start', scope), scope);

    const states = isRecord(machine) && isRecord(machine.States) ? machine.States : null;
    if (!isRecord(machine)) this.warnings.push(`${opts.where}: not an object`);
    else if (!states) this.warnings.push(`${opts.where}: States is missing or not an object`);
    const entries = states ? Object.entries(states) : [];
    const idOf = new Map<string, string>();
    for (const [name] of entries) idOf.set(name, `${opts.prefix}${enc(name)}`);

    const missing = new Map<string, string>();
    const target = (name: string, from: string): { id: string; dangling: boolean } => {
      const id = idOf.get(name);
      if (id !== undefined) return { id, dangling: false };
      this.warnings.push(`${opts.where}: ${from} points to "${name}", which is not a state here`);
      let missingId = missing.get(name);
      if (missingId === undefined) {
        missingId = `${opts.prefix}^missing:${enc(name)}`;
        missing.set(name, missingId);
        const node = this.marker('end', scope);
        this.addNode({ ...node, id: missingId, kind: 'missing', stateName: name }, scope);
      }
      return { id: missingId, dangling: true };
    };

    const startAt = isRecord(machine) ? str(machine.StartAt) : null;

    // Nodes first (so edges can point forward), in definition order; containers recurse.
    for (const [name, raw] of entries) {
      const id = idOf.get(name) as string;
      const state: Rec = isRecord(raw) ? raw : {};
      if (!isRecord(raw)) this.warnings.push(`${opts.where}: state "${name}" is not an object`);
      const rawType = str(state.Type);
      const type: StateType = rawType !== null && STATE_TYPES.has(rawType as StateType) ? (rawType as StateType) : 'Unknown';
      if (type === 'Unknown') this.warnings.push(`${opts.where}: state "${name}" has unknown Type ${JSON.stringify(state.Type) ?? 'undefined'}`);
      const processor = isRecord(state.ItemProcessor) ? state.ItemProcessor : isRecord(state.Iterator) ? state.Iterator : null;
      const processorConfig = processor && isRecord(processor.ProcessorConfig) ? processor.ProcessorConfig : null;
      const mapMode = type === 'Map' ? (processorConfig?.Mode === 'DISTRIBUTED' ? 'DISTRIBUTED' : 'INLINE') : null;
      const node: GraphNode = {
        id,
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
        isStart: name === startAt,
        isEnd: state.End === true || type === 'Succeed' || type === 'Fail',
      };
      this.stateCount++;
      this.addNode(node, scope);

      const where = `${opts.where} › ${name}`;
      if (opts.depth + 1 > MAX_DEPTH && (type === 'Parallel' || type === 'Map')) {
        this.warnings.push(`${where}: nested deeper than ${MAX_DEPTH} levels; inner states not drawn`);
      } else if (type === 'Parallel') {
        if (!Array.isArray(state.Branches) || state.Branches.length === 0) this.warnings.push(`${where}: Parallel without Branches`);
        const branches: unknown[] = Array.isArray(state.Branches) ? state.Branches : [];
        branches.forEach((branch, i) => {
          node.childScopeIds.push(
            this.buildScope(branch, {
              id: `${id}/b${i}`,
              prefix: `${id}/b${i}/`,
              kind: 'branch',
              depth: opts.depth + 1,
              containerId: id,
              branchIndex: i,
              label: `Branch ${i + 1}`,
              where: `${where} › branch ${i + 1}`,
            }),
          );
        });
      } else if (type === 'Map') {
        if (!processor) this.warnings.push(`${where}: Map without ItemProcessor or Iterator`);
        node.childScopeIds.push(
          this.buildScope(processor ?? {}, {
            id: `${id}/items`,
            prefix: `${id}/items/`,
            kind: 'items',
            depth: opts.depth + 1,
            containerId: id,
            branchIndex: null,
            label: mapMode === 'DISTRIBUTED' ? 'Item processor (distributed)' : 'Item processor',
            where: `${where} › items`,
          }),
        );
      }
    }

    // Edges.
    if (startAt === null) {
      if (entries.length > 0) this.warnings.push(`${opts.where}: StartAt is missing`);
    } else {
      const t = target(startAt, 'StartAt');
      this.addEdge('start', scope.startId, t.id, scope, null, t.dangling);
    }
    // A Fail state joins the End marker only when nothing else reaches it: in a big scope, edges
    // from every Fail state down to the one End would cross the whole drawing, and the Fail node
    // is plainly terminal on its own.
    const otherEnds = entries.some(([name]) => {
      const n = this.nodes[idOf.get(name) as string];
      return n !== undefined && n.isEnd && n.stateType !== 'Fail';
    });
    for (const [name, raw] of entries) {
      const id = idOf.get(name) as string;
      const node = this.nodes[id] as GraphNode;
      const state: Rec = isRecord(raw) ? raw : {};
      const next = str(state.Next);
      if (node.stateType === 'Choice') {
        const choices: unknown[] = Array.isArray(state.Choices) ? state.Choices : [];
        if (choices.length === 0) this.warnings.push(`${opts.where}: Choice "${name}" has no Choices`);
        choices.forEach((rule, i) => {
          const to = isRecord(rule) ? str(rule.Next) : null;
          if (to === null) {
            this.warnings.push(`${opts.where}: rule ${i + 1} of Choice "${name}" has no Next`);
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
        this.warnings.push(`${opts.where}: state "${name}" has neither Next nor End`);
      }
      if (node.isEnd && (node.stateType !== 'Fail' || !otherEnds)) this.addEdge('end', id, scope.endId, scope, null);
      const catchers: unknown[] = Array.isArray(state.Catch) ? state.Catch : [];
      catchers.forEach((catcher, i) => {
        const to = isRecord(catcher) ? str(catcher.Next) : null;
        if (to === null) {
          this.warnings.push(`${opts.where}: catcher ${i + 1} of "${name}" has no Next`);
          return;
        }
        const errors = isRecord(catcher) && Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals.map(String).join(', ') : '';
        const t = target(to, `catcher ${i + 1} of "${name}"`);
        this.addEdge('catch', id, t.id, scope, errors === '' ? 'Catch' : errors, t.dangling);
      });
    }

    this.addNode(this.marker('end', scope), scope);
    return scope.id;
  }
}

/** Builds the graph of an ASL definition (an object, or JSON text). Never throws. */
export function buildGraph(definition: unknown): ExecutionGraph {
  const builder = new GraphBuilder();
  let def = definition;
  if (typeof def === 'string') {
    try {
      def = JSON.parse(def) as unknown;
    } catch {
      builder.warnings.push('Definition: not valid JSON');
      def = null;
    }
  }
  let hash: string;
  try {
    hash = definitionHash(def);
  } catch {
    hash = 'unhashable';
  }
  const rootScopeId = builder.buildScope(def, { id: '^root', prefix: '', kind: 'root', depth: 0, containerId: null, branchIndex: null, label: '', where: 'Definition' });
  const ql = isRecord(def) ? def.QueryLanguage : undefined;
  return {
    hash,
    rootScopeId,
    nodes: builder.nodes,
    nodeOrder: builder.nodeOrder,
    edges: builder.edges,
    scopes: builder.scopes,
    scopeOrder: builder.scopeOrder,
    stateCount: builder.stateCount,
    queryLanguage: ql === 'JSONata' ? 'JSONata' : 'JSONPath',
    warnings: builder.warnings,
  };
}
