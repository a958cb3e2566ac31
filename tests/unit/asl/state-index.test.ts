import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, MAX_STATES, stateIndex } from '../../../lib/asl/state-index.ts';
import type { AslState } from '../../../lib/asl/types.ts';

const pass = (extra: Record<string, unknown> = {}) => ({ Type: 'Pass', End: true, ...extra });

/**
 * Root: Prepare → Fan (Parallel: [Work → Loop (Map, ItemProcessor: [Work → Deep (Parallel: [Work])])],
 * [Legacy (Map, Iterator: [Work])]) → Work. "Work" is a state in five scopes.
 */
const nested = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Next: 'Fan' },
    Fan: {
      Type: 'Parallel',
      Next: 'Work',
      Branches: [
        {
          StartAt: 'Work',
          States: {
            Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Loop' },
            Loop: {
              Type: 'Map',
              End: true,
              ItemProcessor: {
                ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
                StartAt: 'Work',
                States: {
                  Work: { Type: 'Pass', Next: 'Deep' },
                  Deep: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'Work', States: { Work: pass({ Comment: 'deepest' }) } }] },
                },
              },
            },
          },
        },
        { StartAt: 'Legacy', States: { Legacy: { Type: 'Map', End: true, Iterator: { StartAt: 'Work', States: { Work: pass({ Comment: 'legacy' }) } } } } },
      ],
    },
    Work: pass({ Comment: 'top' }),
  },
};

const paths = (states: readonly AslState[]) => states.map((s) => s.path);

describe('stateIndex', () => {
  it('indexes every state at any depth by qualified path, in pre-order', () => {
    const index = stateIndex(nested);
    expect(index.warnings).toEqual([]);
    expect(paths(index.states)).toEqual([
      'Prepare',
      'Fan',
      'Fan/b0/Work',
      'Fan/b0/Loop',
      'Fan/b0/Loop/items/Work',
      'Fan/b0/Loop/items/Deep',
      'Fan/b0/Loop/items/Deep/b0/Work',
      'Fan/b1/Legacy',
      'Fan/b1/Legacy/items/Work',
      'Work',
    ]);
    expect(index.scopes.map((s) => s.path)).toEqual(['', 'Fan/b0', 'Fan/b0/Loop/items', 'Fan/b0/Loop/items/Deep/b0', 'Fan/b1', 'Fan/b1/Legacy/items']);
    expect(index.root).toBe(index.scopes[0]);
    for (const state of index.states) {
      expect(index.byPath(state.path)).toBe(state);
      expect(state.scope.states).toContain(state);
      expect(state.parent).toBe(state.scope.container);
      expect(state.depth).toBe(state.scope.depth);
      expect(state.branchIndex).toBe(state.scope.branchIndex);
    }
    expect(index.byPath('Nope')).toBeUndefined();
  });

  it('records type, scope, parent, branch index and depth', () => {
    const index = stateIndex(nested);
    const deepest = index.byPath('Fan/b0/Loop/items/Deep/b0/Work');
    expect(deepest?.type).toBe('Pass');
    expect(deepest?.definition?.Comment).toBe('deepest');
    expect(deepest?.parent?.path).toBe('Fan/b0/Loop/items/Deep');
    expect(deepest?.parent?.parent?.path).toBe('Fan/b0/Loop');
    expect(deepest?.parent?.parent?.parent?.path).toBe('Fan');
    expect(deepest?.branchIndex).toBe(0);
    expect(deepest?.depth).toBe(3);
    expect(deepest?.scope.kind).toBe('branch');
    expect(deepest?.location).toBe('Definition › Fan › branch 1 › Loop › items › Deep › branch 1 › Work');

    // Inside a Map (even one inside a Parallel branch) there is no branch index.
    const inMap = index.byPath('Fan/b0/Loop/items/Work');
    expect(inMap?.branchIndex).toBeNull();
    expect(inMap?.scope.kind).toBe('items');
    expect(inMap?.scope.machine?.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });

    const fan = index.byPath('Fan');
    expect(fan?.children.map((c) => [c.kind, c.field, c.branchIndex, c.container?.name])).toEqual([
      ['branch', 'Branches', 0, 'Fan'],
      ['branch', 'Branches', 1, 'Fan'],
    ]);
    expect(index.byPath('Prepare')?.children).toEqual([]);
    expect(index.root.startAt).toBe('Prepare');
    expect(index.root.kind).toBe('root');
  });

  it('reads legacy Iterator like ItemProcessor, and prefers ItemProcessor when both are objects', () => {
    const index = stateIndex(nested);
    expect(index.byPath('Fan/b1/Legacy')?.children[0]?.field).toBe('Iterator');
    expect(index.byPath('Fan/b1/Legacy/items/Work')?.definition?.Comment).toBe('legacy');
    expect(index.byPath('Fan/b0/Loop')?.children[0]?.field).toBe('ItemProcessor');

    const both = stateIndex({
      StartAt: 'M',
      States: { M: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'New', States: { New: pass() } }, Iterator: { StartAt: 'Old', States: { Old: pass() } } } },
    });
    expect(paths(both.states)).toEqual(['M', 'M/items/New']);
    // An Iterator object beats an ItemProcessor that is not one.
    const fallback = stateIndex({ StartAt: 'M', States: { M: { Type: 'Map', End: true, ItemProcessor: 'x', Iterator: { StartAt: 'Old', States: { Old: pass() } } } } });
    expect(paths(fallback.states)).toEqual(['M', 'M/items/Old']);
    expect(fallback.byPath('M')?.children[0]?.field).toBe('Iterator');
  });

  it('finds states by name across scopes: all, shallowest, or the one inside a named container', () => {
    const index = stateIndex(nested);
    expect(paths(index.named('Work'))).toEqual(['Fan/b0/Work', 'Fan/b0/Loop/items/Work', 'Fan/b0/Loop/items/Deep/b0/Work', 'Fan/b1/Legacy/items/Work', 'Work']);
    // The top-level Work comes last in pre-order but is the shallowest.
    expect(index.shallowest('Work')?.path).toBe('Work');
    expect(index.inContainer('Work', null)?.path).toBe('Work');
    expect(index.inContainer('Work', 'Fan')?.path).toBe('Fan/b0/Work');
    expect(index.inContainer('Work', 'Loop')?.path).toBe('Fan/b0/Loop/items/Work');
    expect(index.inContainer('Work', 'Deep')?.path).toBe('Fan/b0/Loop/items/Deep/b0/Work');
    expect(index.inContainer('Work', 'Legacy')?.definition?.Comment).toBe('legacy');
    expect(index.inContainer('Work', 'Prepare')).toBeUndefined();
    expect(index.named('Nope')).toEqual([]);
    expect(index.shallowest('Nope')).toBeUndefined();
    // Among equally shallow states, the first in definition order wins.
    const twins = stateIndex({
      StartAt: 'P',
      States: { P: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'X', States: { X: pass({ Comment: 'first' }) } }, { StartAt: 'X', States: { X: pass({ Comment: 'second' }) } }] } },
    });
    expect(twins.shallowest('X')?.definition?.Comment).toBe('first');
    expect(twins.named('X').map((s) => s.branchIndex)).toEqual([0, 1]);
  });

  it('keeps names that need encoding apart from scope keys', () => {
    const index = stateIndex({
      StartAt: 'a/b',
      States: {
        'a/b': { Type: 'Pass', Next: 'b0' },
        b0: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'items', States: { items: pass() } }] },
      },
    });
    expect(paths(index.states)).toEqual(['a%2Fb', 'b0', 'b0/b0/items']);
    expect(new Set(paths(index.states)).size).toBe(index.states.length);
    expect(index.named('a/b')[0]?.path).toBe('a%2Fb');
  });

  it('degrades on malformed scopes and states, and says what is wrong where', () => {
    const index = stateIndex({
      StartAt: 'P',
      States: {
        P: { Type: 'Parallel', Next: 'M', Branches: [null, { StartAt: 'Q' }, { States: { Q: pass() } }, { StartAt: 'Z', States: { Q: pass() } }] },
        M: { Type: 'Map', Next: 'E' },
        E: { Type: 'Parallel', Next: 'S' },
        S: 'oops',
        T: { Next: 'U' },
        U: { Type: 'Teleport', End: true },
      },
    });
    expect(index.warnings).toEqual([
      'Definition › P › branch 1: not an object',
      'Definition › P › branch 2: States is missing or not an object',
      'Definition › P › branch 3: StartAt is missing',
      'Definition › P › branch 4: StartAt "Z" is not a state here',
      'Definition › M: Map without ItemProcessor or Iterator',
      'Definition › E: Parallel without Branches',
      'Definition: state "S" is not an object',
      'Definition: state "T" has no Type',
      'Definition: state "U" has unknown Type "Teleport"',
    ]);
    // Still indexed: every branch (even null) is a scope, a Map always has its items scope.
    expect(index.byPath('P')?.children).toHaveLength(4);
    expect(index.byPath('P')?.children[0]?.machine).toBeNull();
    expect(index.byPath('M')?.children.map((c) => [c.kind, c.field, c.machine])).toEqual([['items', null, null]]);
    expect(index.byPath('E')?.children).toEqual([]);
    expect(paths(index.named('Q'))).toEqual(['P/b2/Q', 'P/b3/Q']);
    // A States entry that is not an object is walked (the graph draws it) but is not a state to find.
    expect(index.byPath('S')?.definition).toBeNull();
    expect(index.named('S')).toEqual([]);
    expect(index.byPath('T')?.type).toBeNull();
    expect(index.byPath('U')?.type).toBe('Teleport');
    // Only Type decides nesting: Branches on a Task are not a scope.
    expect(stateIndex({ StartAt: 'A', States: { A: { Type: 'Task', End: true, Branches: [{ StartAt: 'X', States: { X: pass() } }] } } }).named('X')).toEqual([]);
  });

  it('puts the root problems of the parse first, and has an index even for unusable input', () => {
    expect(stateIndex('{"StartAt":"A"}').warnings).toEqual(['Definition: States is missing or not an object']);
    for (const input of [null, undefined, 'not json', 42, [], '[]']) {
      const index = stateIndex(input);
      expect(index.definition).toBeNull();
      expect(index.states).toEqual([]);
      expect(index.scopes).toEqual([index.root]);
      expect(index.root.machine).toBeNull();
    }
    expect(stateIndex(null).warnings).toEqual([]);
    expect(stateIndex('not json').warnings[0]).toMatch(/^Definition: not valid JSON/);
  });

  it('memoises per parse: the same text, or the parse itself, gives the same frozen index', () => {
    const text = JSON.stringify(nested);
    const index = stateIndex(text);
    expect(stateIndex(text)).toBe(index);
    expect(stateIndex(index.definition)).toBe(index);
    expect(Object.isFrozen(index)).toBe(true);
    expect(Object.isFrozen(index.states)).toBe(true);
    expect(Object.isFrozen(index.byPath('Fan'))).toBe(true);
    expect(Object.isFrozen(index.root.states)).toBe(true);
    // Objects are indexed afresh: their owner may have changed them.
    expect(stateIndex(nested)).not.toBe(stateIndex(nested));
  });

  it('stops at MAX_DEPTH and says so', () => {
    let inner: Record<string, unknown> = { StartAt: 'Leaf', States: { Leaf: pass() } };
    for (let i = 0; i < MAX_DEPTH + 5; i++) inner = { StartAt: `M${i}`, States: { [`M${i}`]: { Type: 'Map', End: true, ItemProcessor: inner } } };
    const index = stateIndex(inner);
    expect(Math.max(...index.states.map((s) => s.depth))).toBe(MAX_DEPTH);
    const omitted = index.scopes.filter((s) => s.omitted !== null);
    expect(omitted).toHaveLength(1);
    expect(omitted[0]?.omitted).toBe('depth');
    expect(omitted[0]?.depth).toBe(MAX_DEPTH + 1);
    expect(index.warnings).toHaveLength(1);
    expect(index.warnings[0]).toMatch(/nested deeper than 64 levels; its states are not indexed$/);
  });

  it('survives objects built in code: cycles and shared sub-objects', () => {
    const loop: Record<string, unknown> = { StartAt: 'M', States: {} };
    (loop.States as Record<string, unknown>).M = { Type: 'Map', End: true, ItemProcessor: loop };
    const cyclic = stateIndex(loop);
    expect(paths(cyclic.states)).toEqual(['M']);
    expect(cyclic.byPath('M')?.children[0]?.omitted).toBe('cycle');
    expect(cyclic.warnings).toEqual(['Definition › M › items: contains itself; its states are not indexed']);

    // Two references to the same branch per level: 2^40 states if followed blindly.
    let shared: Record<string, unknown> = { StartAt: 'L', States: { L: pass() } };
    for (let i = 0; i < 40; i++) shared = { StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Branches: [shared, shared] } } };
    const big = stateIndex(shared);
    expect(big.states.length).toBeLessThanOrEqual(MAX_STATES + 64);
    expect(big.warnings).toHaveLength(1);
    expect(big.warnings[0]).toMatch(new RegExp(`more than ${MAX_STATES} states in the definition; its states are not indexed$`));
    expect(big.scopes.filter((s) => s.omitted === 'size').length).toBeGreaterThan(0);
  });
});
