import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// lib/emulator has no import cycle, type-only imports included: the Map/Parallel handlers reach
// the machine runner through ExecutionContext.runMachine instead of importing it.

const ROOT = fileURLToPath(new URL('../../../lib/emulator/', import.meta.url));
const IMPORT = /^\s*(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** Each cycle as the files on it, found by depth-first search over relative imports. */
function findCycles(files: string[], read: (file: string) => string = (file) => readFileSync(file, 'utf8')): string[][] {
  const known = new Set(files);
  const graph = new Map(
    files.map((file) => [file, [...read(file).matchAll(IMPORT)].map((m) => path.resolve(path.dirname(file), m[1] as string)).filter((f) => known.has(f))]),
  );
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push(stack.slice(stack.indexOf(next)).map((f) => path.relative(ROOT, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return cycles;
}

describe('lib/emulator imports', () => {
  it('form no cycle', () => {
    const files = sourceFiles(ROOT);
    expect(files.length).toBeGreaterThan(50);
    expect(findCycles(files)).toEqual([]);
  });

  it('are read by the check: it finds a planted cycle through a type-only import', () => {
    const sources: Record<string, string> = {
      [path.join(ROOT, 'a.ts')]: "import { b } from './b.ts';\n",
      [path.join(ROOT, 'b.ts')]: "// b\nimport type { A } from './a.ts';\nexport const b = 1;\n",
      [path.join(ROOT, 'c.ts')]: "import { b } from './b.ts';\n",
    };
    expect(findCycles(Object.keys(sources), (file) => sources[file] ?? '')).toEqual([['a.ts', 'b.ts']]);
  });
});
