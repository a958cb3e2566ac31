// lib/metrics jsonDeltaChanges: jsondiffpatch deltas (produced by jsonDiff, so the test follows the
// library's real output) flattened into path / before / after, as the diff page lists them.
import { describe, expect, it } from 'vitest';
import { jsonDiff } from '../../../lib/metrics/execution-diff.ts';
import { formatJsonPath, jsonDeltaChanges } from '../../../lib/metrics/json-delta-changes.ts';

describe('jsonDeltaChanges', () => {
  it('lists added, removed and changed keys by path', () => {
    const delta = jsonDiff({ a: 1, b: { c: 'x', d: true }, gone: [1] }, { a: 2, b: { c: 'x', e: null }, added: 'new' });
    expect(jsonDeltaChanges(delta).changes).toEqual([
      { path: ['a'], kind: 'changed', before: 1, after: 2 },
      { path: ['b', 'd'], kind: 'removed', before: true },
      { path: ['b', 'e'], kind: 'added', after: null },
      { path: ['gone'], kind: 'removed', before: [1] },
      { path: ['added'], kind: 'added', after: 'new' },
    ]);
  });

  it('lists array items: changed in place, inserted, removed', () => {
    const changed = jsonDeltaChanges(jsonDiff({ items: [{ v: 1 }, { v: 2 }] }, { items: [{ v: 1 }, { v: 3 }] }));
    expect(changed.changes).toEqual([{ path: ['items', 1, 'v'], kind: 'changed', before: 2, after: 3 }]);
    const removed = jsonDeltaChanges(jsonDiff([{ id: 'a' }, { id: 'b' }, { id: 'c' }], [{ id: 'a' }, { id: 'c' }]));
    expect(removed.changes).toEqual([{ path: [1], kind: 'removed', before: { id: 'b' } }]);
    const inserted = jsonDeltaChanges(jsonDiff([1, 2], [1, 2, 3]));
    expect(inserted.changes).toEqual([{ path: [2], kind: 'added', after: 3 }]);
  });

  it('reports a moved item with both indexes', () => {
    const delta = jsonDiff([{ id: 'a' }, { id: 'b' }, { id: 'c' }], [{ id: 'c' }, { id: 'a' }, { id: 'b' }]);
    const { changes } = jsonDeltaChanges(delta);
    expect(changes).toEqual([{ path: [0], kind: 'moved', fromIndex: 2 }]);
  });

  it('a replaced root value is one change at $', () => {
    expect(jsonDeltaChanges(jsonDiff(null, { ok: true })).changes).toEqual([{ path: [], kind: 'changed', before: null, after: { ok: true } }]);
    expect(jsonDeltaChanges(null)).toEqual({ changes: [], omitted: 0 });
  });

  it('caps the list and counts the rest', () => {
    const left = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    const right = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, -i - 1]));
    const { changes, omitted } = jsonDeltaChanges(jsonDiff(left, right), 10);
    expect(changes).toHaveLength(10);
    expect(omitted).toBe(20);
  });
});

describe('formatJsonPath', () => {
  it('writes identifiers with dots, indexes and other keys in brackets', () => {
    expect(formatJsonPath([])).toBe('$');
    expect(formatJsonPath(['order', 'items', 2, 'sku'])).toBe('$.order.items[2].sku');
    expect(formatJsonPath(['odd key', 'a-b'])).toBe('$["odd key"]["a-b"]');
  });
});
