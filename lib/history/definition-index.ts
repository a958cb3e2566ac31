// Where each state of an ASL definition sits: its enclosing Map/Parallel state and, inside a
// Parallel, the branch. Branch events carry no branch index and interleave (sfn-facts §2.4),
// so the definition is the only source of Parallel branch membership; it also places the
// masked events of the corpus recordings. A view of lib/asl's state index, shaped for the linker.
import { stateIndex } from '../asl/state-index.ts';

export interface StatePlace {
  type: string | null;
  /** Name of the enclosing Map or Parallel state; null at the top level. */
  container: string | null;
  /** Index in the enclosing Parallel's `Branches`; null outside a Parallel branch. */
  branchIndex: number | null;
}

/**
 * State name -> places, in definition pre-order. Names are unique only within a scope, so one
 * name may have several places; the linker picks by the enclosing run's state name.
 */
export type DefinitionIndex = Map<string, StatePlace[]>;

/** Indexes a definition (anything lib/asl's parseDefinition takes); an empty index when unusable. */
export function definitionIndex(definition: unknown): DefinitionIndex {
  const out: DefinitionIndex = new Map();
  // Pre-order, like named(): entries that are not objects are not states and have no place.
  for (const state of stateIndex(definition).states) {
    if (state.definition === null) continue;
    const place: StatePlace = { type: state.type, container: state.parent?.name ?? null, branchIndex: state.branchIndex };
    const places = out.get(state.name);
    if (places) places.push(place);
    else out.set(state.name, [place]);
  }
  return out;
}
