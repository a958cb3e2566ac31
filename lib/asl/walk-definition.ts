// Depth-first walk over a definition's nested scopes, for consumers that build something shaped
// like the definition (the graph). It replays the state index's tree, so the walk, the index and
// every lookup agree on what is nested where, and a memoised text is not walked twice.
import { stateIndex, type StateIndex } from './state-index.ts';
import type { AslScope, DefinitionVisitor } from './types.ts';

function walkScope(scope: AslScope, visitor: DefinitionVisitor): void {
  visitor.enterScope?.(scope);
  for (const state of scope.states) {
    if (visitor.visitState?.(state) === false) continue;
    // Omitted scopes have no states to show: entering one would only make its StartAt dangle.
    for (const child of state.children) if (child.omitted === null) walkScope(child, visitor);
  }
  visitor.leaveScope?.(scope);
}

/**
 * Walks `input` (anything parseDefinition takes) in pre-order: enterScope(root), then each state in
 * definition order, each followed by its child scopes (Parallel branches in order, then a Map's
 * item processor), recursively; leaveScope once a scope's states and their descendants are done.
 * The root scope is always visited, even for an unusable definition (with a null machine and no
 * states), so a consumer can still draw or report it. Every record is complete when it is visited.
 * Returns the index it walked.
 */
export function walkDefinition(input: unknown, visitor: DefinitionVisitor): StateIndex {
  const index = stateIndex(input);
  walkScope(index.root, visitor);
  return index;
}
