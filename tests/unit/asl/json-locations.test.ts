// jsonMemberLines / lineOfPath / locationAt: the lines "Try a fix" shows a definition's problems at,
// under the paths validateDefinition names (nested Parallel branches and Map processors included).
import { describe, expect, it } from 'vitest';
import { jsonMemberLines, lineOfPath, locationAt } from '../../../lib/asl/json-locations.ts';
import { validateDefinition } from '../../../lib/emulator/interpreter/index.ts';

const text = `{
  "StartAt": "P",
  "States": {
    "P": {
      "Type": "Parallel",
      "Branches": [
        { "StartAt": "A", "States": { "A": { "Type": "Pass", "End": true } } },
        {
          "StartAt": "B",
          "States": {
            "B": { "Type": "Pass", "Next": "Gone" }
          }
        }
      ],
      "Next": "M"
    },
    "M": {
      "Type": "Map",
      "ItemProcessor": { "StartAt": "C", "States": { "C": { "Type": "Task", "End": true } } },
      "End": true
    }
  }
}`;

describe('definition locations', () => {
  it('gives each member its line under the path validateDefinition uses', () => {
    const lines = jsonMemberLines(text);
    expect(lines.get('$.States.P')).toBe(4);
    expect(lines.get('$.States.P.Branches[0]')).toBe(7);
    expect(lines.get('$.States.P.Branches[0].States.A')).toBe(7);
    expect(lines.get('$.States.P.Branches[1].States.B')).toBe(11);
    expect(lines.get('$.States.M.ItemProcessor.States.C')).toBe(19);
    expect(lines.get('$.States.P.Next')).toBe(15);
  });

  it('places the emulator refusal of a nested state at its line, an unknown path at its nearest parent', () => {
    const validation = validateDefinition(JSON.parse(text), { advisory: false });
    expect(validation.ok).toBe(false);
    const lines = jsonMemberLines(text);
    const found = validation.ok ? [] : validation.diagnostics.map((d) => [lineOfPath(lines, d.path), d.message]);
    expect(found).toContainEqual([11, "MISSING_TRANSITION_TARGET: State 'B' transitions to 'Gone', which does not exist."]);
    expect(found).toContainEqual([19, "Task state 'C' is missing 'Resource'."]);
    expect(lineOfPath(lines, '$.States.M.Nope.Deeper')).toBe(17);
    expect(lineOfPath(lines, undefined)).toBe(1);
  });

  it('turns a character offset into a line and column', () => {
    expect(locationAt('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(locationAt('x', 0)).toEqual({ line: 1, column: 1 });
  });
});
