import { describe, expect, it } from 'vitest';
import { evaluateIntrinsic } from '../../../../lib/emulator/interpreter/intrinsic-functions.ts';
import { StatesError } from '../../../../lib/emulator/interpreter/states-error.ts';

const data: Record<string, unknown> = { a: 'x', n: 3, arr: [1, 2, 2, { k: 1 }, { k: 1 }], obj: { p: 1 }, s: 'a,b;c' };
const ev = (expr: string): unknown => evaluateIntrinsic(expr, (p) => data[p.replace(/^\$\./, '')]);

describe('intrinsic functions', () => {
  it('formats, with escapes and non-string arguments', () => {
    expect(ev("States.Format('v={} n={} o={}', $.a, $.n, $.obj)")).toBe('v=x n=3 o={"p":1}');
    expect(ev("States.Format('\\{literal\\} {}', $.a)")).toBe('{literal} x');
    expect(ev("States.Format('it\\'s {}', 'ok')")).toBe("it's ok");
  });
  it('converts JSON both ways', () => {
    expect(ev("States.StringToJson('{\"a\":[1]}')")).toEqual({ a: [1] });
    expect(ev("States.StringToJson('')")).toBeNull();
    expect(ev('States.JsonToString($.obj)')).toBe('{"p":1}');
  });
  it('handles arrays', () => {
    expect(ev("States.Array('a', 1, true, null, $.obj)")).toEqual(['a', 1, true, null, { p: 1 }]);
    expect(ev('States.ArrayPartition(States.ArrayRange(1, 5, 1), 2)')).toEqual([[1, 2], [3, 4], [5]]);
    expect(ev('States.ArrayContains($.arr, 2)')).toBe(true);
    expect(ev('States.ArrayContains($.arr, 9)')).toBe(false);
    expect(ev('States.ArrayRange(10, 0, -5)')).toEqual([10, 5, 0]);
    expect(ev('States.ArrayGetItem($.arr, 1)')).toBe(2);
    expect(ev('States.ArrayLength($.arr)')).toBe(5);
    expect(ev('States.ArrayUnique($.arr)')).toEqual([1, 2, { k: 1 }]);
  });
  it('encodes, hashes, merges, does maths and strings', () => {
    expect(ev("States.Base64Encode('Data to encode')")).toBe('RGF0YSB0byBlbmNvZGU=');
    expect(ev("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')")).toBe('Data to encode');
    expect(ev("States.Hash('input data', 'SHA-1')")).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    expect(ev("States.JsonMerge($.obj, States.StringToJson('{\"q\":2}'), false)")).toEqual({ p: 1, q: 2 });
    expect(ev('States.MathAdd($.n, -4)')).toBe(-1);
    const r = ev('States.MathRandom(1, 10)') as number;
    expect(r).toBeGreaterThanOrEqual(1);
    expect(r).toBeLessThan(10);
    expect(ev('States.MathRandom(1, 1000, 7)')).toBe(ev('States.MathRandom(1, 1000, 7)'));
    expect(ev("States.StringSplit($.s, ',;')")).toEqual(['a', 'b', 'c']);
    expect(ev('States.UUID()')).toMatch(/^[0-9a-f-]{36}$/);
  });
  it('fails with States.Runtime on bad arguments', () => {
    expect(() => ev('States.ArrayGetItem($.arr, 99)')).toThrow(StatesError);
    expect(() => ev("States.Format('{} {}', 'one')")).toThrow(/States.Format/);
    expect(() => ev('States.NoSuch(1)')).toThrow(/not supported/);
  });
});
