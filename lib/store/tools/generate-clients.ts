// Generates both Prisma clients (lib/store/generated/sqlite and lib/store/generated/postgres)
// from prisma/schema.prisma and prisma/postgres/schema.prisma. Offline: Prisma 6.19's
// WebAssembly engines need no download (DESIGN.md §3). Meant for `postinstall`:
//   tsx lib/store/tools/generate-clients.ts
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { checkSchemas } from './check-schemas.ts';
import { runPrisma } from './prisma-cli.ts';
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, repoRoot } from '../db/schema-files.ts';

export function generateClients(): void {
  const problems = checkSchemas();
  if (problems.length > 0) throw new Error(`Prisma schemas out of sync: ${problems.join('; ')}`);
  // Every CLI call opens the adapter of prisma.config.ts, which needs data/ (DESIGN.md §3).
  mkdirSync(path.join(repoRoot(), 'data'), { recursive: true });
  for (const schema of [SQLITE_SCHEMA, POSTGRES_SCHEMA]) {
    const run = runPrisma(['generate', '--schema', schema], { capture: true });
    if (run.status !== 0) throw new Error(`prisma generate --schema ${schema} failed:\n${run.stderr || run.stdout}`);
    const done = /Generated Prisma Client[^\n]*/.exec(run.stdout + run.stderr)?.[0];
    console.log(done ?? `generated ${schema}`);
  }
}

try {
  generateClients();
} catch (error) {
  console.error(`generate-clients: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
