// Every state of a definition, at any depth, by qualified path and by name. This file holds the one
// descent through nested scopes (Parallel `Branches`, Map `ItemProcessor` or legacy `Iterator`):
// walkDefinition replays the tree it builds, and nothing else in the code base reads those fields
// to find states.
//
// Names: ASL makes a state name unique within its scope only, while AWS histories name states
// without saying which scope they are in. So lookups by name return every match, and the helpers
// say how to choose: the shallowest (what a reader means by a bare name) or the one inside a given
// Map/Parallel (what the history analyzer knows from the run that encloses the event).
import { machineWarnings, parseDefinition } from './parse-definition.ts';
import { ASL_STATE_TYPES, type AslObject, type AslOmission, type AslScope, type AslScopeKind, type AslState, type DefinitionParse, type ParsedDefinition } from './types.ts';

/**
 * Nesting deeper than this is not followed. Real definitions stay far below (AWS allows 1 MB of
 * JSON); this bounds recursion on hostile input. Scopes at depth ≤ MAX_DEPTH are indexed.
 */
export const MAX_DEPTH = 64;
/** More states than any 1 MB definition can hold: past it, a shared sub-object is multiplying them. */
export const MAX_STATES = 100_000;

export interface StateIndex {
  /** What the index was built from; null when the input had no usable root object. */
  readonly definition: ParsedDefinition | null;
  /** The top-level scope (present even for an unusable definition: then with a null machine and no states). */
  readonly root: AslScope;
  /** Every scope in pre-order: a scope before the scopes nested in it, siblings in definition order. */
  readonly scopes: readonly AslScope[];
  /** Every States entry in pre-order: a state, then everything nested in it, then its next sibling. */
  readonly states: readonly AslState[];
  /**
   * The parse's warnings (root), then what the walk found further in: nested scopes, states that
   * are not objects or have no known Type, containers without children, omitted scopes.
   */
  readonly warnings: readonly string[];
  byPath(path: string): AslState | undefined;
  /** Every state with this name, in pre-order. Entries that are not objects are not states and are skipped. */
  named(name: string): readonly AslState[];
  /** The shallowest state with this name (the first in definition order among equals); breadth-first search order. */
  shallowest(name: string): AslState | undefined;
  /** The first state (pre-order) with this name whose enclosing Map/Parallel is named `container` (null: top level). */
  inContainer(name: string, container: string | null): AslState | undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(ASL_STATE_TYPES);
const NO_STATES: readonly AslState[] = Object.freeze([]);

interface MutableScope extends Omit<AslScope, 'states' | 'omitted'> {
  states: AslState[];
  omitted: AslOmission | null;
}
interface MutableState extends Omit<AslState, 'children'> {
  children: AslScope[];
}

class IndexBuilder {
  readonly scopes: AslScope[] = [];
  readonly states: AslState[] = [];
  readonly warnings: string[] = [];
  /** Machines on the path from the root to the scope being built: a repeat is a cycle. */
  private readonly ancestors = new Set<unknown>();
  private sizeWarned = false;

  /** Builds a scope and, depth-first, everything in it; pushes records in pre-order. */
  scope(machine: unknown, kind: AslScopeKind, field: AslScope['field'], container: AslState | null, branchIndex: number | null, location: string, path: string): AslScope {
    const depth = container ? container.depth + 1 : 0;
    const obj: AslObject | null = isRecord(machine) ? machine : null;
    const scope: MutableScope = {
      path,
      kind,
      field,
      container,
      branchIndex,
      depth,
      machine: obj,
      startAt: obj && typeof obj.StartAt === 'string' ? obj.StartAt : null,
      states: [],
      omitted: null,
      location,
    };
    this.scopes.push(scope);
    if (depth > MAX_DEPTH) scope.omitted = 'depth';
    else if (obj && this.ancestors.has(obj)) scope.omitted = 'cycle';
    else if (this.states.length >= MAX_STATES) scope.omitted = 'size';
    if (scope.omitted !== null) {
      // Past the size limit every remaining scope is cut: one warning says it.
      if (scope.omitted !== 'size' || !this.sizeWarned) this.warnings.push(`${location}: ${omissionText(scope.omitted)}; its states are not indexed`);
      if (scope.omitted === 'size') this.sizeWarned = true;
      return freezeScope(scope);
    }
    // The root's shape is the parse's to report; a Map without a processor is reported at the Map.
    if (kind !== 'root' && !(kind === 'items' && field === null)) this.warnings.push(...machineWarnings(machine, location));

    const entries = obj && isRecord(obj.States) ? Object.entries(obj.States) : [];
    const prefix = path === '' ? '' : `${path}/`;
    if (obj) this.ancestors.add(obj);
    for (const [name, raw] of entries) {
      const definition: AslObject | null = isRecord(raw) ? raw : null;
      const type = definition && typeof definition.Type === 'string' ? definition.Type : null;
      const state: MutableState = {
        path: `${prefix}${encodeURIComponent(name)}`,
        name,
        type,
        definition,
        scope,
        parent: container,
        branchIndex,
        depth,
        children: [],
        location: `${location} › ${name}`,
      };
      scope.states.push(state);
      this.states.push(state);
      if (!definition) this.warnings.push(`${location}: state "${name}" is not an object`);
      else if (type === null) this.warnings.push(`${location}: state "${name}" has no Type`);
      else if (!KNOWN_TYPES.has(type)) this.warnings.push(`${location}: state "${name}" has unknown Type ${JSON.stringify(type)}`);
      if (definition) this.children(state, definition);
      Object.freeze(state.children);
      Object.freeze(state);
    }
    if (obj) this.ancestors.delete(obj);
    return freezeScope(scope);
  }

  /** The child scopes of one state: decided by its Type alone, as AWS does. */
  private children(state: MutableState, definition: AslObject): void {
    if (state.type === 'Parallel') {
      const branches: unknown[] = Array.isArray(definition.Branches) ? definition.Branches : [];
      if (branches.length === 0) this.warnings.push(`${state.location}: Parallel without Branches`);
      branches.forEach((branch, i) => {
        state.children.push(this.scope(branch, 'branch', 'Branches', state, i, `${state.location} › branch ${i + 1}`, `${state.path}/b${i}`));
      });
    } else if (state.type === 'Map') {
      // ItemProcessor replaced Iterator (2022); AWS still accepts Iterator. An object wins over a
      // non-object, and ItemProcessor over Iterator when both are objects.
      const field = isRecord(definition.ItemProcessor) ? 'ItemProcessor' : isRecord(definition.Iterator) ? 'Iterator' : null;
      if (field === null) this.warnings.push(`${state.location}: Map without ItemProcessor or Iterator`);
      const processor = field === null ? null : definition[field];
      state.children.push(this.scope(processor, 'items', field, state, null, `${state.location} › items`, `${state.path}/items`));
    }
  }
}

function omissionText(omission: AslOmission): string {
  switch (omission) {
    case 'depth':
      return `nested deeper than ${MAX_DEPTH} levels`;
    case 'cycle':
      return 'contains itself';
    case 'size':
      return `more than ${MAX_STATES} states in the definition`;
  }
}

function freezeScope(scope: MutableScope): AslScope {
  if (scope.states.length === 0) scope.states = NO_STATES as AslState[];
  Object.freeze(scope.states);
  return Object.freeze(scope);
}

class BuiltIndex implements StateIndex {
  readonly root: AslScope;
  readonly scopes: readonly AslScope[];
  readonly states: readonly AslState[];
  readonly warnings: readonly string[];
  // Lookup tables are built on the first lookup: the linker only iterates `states`, and most
  // indexes are never asked by path. Private fields stay writable after Object.freeze(this).
  #paths: Map<string, AslState> | null = null;
  #names: Map<string, readonly AslState[]> | null = null;

  constructor(
    readonly definition: ParsedDefinition | null,
    parseWarnings: readonly string[],
  ) {
    const builder = new IndexBuilder();
    this.root = builder.scope(definition?.root ?? null, 'root', null, null, null, 'Definition', '');
    this.scopes = Object.freeze(builder.scopes);
    this.states = Object.freeze(builder.states);
    this.warnings = Object.freeze([...parseWarnings, ...builder.warnings]);
    Object.freeze(this);
  }

  byPath(path: string): AslState | undefined {
    if (this.#paths === null) this.#paths = new Map(this.states.map((state) => [state.path, state]));
    return this.#paths.get(path);
  }

  named(name: string): readonly AslState[] {
    if (this.#names === null) {
      const names = new Map<string, AslState[]>();
      for (const state of this.states) {
        if (state.definition === null) continue;
        const list = names.get(state.name);
        if (list) list.push(state);
        else names.set(state.name, [state]);
      }
      for (const list of names.values()) Object.freeze(list);
      this.#names = names;
    }
    return this.#names.get(name) ?? NO_STATES;
  }

  shallowest(name: string): AslState | undefined {
    // Pre-order restricted to one depth is breadth-first order, so the first at the least depth
    // is what a breadth-first search would find first.
    let best: AslState | undefined;
    for (const state of this.named(name)) if (best === undefined || state.depth < best.depth) best = state;
    return best;
  }

  inContainer(name: string, container: string | null): AslState | undefined {
    return this.named(name).find((state) => (state.parent?.name ?? null) === container);
  }
}

/**
 * Index per parse. Memoised texts share their DefinitionParse, hence their index; a parse's
 * `definition` maps back to the same parse, so passing it on reuses the index too.
 */
const indexes = new WeakMap<DefinitionParse, StateIndex>();

/** The state index of a definition (anything parseDefinition takes). Never throws. */
export function stateIndex(input: unknown): StateIndex {
  const parse = parseDefinition(input);
  let index = indexes.get(parse);
  if (index === undefined) {
    index = new BuiltIndex(parse.definition, parse.warnings);
    indexes.set(parse, index);
  }
  return index;
}
