import { describe, expect, it } from 'vitest';
import { machineWarnings, parseDefinition } from '../../../lib/asl/parse-definition.ts';

const valid = { Comment: 'ok', StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

describe('parseDefinition', () => {
  it('parses text and objects alike, with no warnings for a sound definition', () => {
    const fromObject = parseDefinition(valid);
    expect(fromObject.status).toBe('parsed');
    expect(fromObject.warnings).toEqual([]);
    // Objects are used as given (not copied), so the state objects are the caller's.
    expect(fromObject.definition?.root).toBe(valid);
    expect(fromObject.value).toBe(valid);
    expect(fromObject.definition?.startAt).toBe('A');
    expect(fromObject.definition?.states).toBe(valid.States);
    expect(fromObject.definition?.queryLanguage).toBe('JSONPath');

    const fromText = parseDefinition(JSON.stringify(valid));
    expect(fromText.status).toBe('parsed');
    expect(fromText.warnings).toEqual([]);
    expect(fromText.definition?.root).toEqual(valid);
    expect(fromText.value).toEqual(valid);
    expect(parseDefinition({ ...valid, QueryLanguage: 'JSONata' }).definition?.queryLanguage).toBe('JSONata');
  });

  it('treats a missing definition as absent, not as an error', () => {
    for (const input of [null, undefined]) {
      const parse = parseDefinition(input);
      expect(parse.status).toBe('absent');
      expect(parse.definition).toBeNull();
      expect(parse.warnings).toEqual([]);
    }
  });

  it('flags text that is not JSON, with the parser message, and never throws', () => {
    for (const text of ['', 'not json', '{', '{"StartAt": "A", "States": {', '\u00a0{}', "{'a': 1}"]) {
      const parse = parseDefinition(text);
      expect(parse.status, text).toBe('invalid-json');
      expect(parse.definition).toBeNull();
      expect(parse.value).toBeNull();
      expect(parse.warnings).toHaveLength(1);
      expect(parse.warnings[0]).toMatch(/^Definition: not valid JSON \(.+\)$/);
    }
  });

  it('flags JSON whose root is not an object', () => {
    for (const input of ['42', '[]', '"text"', 'null', 'true', 42, true, [], [valid]]) {
      const parse = parseDefinition(input);
      expect(parse.status, JSON.stringify(input)).toBe('not-an-object');
      expect(parse.definition).toBeNull();
      expect(parse.warnings).toEqual(['Definition: not an object']);
    }
    // `value` keeps what was there, so a content hash still tells such definitions apart.
    expect(parseDefinition('[1]').value).toEqual([1]);
  });

  it('keeps a root object whatever is missing in it, and says what is wrong', () => {
    const cases: [unknown, string][] = [
      [{}, 'Definition: States is missing or not an object'],
      [{ StartAt: 'A' }, 'Definition: States is missing or not an object'],
      [{ StartAt: 'A', States: [] }, 'Definition: States is missing or not an object'],
      [{ StartAt: 'A', States: 'A' }, 'Definition: States is missing or not an object'],
      [{ States: { A: { Type: 'Pass', End: true } } }, 'Definition: StartAt is missing'],
      [{ StartAt: 7, States: { A: { Type: 'Pass', End: true } } }, 'Definition: StartAt is missing'],
      [{ StartAt: 'B', States: { A: { Type: 'Pass', End: true } } }, 'Definition: StartAt "B" is not a state here'],
      // An inherited property is not a state.
      [{ StartAt: 'toString', States: {} }, 'Definition: StartAt "toString" is not a state here'],
    ];
    for (const [input, warning] of cases) {
      const parse = parseDefinition(input);
      expect(parse.status).toBe('parsed');
      expect(parse.definition?.root).toBe(input);
      expect(parse.warnings).toEqual([warning]);
    }
    expect(parseDefinition({ StartAt: 'A', States: [] }).definition?.states).toBeNull();
    expect(parseDefinition({ StartAt: 7, States: {} }).definition?.startAt).toBeNull();
  });

  it('memoises text: the same text gives the same frozen result', () => {
    const text = JSON.stringify({ ...valid, Comment: 'memo' });
    const a = parseDefinition(text);
    const b = parseDefinition(`${text}`);
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.warnings)).toBe(true);
    expect(Object.isFrozen(a.definition)).toBe(true);
    expect(parseDefinition(JSON.stringify({ ...valid, Comment: 'other' }))).not.toBe(a);
  });

  it('bounds the memo: a text parsed long ago is parsed again', () => {
    const first = JSON.stringify({ ...valid, Comment: 'evicted' });
    const parse = parseDefinition(first);
    for (let i = 0; i < 100; i++) parseDefinition(JSON.stringify({ ...valid, Comment: `filler ${i}` }));
    const again = parseDefinition(first);
    expect(again).not.toBe(parse);
    expect(again).toEqual(parse);
  });

  it('does not memoise objects: their owner may change them', () => {
    const def: Record<string, unknown> = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
    expect(parseDefinition(def).warnings).toEqual([]);
    def.StartAt = 'Gone';
    expect(parseDefinition(def).warnings).toEqual(['Definition: StartAt "Gone" is not a state here']);
  });

  it('is idempotent: a parse, or its definition, comes back as the same parse', () => {
    const parse = parseDefinition(JSON.stringify(valid));
    expect(parseDefinition(parse)).toBe(parse);
    expect(parseDefinition(parse.definition)).toBe(parse);
    const objectParse = parseDefinition(valid);
    expect(parseDefinition(objectParse.definition)).toBe(objectParse);
  });
});

describe('machineWarnings', () => {
  it('checks one scope in reading order and names where', () => {
    expect(machineWarnings(null, 'X')).toEqual(['X: not an object']);
    expect(machineWarnings({ StartAt: 'A' }, 'X')).toEqual(['X: States is missing or not an object']);
    expect(machineWarnings({ States: {} }, 'X')).toEqual(['X: StartAt is missing']);
    expect(machineWarnings({ StartAt: 'A', States: {} }, 'X')).toEqual(['X: StartAt "A" is not a state here']);
    expect(machineWarnings(valid, 'X')).toEqual([]);
  });
});
