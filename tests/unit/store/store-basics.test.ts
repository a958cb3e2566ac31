import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDatabaseUrl } from '../../../lib/store/db/database-url.ts';
import { StoreError, redactUrl } from '../../../lib/store/db/errors.ts';
import { importGenerated } from '../../../lib/store/db/open-store.ts';
import { definitionRevisionId, eventKeyOf, sourceIdOf } from '../../../lib/store/ingest/save-execution-history.ts';

describe('resolveDatabaseUrl', () => {
  it('defaults to data/steplens.db under the working directory', () => {
    const file = path.resolve(process.cwd(), 'data', 'steplens.db');
    expect(resolveDatabaseUrl(undefined)).toEqual({ backend: 'sqlite', url: `file:${file}`, file });
    expect(resolveDatabaseUrl('  ')).toEqual({ backend: 'sqlite', url: `file:${file}`, file });
  });

  it('accepts relative, absolute and file:// SQLite URLs and PostgreSQL URLs', () => {
    expect(resolveDatabaseUrl('file:./x/y.db')).toMatchObject({ backend: 'sqlite', file: path.resolve('x/y.db') });
    expect(resolveDatabaseUrl('file:/tmp/a.db?connection_limit=1')).toMatchObject({ backend: 'sqlite', file: '/tmp/a.db' });
    expect(resolveDatabaseUrl('file:///tmp/b.db')).toMatchObject({ backend: 'sqlite', file: '/tmp/b.db' });
    expect(resolveDatabaseUrl('postgresql://u:p@h:5432/d')).toEqual({ backend: 'postgres', url: 'postgresql://u:p@h:5432/d' });
    expect(resolveDatabaseUrl('postgres://u:p@h/d').backend).toBe('postgres');
  });

  it('refuses other URLs with a one-line message that hides the password', () => {
    expect(() => resolveDatabaseUrl('mysql://root:secret@h/d')).toThrow(StoreError);
    expect(() => resolveDatabaseUrl('mysql://root:secret@h/d')).toThrow(/^DATABASE_URL "mysql:\/\/root:\*\*\*@h\/d" is not supported/);
    expect(() => resolveDatabaseUrl('file::memory:')).toThrow(/in-memory/);
    expect(redactUrl('postgresql://a:b@c/d')).toBe('postgresql://a:***@c/d');
  });
});

describe('keys', () => {
  it('uses the event id, or a negative position for masked ids', () => {
    const base = { previousEventId: null, type: 'PassStateEntered', timestamp: null, details: {}, raw: {} };
    expect(eventKeyOf({ ...base, id: 5, position: 4 })).toBe(5);
    expect(eventKeyOf({ ...base, id: null, position: 0 })).toBe(-1);
    expect(eventKeyOf({ ...base, id: null, position: 9 })).toBe(-10);
  });

  it('derives source ids and content-hash revision ids', () => {
    expect(sourceIdOf({ kind: 'import' })).toBe('import');
    expect(sourceIdOf({ kind: 'aws', region: 'eu-west-1', accountId: '123456789012' })).toBe('aws:eu-west-1:123456789012');
    expect(sourceIdOf({ kind: 'endpoint', endpoint: 'http://127.0.0.1:8083' })).toBe('endpoint:http://127.0.0.1:8083');
    expect(sourceIdOf({ kind: 'aws', id: 'mine' })).toBe('mine');
    expect(definitionRevisionId('{}')).toBe('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});

describe('openStore without a generated client', () => {
  it('fails with a one-line message naming the fix', async () => {
    const missing = () => import(/* @vite-ignore */ `../../../lib/store/generated/${'nowhere'}/client.ts`);
    await expect(importGenerated('sqlite', missing)).rejects.toThrow(
      /^the generated Prisma client lib\/store\/generated\/sqlite is missing: run `npm run db:generate`/,
    );
  });
});
