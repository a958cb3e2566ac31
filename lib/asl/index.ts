// Public API of lib/asl: pure functions over Amazon States Language definitions (DESIGN.md §1).
// Parse a definition once (text is memoised), index its states at any depth, walk its nested
// Parallel/Map scopes. No I/O, no imports from outside this folder.
export { machineWarnings, parseDefinition } from './parse-definition.ts';
export { MAX_DEPTH, MAX_STATES, stateIndex, type StateIndex } from './state-index.ts';
export { walkDefinition } from './walk-definition.ts';
export { ASL_STATE_TYPES } from './types.ts';
export type * from './types.ts';
