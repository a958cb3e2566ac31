// No import cycles in app/, components/ or lib/ (DESIGN.md §1: parts depend one way). A cycle
// makes module initialisation order matter and hides which part owns what. Type-only imports
// (`import type`, `export type`) are erased at run time and do not count.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const FOLDERS = ['app', 'components', 'lib'];
const SKIP = new Set(['generated', 'node_modules']);
const EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];
// `import … from '…'`, `export … from '…'`, side-effect `import '…'`; not `import type`/`export type`.
const IMPORT = /^\s*(import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolve(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith('@/')) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith('.')) base = path.resolve(path.dirname(from), specifier);
  else return null; // a package
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next form
    }
  }
  return null;
}

/** Strongly connected components with more than one file (or a file importing itself). */
export function importCycles(files: readonly string[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((match) => resolve(file, match[2] as string)).filter((target): target is string => target !== null);
    graph.set(file, targets);
  }
  // Tarjan's algorithm, iterative enough for a few hundred files.
  let index = 0;
  const indexes = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    indexes.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexes.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, indexes.get(next) as number));
      }
    }
    if (low.get(node) === indexes.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.map((file) => path.relative(ROOT, file)).sort());
    }
  };
  for (const file of graph.keys()) if (!indexes.has(file)) visit(file);
  return cycles;
}

describe('import graph', () => {
  it('finds a cycle when there is one (the check itself works)', () => {
    const dir = path.join(ROOT, 'tests', 'unit', 'architecture', 'cycle-fixture');
    expect(importCycles(sourceFiles(dir))).toEqual([['tests/unit/architecture/cycle-fixture/a.ts', 'tests/unit/architecture/cycle-fixture/b.ts']]);
  });

  it('has no cycles in app/, components/ or lib/', () => {
    const files = FOLDERS.flatMap((folder) => sourceFiles(path.join(ROOT, folder)));
    expect(files.length).toBeGreaterThan(100);
    expect(importCycles(files)).toEqual([]);
  });
});
