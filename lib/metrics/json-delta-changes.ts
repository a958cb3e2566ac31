// A jsondiffpatch delta (execution-diff.ts JsonDiff) flattened into the list of changes a person
// reads: each changed leaf with its path, what it was and what it became. The page draws this list
// as text (no HTML formatter, so no payload is ever markup). Delta format:
// https://github.com/benjamine/jsondiffpatch/blob/master/docs/deltas.md
import type { JsonDiff } from './execution-diff.ts';

export type JsonChangeKind = 'added' | 'removed' | 'changed' | 'moved';

export interface JsonChange {
  /** Keys and array indexes from the root; [] for the whole value. Array indexes are B's for added/changed/moved, A's for removed. */
  path: Array<string | number>;
  kind: JsonChangeKind;
  /** A's value (removed, changed); undefined otherwise. */
  before?: unknown;
  /** B's value (added, changed); undefined otherwise. */
  after?: unknown;
  /** moved: the item's index in A (`path` ends with its index in B). */
  fromIndex?: number;
}

export interface JsonChanges {
  changes: JsonChange[];
  /** Changes beyond `limit`, not listed. */
  omitted: number;
}

/** Most changes listed per delta: a wholesale rewrite of a big payload still reads as a summary. */
export const MAX_LISTED_CHANGES = 500;

/** Delta markers (the third element of a three-element array delta). */
const DELETED = 0;
const TEXT_DIFF = 2;
const MOVED = 3;

/** The changes of `delta` in document order (object keys as they appear; array items by index). */
export function jsonDeltaChanges(delta: JsonDiff, limit = MAX_LISTED_CHANGES): JsonChanges {
  const changes: JsonChange[] = [];
  let total = 0;
  const push = (change: JsonChange) => {
    total += 1;
    if (changes.length < limit) changes.push(change);
  };
  const walk = (node: unknown, path: Array<string | number>) => {
    if (Array.isArray(node)) {
      if (node.length === 1) push({ path, kind: 'added', after: node[0] });
      else if (node.length === 2) push({ path, kind: 'changed', before: node[0], after: node[1] });
      else if (node[2] === DELETED) push({ path, kind: 'removed', before: node[0] });
      else if (node[2] === TEXT_DIFF) push({ path, kind: 'changed', before: undefined, after: node[0] });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record._t === 'a') {
      const entries: Array<{ index: number; removed: boolean; value: unknown }> = [];
      for (const [key, value] of Object.entries(record)) {
        if (key === '_t') continue;
        const removed = key.startsWith('_');
        entries.push({ index: Number(removed ? key.slice(1) : key), removed, value });
      }
      // Removals (A's indexes) before additions at the same index, then by index.
      entries.sort((x, y) => x.index - y.index || Number(y.removed) - Number(x.removed));
      for (const entry of entries) {
        const value = entry.value;
        if (entry.removed && Array.isArray(value) && value[2] === MOVED) {
          push({ path: [...path, value[1] as number], kind: 'moved', fromIndex: entry.index });
        } else walk(value, [...path, entry.index]);
      }
      return;
    }
    for (const [key, value] of Object.entries(record)) walk(value, [...path, key]);
  };
  if (delta !== null) walk(delta, []);
  return { changes, omitted: total - changes.length };
}

/** A change's path as JavaScript-like text: `$`, `$.order.items[2].sku`, `$["odd key"]`. */
export function formatJsonPath(path: ReadonlyArray<string | number>): string {
  let text = '$';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) text += `.${part}`;
    else text += `[${JSON.stringify(part)}]`;
  }
  return text;
}
