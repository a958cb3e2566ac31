// Where each state of an ASL definition sits: its enclosing Map/Parallel state and, inside a
// Parallel, the branch. Branch events carry no branch index and interleave (sfn-facts §2.4),
// so the definition is the only source of Parallel branch membership; it also places the
// masked events of the corpus recordings.

export interface StatePlace {
  type: string | null;
  /** Name of the enclosing Map or Parallel state; null at the top level. */
  container: string | null;
  /** Index in the enclosing Parallel's `Branches`; null outside a Parallel branch. */
  branchIndex: number | null;
}

/** State name -> places (names are unique in valid ASL; a list keeps odd definitions harmless). */
export type DefinitionIndex = Map<string, StatePlace[]>;

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(states: unknown, container: string | null, branchIndex: number | null, out: DefinitionIndex, depth: number): void {
  if (!isRecord(states) || depth > 64) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isRecord(state)) continue;
    const type = typeof state.Type === 'string' ? state.Type : null;
    const places = out.get(name) ?? [];
    places.push({ type, container, branchIndex });
    out.set(name, places);
    if (type === 'Parallel' && Array.isArray(state.Branches)) {
      state.Branches.forEach((branch, i) => {
        if (isRecord(branch)) walk(branch.States, name, i, out, depth + 1);
      });
    } else if (type === 'Map') {
      const processor = isRecord(state.ItemProcessor) ? state.ItemProcessor : isRecord(state.Iterator) ? state.Iterator : null;
      if (processor) walk(processor.States, name, null, out, depth + 1);
    }
  }
}

/** Indexes a definition given as an ASL object or JSON text; an empty index when unusable. */
export function definitionIndex(definition: unknown): DefinitionIndex {
  const out: DefinitionIndex = new Map();
  let def = definition;
  if (typeof def === 'string') {
    try {
      def = JSON.parse(def) as unknown;
    } catch {
      return out;
    }
  }
  if (isRecord(def)) walk(def.States, null, null, out, 0);
  return out;
}
