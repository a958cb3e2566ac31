import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../../../lib/emulator/interpreter/index.ts';

describe('validateDefinition', () => {
  it('accepts a runnable definition, even one asl-validator complains about', () => {
    const v = validateDefinition({ QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: 5, End: true } } });
    expect(v.ok).toBe(true);
  });
  it('rejects structural errors with a message naming the problem', () => {
    expect(validateDefinition({ States: { A: { Type: 'Succeed' } } }).diagnostics[0]?.message).toMatch(/StartAt/);
    expect(validateDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }).diagnostics.map((d) => d.message).join()).toMatch(/'B'/);
    expect(validateDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A' } } }).ok).toBe(false);
  });
});
