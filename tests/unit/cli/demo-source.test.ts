import { describe, expect, it } from 'vitest';
import { demoTrafficRate } from '../../../lib/cli/demo-source';

describe('demoTrafficRate (STEPLENS_DEMO_RATE)', () => {
  it('is 1 when unset or empty', () => {
    expect(demoTrafficRate({})).toBe(1);
    expect(demoTrafficRate({ STEPLENS_DEMO_RATE: '' })).toBe(1);
  });

  it('reads a multiplier from 0 (no traffic) to 20', () => {
    expect(demoTrafficRate({ STEPLENS_DEMO_RATE: '0' })).toBe(0);
    expect(demoTrafficRate({ STEPLENS_DEMO_RATE: '0.5' })).toBe(0.5);
    expect(demoTrafficRate({ STEPLENS_DEMO_RATE: '8' })).toBe(8);
    expect(demoTrafficRate({ STEPLENS_DEMO_RATE: '20' })).toBe(20);
  });

  it('refuses anything else with a message naming the variable and the value', () => {
    for (const bad of ['-1', '21', 'fast', '1e3', 'NaN', ' 2', '0x10']) {
      expect(() => demoTrafficRate({ STEPLENS_DEMO_RATE: bad })).toThrow(`invalid STEPLENS_DEMO_RATE "${bad}"`);
    }
  });
});
