// Runs the project's own Prisma CLI (node_modules/prisma) from the repository root.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../db/schema-files.ts';

export interface PrismaRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runPrisma(args: string[], options: { capture?: boolean } = {}): PrismaRun {
  const root = repoRoot();
  const cli = createRequire(path.join(root, 'package.json')).resolve('prisma/build/index.js');
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    // The CLI config (prisma.config.ts) works on SQLite only; a PostgreSQL DATABASE_URL is for the app.
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}
