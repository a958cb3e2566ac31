// Public API of lib/graph: pure functions ASL definition -> ExecutionGraph -> GraphLayout, and
// runs -> GraphOverlay (DESIGN.md §1). No React, no I/O: usable on the server and in the browser.
export { buildGraph, resourceLabel } from './build-graph.ts';
export { choiceLabel, jsonataText } from './choice-label.ts';
export { definitionHash } from './definition-hash.ts';
export { graphOverlay, matchRuns, worseStatus, worstStatus } from './graph-overlay.ts';
export { clearLayoutMemo, GEOMETRY, layoutGraph, nodeDetailText, type LayoutOptions } from './layout-graph.ts';
export { displayText, fitText, textWidth, truncateChars } from './text-metrics.ts';
export type * from './types.ts';
