import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../lib/graph/build-graph.ts';
import { choiceLabel } from '../../../lib/graph/choice-label.ts';
import { definitionHash } from '../../../lib/graph/definition-hash.ts';
import { countStates, generateDefinition } from '../../fixtures/graph/generate-definition.ts';
import { corpusDefinitions } from './corpus-definitions.ts';
import { checkGraphAgainstDefinition } from './graph-checks.ts';

const corpus = corpusDefinitions();

describe('buildGraph over every corpus definition', () => {
  it('finds the corpus', () => {
    expect(corpus.length).toBeGreaterThan(150);
  });

  it.each(corpus.map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const graph = buildGraph(c.definition);
    checkGraphAgainstDefinition(graph, c.definition);
    // Real definitions are well-formed: nothing to warn about.
    expect(graph.warnings).toEqual([]);
    // JSON text gives the same graph.
    expect(buildGraph(JSON.stringify(c.definition)).hash).toBe(graph.hash);
  });

  it('covers Parallel, inline and distributed Map, legacy Iterator, Choice, Catch, Retry, Wait, Fail, Succeed and JSONata', () => {
    const graphs = corpus.map((c) => buildGraph(c.definition));
    const nodes = graphs.flatMap((g) => Object.values(g.nodes));
    for (const t of ['Parallel', 'Map', 'Choice', 'Wait', 'Fail', 'Succeed', 'Task', 'Pass']) expect(nodes.some((n) => n.stateType === t), t).toBe(true);
    expect(nodes.some((n) => n.mapMode === 'DISTRIBUTED')).toBe(true);
    expect(nodes.some((n) => n.retry !== null)).toBe(true);
    expect(graphs.some((g) => g.edges.some((e) => e.kind === 'catch'))).toBe(true);
    expect(graphs.some((g) => g.queryLanguage === 'JSONata')).toBe(true);
    expect(corpus.some((c) => JSON.stringify(c.definition).includes('"Iterator"'))).toBe(true);
  });
});

describe('buildGraph', () => {
  it('qualifies ids by path so repeated names in different scopes stay distinct', () => {
    const branch = { StartAt: 'Work', States: { Work: { Type: 'Pass', End: true } } };
    const g = buildGraph({
      StartAt: 'Work',
      States: {
        Work: { Type: 'Pass', Next: 'P' },
        P: { Type: 'Parallel', Branches: [branch, branch], Next: 'M' },
        M: { Type: 'Map', ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Map', Iterator: branch, End: true } } }, End: true },
      },
    });
    const works = Object.values(g.nodes).filter((n) => n.stateName === 'Work');
    expect(works.map((n) => n.id).sort()).toEqual(['M/items/Work', 'M/items/Work/items/Work', 'P/b0/Work', 'P/b1/Work', 'Work']);
    expect(g.nodes['M/items/Work/items/Work']?.depth).toBe(2);
    expect(g.scopes['P/b1']?.label).toBe('Branch 2');
    expect(g.warnings).toEqual([]);
  });

  it('keeps names with separators and hostile text apart', () => {
    const g = buildGraph({ StartAt: 'a/b', States: { 'a/b': { Type: 'Pass', Next: '^start' }, '^start': { Type: 'Pass', Next: '<script>alert(1)</script>' }, '<script>alert(1)</script>': { Type: 'Succeed' } } });
    expect(g.warnings).toEqual([]);
    expect(Object.values(g.nodes).filter((n) => n.kind === 'state').map((n) => n.stateName)).toEqual(['a/b', '^start', '<script>alert(1)</script>']);
    expect(new Set(g.nodeOrder).size).toBe(g.nodeOrder.length);
  });

  it('labels Choice rules, Default and Catch edges; summarises Retry', () => {
    const g = buildGraph({
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.status', StringEquals: 'OK', Next: 'T' },
            { And: [{ Variable: '$.n', NumericGreaterThan: 1 }, { Not: { Variable: '$.x', IsPresent: true } }], Next: 'T' },
            { Condition: "{% $states.input.value >= 20 and $states.input.value < 30 and $states.input.kind = 'long enough to be cut' %}", Next: 'T' },
          ],
          Default: 'F',
        },
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'], MaxAttempts: 5 }],
          Catch: [{ ErrorEquals: ['States.TaskFailed', 'Custom'], Next: 'F' }],
          End: true,
        },
        F: { Type: 'Fail', Error: 'Boom' },
      },
    });
    const labels = g.edges.map((e) => [e.kind, e.label]);
    expect(labels).toContainEqual(['choice', '$.status == "OK"']);
    expect(labels).toContainEqual(['choice', 'And($.n > 1, Not($.x present))']);
    expect(labels).toContainEqual(['default', 'Default']);
    expect(labels).toContainEqual(['catch', 'States.TaskFailed, Custom']);
    const jsonata = g.edges.find((e) => e.fullLabel?.startsWith('$states.input.value'));
    expect(jsonata?.label?.endsWith('…')).toBe(true);
    expect(jsonata?.label?.length).toBeLessThanOrEqual(40);
    expect(g.nodes.T?.retry?.label).toBe('Retry ×5');
    expect(g.nodes.T?.detail).toBe('lambda:invoke');
    expect(g.nodes.F?.detail).toBe('Boom');
    expect(g.edges.filter((e) => e.kind === 'end').map((e) => e.from)).toEqual(['T']);
  });

  it('summarises comparison operators', () => {
    expect(choiceLabel({ Variable: '$.a', NumericLessThanEqualsPath: '$.b' })).toBe('$.a <= $.b');
    expect(choiceLabel({ Variable: '$.a', BooleanEquals: false })).toBe('$.a == false');
    expect(choiceLabel({ Variable: '$.a', StringMatches: 'log-*' })).toBe('$.a matches "log-*"');
    expect(choiceLabel({ Variable: '$.a', IsNull: true })).toBe('$.a is null');
    expect(choiceLabel({ Or: [{ Variable: '$.a', TimestampGreaterThan: '2020-01-01T00:00:00Z' }] })).toBe('Or($.a > "2020-01-01T00:00:00Z")');
    expect(choiceLabel({ Condition: '{% $x %}' })).toBe('$x');
  });

  it('degrades on malformed definitions: warnings, never throws', () => {
    const bad: unknown[] = [
      null,
      undefined,
      42,
      'not json',
      '{"StartAt":"A"}',
      [],
      { States: [] },
      { StartAt: 'Nope', States: { A: { Type: 'Pass' } } },
      { StartAt: 'A', States: { A: { Type: 'Teleport', Next: 'B' }, B: 'oops' } },
      { StartAt: 'A', States: { A: { Type: 'Choice', Choices: [{ Next: 'Z' }, 'x', {}], Default: 'Y' } } },
      { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [null, { StartAt: 'Q' }], Catch: [{ Next: 'Gone' }, {}], End: true } } },
      { StartAt: 'M', States: { M: { Type: 'Map', End: true } } },
      { StartAt: 'A', States: { A: { Type: 'Task', Retry: 'x', Catch: 'y' } } },
    ];
    for (const def of bad) {
      const g = buildGraph(def);
      expect(g.scopes[g.rootScopeId]).toBeDefined();
      expect(g.warnings.length, JSON.stringify(def) ?? 'undefined').toBeGreaterThan(0);
    }
    const dangling = buildGraph({ StartAt: 'A', States: { A: { Type: 'Teleport', Next: 'B' }, B: { Type: 'Choice', Choices: [{ Variable: '$.x', StringEquals: 'OK', Next: 'Z' }] } } });
    expect(dangling.nodes.A?.stateType).toBe('Unknown');
    expect(dangling.nodes.A?.rawType).toBe('Teleport');
    const edge = dangling.edges.find((e) => e.kind === 'choice');
    expect(edge?.dangling).toBe(true);
    expect(dangling.nodes[edge?.to ?? '']?.kind).toBe('missing');
    expect(dangling.warnings.join('\n')).toMatch(/"Z", which is not a state/);
  });

  it('survives very deep nesting', () => {
    let inner: Record<string, unknown> = { StartAt: 'Leaf', States: { Leaf: { Type: 'Pass', End: true } } };
    for (let i = 0; i < 60; i++) inner = { StartAt: `M${i}`, States: { [`M${i}`]: { Type: 'Map', ItemProcessor: inner, End: true } } };
    const g = buildGraph(inner);
    expect(g.warnings.some((w) => w.includes('nested deeper'))).toBe(true);
  });

  it('hashes definitions independently of key order', () => {
    expect(definitionHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(definitionHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(definitionHash({ a: 1 })).not.toBe(definitionHash({ a: 2 }));
  });

  it('builds the generated 200-state definition with Parallel and Map nesting', () => {
    const def = generateDefinition(200);
    expect(countStates(def.States)).toBe(200);
    const g = buildGraph(def);
    expect(checkGraphAgainstDefinition(g, def)).toBe(200);
    expect(g.warnings).toEqual([]);
    expect(Math.max(...Object.values(g.nodes).map((n) => n.depth))).toBeGreaterThanOrEqual(2);
  });
});
