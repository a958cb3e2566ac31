import { describe, expect, it } from 'vitest';
import { FOLDED_JSON_KEY, foldDeepValues, iterativeJsonText, jsonText, jsonTextChunks, unfoldDeepValues } from '../../../lib/history/json-text';

/** `{"a":{"a":…1…}}` `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('jsonText', () => {
  it('gives what JSON.stringify gives, value for value', () => {
    const date = new Date(Date.UTC(2025, 0, 15, 12));
    const values: unknown[] = [
      null,
      true,
      0,
      -0,
      1.5e300,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      'quote " backslash \\ newline \n NUL \u0000 lone \ud800 emoji 💥',
      [],
      {},
      [1, 'two', null, undefined, () => 3, Symbol('s'), [[]], { x: undefined }],
      { b: 1, a: [1, { c: 'd' }], skipped: undefined, fn: () => 1, date, nested: { toJSON: (key: string) => `key ${key}` } },
      { boxed: [new Number(3), new String('s'), new Boolean(false)] },
      Object.assign(Object.create(null) as object, { noPrototype: 1 }),
    ];
    for (const value of values) {
      expect(jsonText(value)).toBe(JSON.stringify(value));
      expect(iterativeJsonText(value)).toBe(JSON.stringify(value));
    }
    expect(iterativeJsonText(undefined)).toBeUndefined();
    expect(iterativeJsonText(() => 1)).toBeUndefined();
  });

  it('writes values nested deeper than JSON.stringify can (100,000 levels), as the same text', () => {
    const deep = nested(100_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const text = jsonText(deep);
    expect(text).toBe(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
    expect(JSON.parse(text as string)).toEqual(expect.objectContaining({ a: expect.anything() }));
    const deepArray = JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`) as unknown;
    expect(jsonText(deepArray)).toBe(`${'['.repeat(50_000)}${']'.repeat(50_000)}`);
  });

  it('throws as JSON.stringify does for a cycle or a BigInt (a shared object that is no cycle is fine)', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(() => iterativeJsonText(cycle)).toThrow(TypeError);
    expect(() => iterativeJsonText({ n: 1n })).toThrow(TypeError);
    const shared = { x: 1 };
    expect(iterativeJsonText([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});

describe('jsonTextChunks', () => {
  const joined = (value: unknown, chunkChars?: number) => [...jsonTextChunks(value, chunkChars)].join('');

  it('joins to what JSON.stringify gives, value for value, whatever the piece size', () => {
    const date = new Date(Date.UTC(2025, 0, 15, 12));
    let calls = 0;
    const counted = { toJSON: () => ({ called: ++calls }) };
    const values: unknown[] = [
      null,
      'text "quoted"',
      Number.NaN,
      [],
      {},
      [1, 'two', null, undefined, () => 3, Symbol('s'), [[]], { x: undefined }],
      { b: 1, a: [1, { c: 'd' }], skipped: undefined, fn: () => 1, date, nested: { toJSON: (key: string) => `key ${key}` } },
      { boxed: [new Number(3), new String('s'), new Boolean(false)], deep: { l1: { l2: { l3: { l4: { l5: [1, { u: undefined }] } } } } } },
      Object.assign(Object.create(null) as object, { noPrototype: 1 }),
      { runs: Array.from({ length: 500 }, (_, i) => ({ index: i, input: `{"order":${i}}`, attempts: [{ n: i, result: undefined }] })) },
    ];
    for (const value of values) {
      for (const size of [1, 7, 1 << 16]) expect(joined(value, size)).toBe(JSON.stringify(value));
    }
    // toJSON runs once per value, as JSON.stringify runs it.
    calls = 0;
    expect(joined({ counted })).toBe('{"counted":{"called":1}}');
    expect([...jsonTextChunks(undefined)]).toEqual([]);
  });

  it('comes in pieces of about the asked size, not as one string', () => {
    const big = { runs: Array.from({ length: 2_000 }, (_, i) => ({ index: i, input: 'x'.repeat(100) })) };
    const pieces = [...jsonTextChunks(big, 4_096)];
    expect(pieces.length).toBeGreaterThan(40);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(4_096 + 200);
    expect(pieces.join('')).toBe(JSON.stringify(big));
  });

  it('writes values nested deeper than JSON.stringify can, and throws as it does for a cycle or a BigInt', () => {
    expect(joined(nested(100_000))).toBe(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(() => joined(cycle)).toThrow(TypeError);
    const deepCycle: Record<string, unknown> = { l1: { l2: { l3: { l4: { l5: {} } } } } };
    ((((deepCycle.l1 as Record<string, Record<string, Record<string, Record<string, unknown>>>>).l2 as Record<string, Record<string, Record<string, unknown>>>).l3 as Record<string, Record<string, unknown>>).l4 as Record<string, unknown>).back = deepCycle;
    expect(() => joined(deepCycle)).toThrow(TypeError);
    expect(() => joined({ n: 1n })).toThrow(TypeError);
    const shared = { x: 1 };
    expect(joined([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});

describe('foldDeepValues / unfoldDeepValues', () => {
  it('leaves a value no deeper than the limit as it is (the same object)', () => {
    const shallow = { a: [1, { b: 2 }], c: 'text' };
    expect(foldDeepValues(shallow, 3)).toEqual({ value: shallow, folded: false });
    expect(foldDeepValues(shallow, 3).value).toBe(shallow);
  });

  it('carries what is at the limit as JSON text, and unfolds it back to an equal value', () => {
    const value = { shallow: { a: 1 }, deep: nested(10), list: [nested(2)] };
    const { value: folded, folded: didFold } = foldDeepValues(value, 3);
    expect(didFold).toBe(true);
    // The root is level 0: deep.a.a is level 3.
    expect((folded as { deep: { a: { a: unknown } } }).deep.a.a).toEqual({ [FOLDED_JSON_KEY]: JSON.stringify(nested(8)) });
    expect(folded.shallow).toEqual({ a: 1 });
    expect(unfoldDeepValues(folded)).toEqual(value);
    expect(value.deep).toEqual(nested(10)); // not mutated
  });

  it('folds a 10,000-level value into one whose depth is bounded, and back', () => {
    const value = { definition: nested(10_000) };
    const { value: folded } = foldDeepValues(value);
    let depth = 0;
    for (let node: unknown = folded; typeof node === 'object' && node !== null && !(FOLDED_JSON_KEY in node); depth++) node = Object.values(node)[0];
    expect(depth).toBe(100);
    expect(jsonText(unfoldDeepValues(folded))).toBe(jsonText(value));
  });
});
