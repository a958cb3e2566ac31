import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../lib/graph/build-graph.ts';
import { compileRedactionRules, REDACTED, redactDefinition } from '../../../lib/history/index.ts';

const rules = compileRedactionRules({ paths: ['$.customer.email'] });

const definition = {
  StartAt: 'ValidateToken',
  States: {
    // A state whose name matches a key pattern keeps its name and its structure.
    ValidateToken: {
      Type: 'Task',
      Resource: 'arn:aws:states:::http:invoke',
      Parameters: { ApiEndpoint: 'https://api.example.com', Method: 'GET', Headers: { Authorization: 'Bearer sk-live-123', Accept: 'application/json' }, 'token.$': '$.auth.token', 'password.$': "States.Format('{}', 'pw-literal')" },
      Next: 'Fan',
    },
    Fan: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'Inner', States: { Inner: { Type: 'Pass', Result: { apiKey: 'K-1', plain: 'x' }, End: true } } },
      ItemSelector: { 'item.$': '$$.Map.Item.Value', secret: 's-2' },
      Next: 'Done',
    },
    Done: { Type: 'Succeed', Comment: 'secret: not a template, kept' },
  },
};

describe('redactDefinition', () => {
  it('redacts payload templates by key pattern, keeping plain path references and the structure', () => {
    const out = redactDefinition(definition, rules) as typeof definition;
    const text = JSON.stringify(out);
    for (const secret of ['sk-live-123', 'K-1', 's-2', 'pw-literal']) expect(text).not.toContain(secret);
    expect(out.States.ValidateToken.Parameters.Headers).toEqual({ Authorization: REDACTED, Accept: 'application/json' });
    expect(out.States.ValidateToken.Parameters['token.$']).toBe('$.auth.token');
    expect(out.States.ValidateToken.Parameters['password.$']).toBe(REDACTED);
    expect(out.States.Fan.ItemSelector).toEqual({ 'item.$': '$$.Map.Item.Value', secret: REDACTED });
    expect(out.States.Fan.ItemProcessor.States.Inner.Result).toEqual({ apiKey: REDACTED, plain: 'x' });
    expect(out.States.Done).toBe(definition.States.Done);
    expect(Object.keys(out.States)).toEqual(['ValidateToken', 'Fan', 'Done']);
    expect(JSON.stringify(definition)).toContain('sk-live-123'); // the original is untouched
    // The graph reads no template: same nodes, edges and scopes.
    const shape = (d: unknown) => {
      const graph = buildGraph(d);
      return { order: graph.nodeOrder, edges: graph.edges, scopes: graph.scopeOrder, states: graph.stateCount };
    };
    expect(shape(out)).toEqual(shape(definition));
  });

  it('returns the same definition when nothing matches', () => {
    const clean = { StartAt: 'A', States: { A: { Type: 'Pass', Result: { ok: true }, End: true } } };
    expect(redactDefinition(clean, rules)).toBe(clean);
  });
});
