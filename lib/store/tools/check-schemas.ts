// The check that the two Prisma schema files describe the same models (DESIGN.md §3: the
// datasource provider is fixed per file, so SQLite and PostgreSQL each need their own).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, repoRoot } from '../db/schema-files.ts';
import { renderPostgresSchema } from './render-postgres-schema.ts';

interface Block {
  kind: string;
  name: string;
  body: string;
}

/** Top-level blocks (model/enum/view/type/generator/datasource) with comments and blank lines dropped. */
export function schemaBlocks(schema: string): Block[] {
  const lines = schema
    .split(/\r?\n/)
    .map((line) => stripComment(line).trim())
    .filter((line) => line.length > 0);
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const line of lines) {
    const open = /^(\w+)\s+(\w+)\s*\{$/.exec(line);
    if (current === null && open !== null) {
      current = { kind: open[1] ?? '', name: open[2] ?? '', body: '' };
    } else if (current !== null && line === '}') {
      blocks.push(current);
      current = null;
    } else if (current !== null) {
      current.body += `${line.replace(/\s+/g, ' ')}\n`;
    }
  }
  return blocks;
}

/** Drops a `//` (or `///`) comment, but not `//` inside a string such as a URL. */
function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && inString) i++;
    else if (c === '"') inString = !inString;
    else if (!inString && c === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
}

/**
 * Returns the differences between prisma/schema.prisma and prisma/postgres/schema.prisma
 * (empty when in sync): models, enums and views must be identical, and the PostgreSQL file
 * must be exactly what `tsx lib/store/tools/sync-schemas.ts` renders.
 */
export function checkSchemas(root: string = repoRoot()): string[] {
  const problems: string[] = [];
  const sqlite = readFileSync(path.join(root, SQLITE_SCHEMA), 'utf8');
  let postgres: string;
  try {
    postgres = readFileSync(path.join(root, POSTGRES_SCHEMA), 'utf8');
  } catch {
    return [`${POSTGRES_SCHEMA} is missing: run \`npx tsx lib/store/tools/sync-schemas.ts\``];
  }
  const key = (b: Block): string => `${b.kind} ${b.name}`;
  const models = (text: string): Map<string, string> =>
    new Map(schemaBlocks(text).filter((b) => b.kind !== 'generator' && b.kind !== 'datasource').map((b) => [key(b), b.body]));
  const a = models(sqlite);
  const b = models(postgres);
  for (const [name, body] of a) {
    if (!b.has(name)) problems.push(`${name} is in ${SQLITE_SCHEMA} but not in ${POSTGRES_SCHEMA}`);
    else if (b.get(name) !== body) problems.push(`${name} differs between ${SQLITE_SCHEMA} and ${POSTGRES_SCHEMA}`);
  }
  for (const name of b.keys()) {
    if (!a.has(name)) problems.push(`${name} is in ${POSTGRES_SCHEMA} but not in ${SQLITE_SCHEMA}`);
  }
  if (problems.length === 0 && renderPostgresSchema(sqlite) !== postgres) {
    problems.push(`${POSTGRES_SCHEMA} is not what sync-schemas renders (generator/datasource/comments differ)`);
  }
  if (problems.length > 0) problems.push('fix: edit prisma/schema.prisma only, then run `npx tsx lib/store/tools/sync-schemas.ts`');
  return problems;
}
