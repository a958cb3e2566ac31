// AWS's rules that the held-out recordings exercise, each on definitions the corpus has no
// recording of: the event sequence (types, links) that the rule implies.
import { describe, expect, it } from 'vitest';
import type { EmittedEvent } from '../../../../lib/emulator/engine-contract.ts';
import { MAP_EXIT_LINK_CHANGED_AT } from '../../../../lib/emulator/interpreter/states/distributed-map.ts';
import { VirtualClock } from '../../../../lib/emulator/virtual-clock.ts';
import { run, types } from './run-helper.ts';

const byId = (events: EmittedEvent[], id: number): EmittedEvent | undefined => events.find((e) => e.id === id);
const linkOf = (events: EmittedEvent[], type: string): string | undefined => {
  const e = events.find((x) => x.type === type);
  return e ? byId(events, e.previousEventId)?.type : undefined;
};

const distributed = (extra: Record<string, unknown> = {}) => ({
  StartAt: 'M',
  States: {
    M: {
      Type: 'Map',
      ...extra,
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});

describe('Distributed Map: MapStateExited link', () => {
  it('links to MapRunStarted in an execution started after AWS changed it, MapStateSucceeded to MapRunSucceeded', async () => {
    const r = await run(distributed({ ItemsPath: '$.xs', MaxConcurrency: 2 }), { xs: [1, 2, 3] }, undefined, { clock: new VirtualClock(Date.UTC(2025, 5, 1)) });
    expect(types(r.events)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
    expect(linkOf(r.events, 'MapStateSucceeded')).toBe('MapRunSucceeded');
    expect(linkOf(r.events, 'MapStateExited')).toBe('MapRunStarted');
    expect(linkOf(r.events, 'SucceedStateEntered')).toBe('MapStateExited');
  });

  it('links to MapRunSucceeded in an execution started before the change', async () => {
    const r = await run(distributed(), [{ a: 1 }], undefined, { clock: new VirtualClock(MAP_EXIT_LINK_CHANGED_AT - 86_400_000) });
    expect(linkOf(r.events, 'MapStateExited')).toBe('MapRunSucceeded');
  });
});

describe('Map: MaxConcurrencyPath', () => {
  for (const bad of ['two', 1.5, { n: 1 }, null]) {
    it(`fails the execution before MapStateStarted for ${JSON.stringify(bad)}`, async () => {
      const r = await run(distributed({ MaxConcurrencyPath: '$.limit', ItemsPath: '$.xs' }), { limit: bad, xs: [1] }, undefined, { clock: new VirtualClock(Date.UTC(2025, 0, 1)) });
      expect(types(r.events)).toEqual(['ExecutionStarted', 'MapStateEntered', 'ExecutionFailed']);
      expect(r.outcome.error).toBe('States.Runtime');
      expect(r.outcome.cause).toContain('The MaxConcurrencyPath field refers to value');
    });
  }

  it('an inline Map with a valid MaxConcurrencyPath runs its items that many at a time', async () => {
    const def = { StartAt: 'M', States: { M: { Type: 'Map', MaxConcurrencyPath: '$.limit', ItemsPath: '$.xs', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } };
    const r = await run(def, { limit: 1, xs: [1, 2] });
    expect(r.outcome.status).toBe('SUCCEEDED');
    // One at a time: the second iteration starts after the first one succeeded.
    const t = types(r.events);
    expect(t.indexOf('MapIterationSucceeded')).toBeLessThan(t.lastIndexOf('MapIterationStarted'));
  });
});
