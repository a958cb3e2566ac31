import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSchemas, schemaBlocks } from '../../../lib/store/tools/check-schemas.ts';
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, repoRoot } from '../../../lib/store/db/schema-files.ts';
import { renderPostgresSchema } from '../../../lib/store/tools/render-postgres-schema.ts';
import { syncSchemas } from '../../../lib/store/tools/sync-schemas.ts';

const root = repoRoot();
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

describe('Prisma schema files', () => {
  it('prisma/postgres/schema.prisma is exactly what sync-schemas renders from prisma/schema.prisma', () => {
    expect(read(POSTGRES_SCHEMA)).toBe(renderPostgresSchema(read(SQLITE_SCHEMA)));
    expect(checkSchemas(root)).toEqual([]);
  });

  it('differ only in the datasource provider/url and the generated client folder', () => {
    const sqlite = schemaBlocks(read(SQLITE_SCHEMA));
    const postgres = schemaBlocks(read(POSTGRES_SCHEMA));
    const models = (blocks: typeof sqlite) => blocks.filter((b) => b.kind === 'model');
    expect(models(postgres)).toEqual(models(sqlite));
    expect(models(sqlite).map((b) => b.name)).toEqual(['Source', 'StateMachine', 'DefinitionRevision', 'Execution', 'HistoryEventChunk', 'StateRun', 'StateRunRollup', 'PollerCursor', 'PollerLease', 'AlertState', 'AlertDelivery', 'AlertDeliveryAttempt', 'MapRun', 'ExecutionLink', 'AuditEntry']);
    const datasource = (blocks: typeof sqlite) => blocks.find((b) => b.kind === 'datasource')?.body ?? '';
    expect(datasource(sqlite)).toMatch(/provider = "sqlite"\nurl = "file:/);
    expect(datasource(postgres)).toMatch(/provider = "postgresql"\nurl = "postgresql:\/\//);
    const generator = (blocks: typeof sqlite) => blocks.find((b) => b.kind === 'generator')?.body ?? '';
    expect(generator(sqlite)).toContain('provider = "prisma-client"');
    expect(generator(sqlite)).toContain('engineType = "client"');
    expect(generator(sqlite).replace('"../lib/store/generated/sqlite"', 'X')).toBe(
      generator(postgres).replace('"../../lib/store/generated/postgres"', 'X'),
    );
  });

  describe('checkSchemas on a copy', () => {
    let dir: string | null = null;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = null;
    });
    const copy = () => {
      dir = mkdtempSync(path.join(tmpdir(), 'steplens-schemas-'));
      cpSync(path.join(root, 'prisma'), path.join(dir, 'prisma'), { recursive: true });
      return dir;
    };

    it('reports a model edited in only one file, and syncSchemas repairs it', () => {
      const d = copy();
      const file = path.join(d, SQLITE_SCHEMA);
      writeFileSync(file, readFileSync(file, 'utf8').replace('  label         String?\n', '  label         String?\n  color         String?\n'));
      expect(checkSchemas(d)).toEqual([
        `model Source differs between ${SQLITE_SCHEMA} and ${POSTGRES_SCHEMA}`,
        'fix: edit prisma/schema.prisma only, then run `npx tsx lib/store/tools/sync-schemas.ts`',
      ]);
      expect(syncSchemas(d)).toBe(true);
      expect(checkSchemas(d)).toEqual([]);
      expect(syncSchemas(d)).toBe(false);
    });

    it('reports a model missing from the PostgreSQL file and a hand edit of its datasource', () => {
      const d = copy();
      const file = path.join(d, POSTGRES_SCHEMA);
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.replace(/\/\/\/ Derived from the history events[\s\S]*$/, ''));
      expect(checkSchemas(d)[0]).toBe(`model StateRun is in ${SQLITE_SCHEMA} but not in ${POSTGRES_SCHEMA}`);
      writeFileSync(file, text.replace('localhost:5432', 'db:5432'));
      expect(checkSchemas(d)[0]).toMatch(/is not what sync-schemas renders/);
    });
  });
});
