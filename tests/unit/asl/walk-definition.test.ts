import { describe, expect, it } from 'vitest';
import { stateIndex } from '../../../lib/asl/state-index.ts';
import type { AslScope, AslState, DefinitionVisitor } from '../../../lib/asl/types.ts';
import { walkDefinition } from '../../../lib/asl/walk-definition.ts';

const pass = { Type: 'Pass', End: true };
const definition = {
  StartAt: 'A',
  States: {
    A: { Type: 'Parallel', Next: 'M', Branches: [{ StartAt: 'B1', States: { B1: pass } }, { StartAt: 'B2', States: { B2: { Type: 'Map', End: true, Iterator: { StartAt: 'I', States: { I: pass } } } } }] },
    M: { Type: 'Map', Next: 'Z', ItemProcessor: { StartAt: 'X', States: { X: pass } } },
    Z: pass,
  },
};

function trace(input: unknown, skip: (state: AslState) => boolean = () => false): string[] {
  const out: string[] = [];
  const visitor: DefinitionVisitor = {
    enterScope: (scope: AslScope) => out.push(`enter ${scope.path || '(root)'}`),
    visitState: (state: AslState) => {
      out.push(`state ${state.path}`);
      return !skip(state);
    },
    leaveScope: (scope: AslScope) => out.push(`leave ${scope.path || '(root)'}`),
  };
  walkDefinition(input, visitor);
  return out;
}

describe('walkDefinition', () => {
  it('visits in pre-order: each state, then its child scopes, then the next sibling', () => {
    expect(trace(definition)).toEqual([
      'enter (root)',
      'state A',
      'enter A/b0',
      'state A/b0/B1',
      'leave A/b0',
      'enter A/b1',
      'state A/b1/B2',
      'enter A/b1/B2/items',
      'state A/b1/B2/items/I',
      'leave A/b1/B2/items',
      'leave A/b1',
      'state M',
      'enter M/items',
      'state M/items/X',
      'leave M/items',
      'state Z',
      'leave (root)',
    ]);
    // Text walks the same way.
    expect(trace(JSON.stringify(definition))).toEqual(trace(definition));
  });

  it('skips the child scopes of a state whose visit returns false', () => {
    expect(trace(definition, (s) => s.name === 'A')).toEqual(['enter (root)', 'state A', 'state M', 'enter M/items', 'state M/items/X', 'leave M/items', 'state Z', 'leave (root)']);
  });

  it('hands over complete records: states and children exist before they are walked', () => {
    walkDefinition(definition, {
      enterScope: (scope) => expect(scope.states.map((s) => s.name)).toEqual(Object.keys(scope.machine?.States ?? {})),
      visitState: (state) => {
        if (state.type === 'Parallel') expect(state.children).toHaveLength(2);
        if (state.type === 'Map') expect(state.children[0]?.machine).not.toBeNull();
      },
    });
  });

  it('always visits the root scope, even with no usable definition', () => {
    for (const input of [null, 'not json', 42, { StartAt: 'A' }]) expect(trace(input)).toEqual(['enter (root)', 'leave (root)']);
  });

  it('does not enter scopes the index omitted, and returns the index it walked', () => {
    const loop: Record<string, unknown> = { StartAt: 'P', States: {} };
    (loop.States as Record<string, unknown>).P = { Type: 'Parallel', End: true, Branches: [loop] };
    expect(trace(loop)).toEqual(['enter (root)', 'state P', 'leave (root)']);
    const text = JSON.stringify(definition);
    expect(walkDefinition(text, {})).toBe(stateIndex(text));
  });
});
