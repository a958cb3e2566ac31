// The executions search index (lib/store/executions/search-index.ts; SQLite FTS5 trigram tables
// kept by triggers, PostgreSQL pg_trgm GIN indexes) must give exactly what the plain filters gave:
// `q` a case-insensitive substring of the name or the error, `text` of the input or the output,
// with the user's %, _ and \ matching themselves, combined with every other filter, paged by
// cursor in every sort. Each backend's case folding is its own: SQLite's LIKE folds ASCII only,
// PostgreSQL's ILIKE folds what lower() folds (all of Unicode under C.UTF-8). Held against a
// plain JavaScript filter over generated executions, and against the unindexed plans.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reanalyze } from '../../../lib/ingest/reanalyze.ts';
import { internalsOf } from '../../../lib/store/db/internals.ts';
import { countExecutionsByStatus } from '../../../lib/store/executions/execution-stats.ts';
import { listExecutions, type ListExecutionsOptions } from '../../../lib/store/executions/list-executions.ts';
import { planSearch, rebuildSearchIndex, NAME_SEARCH, TEXT_SEARCH, trigramsOf } from '../../../lib/store/executions/search-index.ts';
import { openStore, saveExecutionHistory, type ExecutionListItem, type ListExecutionsQuery, type Store } from '../../../lib/store/index.ts';
import { storeBackends } from '../../helpers/store-backends.ts';
import { history, maskedEvents, stateMachineArn } from './store-fixtures.ts';

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces of names, errors and payloads: LIKE wildcards and escapes, FTS5 query syntax, quotes,
// ASCII in both cases, and letters outside ASCII with simple one-to-one case mappings.
const NAME_PARTS = ['order', 'Order', 'ORDER', '100%', 'a_b', 'back\\slash', 'x-y', 'É', 'é', 'Ωmega', 'ωmega', 'Жук', 'жук', '中文', '🚀', 'AND', 'or', 'NOT', 'near', '"q"', "it's", '*', '^', '{c}', '(p)', ':', 'run', '2024', '00'];
const ERRORS = [null, null, 'States.Timeout', 'States.TaskFailed', 'Lambda.Unknown', 'Custom_%Error', 'Ошибка.Ω', 'NEAR(a b)'];
const PAYLOAD_PARTS = ['"customer"', '"Zoë"', 'ZOË', 'needle', 'NEEDLE', 'Needle-7', '50%', 'snake_case', 'C:\\\\tmp', '{"k":"v"}', 'ÉCOLE', 'école', 'Ωx', 'ωx', '🚀🚀', 'AND OR NOT', '*^', 'ab', 'xyz'];
const STATUSES = ['SUCCEEDED', 'FAILED', 'RUNNING', 'TIMED_OUT', 'ABORTED', 'SUCCEEDED'];
const COUNT = 220;
const BASE = Date.UTC(2024, 2, 1);

interface Generated extends ExecutionListItem {
  input: string | null;
  output: string | null;
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)] as T;
}

function generate(): Generated[] {
  const r = rng(20261202);
  const out: Generated[] = [];
  for (let i = 0; i < COUNT; i++) {
    const parts = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, NAME_PARTS));
    const name = `${parts.join(pick(r, ['-', '_', ' ', '']))}-${i}`;
    const status = pick(r, STATUSES);
    const failed = status === 'FAILED' || status === 'TIMED_OUT';
    const error = failed ? pick(r, ERRORS) : null;
    // Minute steps with ties (same startDate, told apart by executionArn), some undated.
    const start = i % 17 === 3 ? null : new Date(BASE + Math.floor(i / 2) * 60_000);
    const stop = start === null || status === 'RUNNING' ? null : new Date(start.getTime() + 1000 * (i % 5) + 3);
    const payload = () => `{"i":${i},"v":"${Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, PAYLOAD_PARTS)).join(' ')}"}`;
    const machine = i % 3 === 0 ? 'Alpha' : 'Beta';
    out.push({
      executionArn: `arn:aws:states:us-east-1:123456789012:execution:${machine}:${name}`,
      stateMachineArn: stateMachineArn(machine),
      name,
      status,
      startDate: start?.toISOString() ?? null,
      stopDate: stop?.toISOString() ?? null,
      durationMs: start && stop ? stop.getTime() - start.getTime() : null,
      error,
      cause: error === null ? null : `cause of ${error}`,
      redriveCount: 0,
      input: r() < 0.1 ? null : payload(),
      output: status === 'SUCCEEDED' ? payload() : null,
    });
  }
  return out;
}

async function save(store: Store, e: Generated): Promise<void> {
  const machine = e.stateMachineArn.split(':').pop() ?? '';
  const start = e.startDate === null ? null : new Date(e.startDate);
  const input = history({ machine, name: e.name, status: e.status, start, error: e.error, events: maskedEvents(start?.getTime() ?? 0).slice(0, 2) });
  input.execution = {
    ...input.execution,
    executionArn: e.executionArn,
    stopDate: e.stopDate === null ? null : new Date(e.stopDate),
    input: e.input,
    output: e.output,
    error: e.error,
    cause: e.cause,
  };
  await saveExecutionHistory(store, input);
}

const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

for (const backend of storeBackends('search')) {
  describe(`executions search index on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    let url: string;
    let all: Generated[] = [];
    let fold: (s: string) => string = asciiLower;

    beforeAll(async () => {
      const db = await backend.freshDatabase();
      drop = db.drop;
      url = db.url;
      store = await openStore(url);
      all = generate();
      for (const e of all) await save(store, e);
      if (backend.name === 'postgres') {
        // ILIKE folds as lower() does, which depends on the database's LC_CTYPE.
        const [row] = await internalsOf(store).client.$queryRawUnsafe<Array<{ ok: boolean }>>(`SELECT lower('ÉΩЖ') = 'éωж' AS ok`);
        fold = row?.ok ? (s) => s.toLowerCase() : asciiLower;
      }
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    const contains = (value: string | null, needle: string): boolean => value !== null && fold(value).includes(fold(needle));
    const reference = (query: Omit<ListExecutionsQuery, 'cursor' | 'limit'>): Generated[] => {
      const q = query.q?.trim();
      const text = query.text?.trim();
      const rows = all.filter(
        (e) =>
          (!q || contains(e.name, q) || contains(e.error, q)) &&
          (!text || contains(e.input, text) || contains(e.output, text)) &&
          (query.status === undefined || (query.status as readonly string[]).includes(e.status)) &&
          (query.stateMachineArn === undefined || e.stateMachineArn === query.stateMachineArn) &&
          (query.error === undefined || e.error === query.error) &&
          (query.from === undefined || (e.startDate !== null && e.startDate >= query.from.toISOString())) &&
          (query.to === undefined || (e.startDate !== null && e.startDate <= query.to.toISOString())),
      );
      const sort = query.sort ?? 'newest';
      const key = (e: Generated): string | number | null => (sort === 'duration' ? e.durationMs : e.startDate);
      const desc = sort !== 'oldest';
      return rows.sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        if ((ka === null) !== (kb === null)) return ka === null ? 1 : -1;
        if (ka !== kb && ka !== null && kb !== null) return (ka < kb ? -1 : 1) * (desc ? -1 : 1);
        return (a.executionArn < b.executionArn ? -1 : a.executionArn > b.executionArn ? 1 : 0) * (desc ? -1 : 1);
      });
    };

    async function allPages(query: Omit<ListExecutionsQuery, 'cursor'>, options: ListExecutionsOptions = {}): Promise<string[]> {
      const names: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await listExecutions(store, { ...query, cursor }, options);
        names.push(...page.items.map((e) => e.name));
        cursor = page.nextCursor;
        expect(++pages).toBeLessThan(500);
      } while (cursor !== null);
      return names;
    }

    /** Default thresholds; thresholds that take every other path of the SQLite search; no index. */
    const plans: Array<[string, ListExecutionsOptions]> = [
      ['index', {}],
      ['index, tiny thresholds', { tuning: { probeCap: 1, denseCandidates: 0, denseWindow: 3 } }],
      ['no index', { searchIndex: false }],
    ];

    // Needles: every special piece, case variants, 1–2 characters, none that match, and random
    // slices of stored values.
    const needles = (): string[] => {
      const r = rng(7);
      const fixed = ['%', '_', '\\', '100%', 'a_b', '%_', 'k\\s', '"', '"q"', "'s", 'AND', 'and', 'or', 'NOT', 'near', '*', '^', '{c}', '(p)', ':', 'é', 'É', 'ÉCOLE', 'école', 'ωMEGA', 'ΩMEGA', 'жУК', '中文', '🚀', '🚀🚀', 'oRdEr', 'ab', 'x', 'zz', 'no such thing', 'Timeout', 'states.', 'Ω', 'Needle-7', 'needle', '50%', 'C:\\\\tmp', '{"k":"v"}', 'Zoë', 'ZOË'];
      const slices: string[] = [];
      for (let i = 0; i < 25; i++) {
        const e = pick(r, all);
        const source = pick(r, [e.name, e.error ?? e.name, e.input ?? e.name, e.output ?? e.name]);
        const chars = [...source];
        const from = Math.floor(r() * chars.length);
        slices.push(chars.slice(from, from + 1 + Math.floor(r() * 8)).join(''));
      }
      return [...fixed, ...slices].filter((s) => s.trim() !== '');
    };

    it('q (name or error) and text (input or output) page exactly like the plain filter, for every needle', async () => {
      for (const needle of needles()) {
        for (const [plan, options] of plans) {
          for (const key of ['q', 'text'] as const) {
            const query: Omit<ListExecutionsQuery, 'cursor'> = key === 'q' ? { q: needle, limit: 9 } : { text: needle, limit: 9 };
            const want = reference(query).map((e) => e.name);
            expect(await allPages(query, options), `${key}=${JSON.stringify(needle)} (${plan})`).toEqual(want);
          }
        }
      }
    }, 120_000);

    it('combines with the other filters, in every sort, across cursor pages', async () => {
      const from = new Date(BASE + 20 * 60_000);
      const to = new Date(BASE + 90 * 60_000);
      const combos: Array<Omit<ListExecutionsQuery, 'cursor'>> = [
        { q: 'order', sort: 'oldest', limit: 4 },
        { q: 'ORDER', sort: 'duration', limit: 5 },
        { q: 'rde', status: ['FAILED', 'TIMED_OUT', 'SUCCEEDED'], limit: 3 },
        { q: 'States.', status: ['FAILED'], stateMachineArn: stateMachineArn('Beta'), limit: 2 },
        { q: '-1', from, to, limit: 4 },
        { q: 'time', error: 'States.Timeout', limit: 2 },
        { q: 'or', text: 'needle', limit: 3 },
        { q: 'ord', text: 'NEEDLE', sort: 'duration', limit: 2 },
        { text: 'école', status: ['SUCCEEDED', 'RUNNING'], sort: 'oldest', limit: 3 },
        { text: '"i":1', stateMachineArn: stateMachineArn('Alpha'), limit: 5 },
        { text: '%', from, limit: 6 },
        { text: 'x', q: 'run', limit: 4 },
        { text: 'Zoë', sort: 'duration', status: ['SUCCEEDED'], limit: 1 },
      ];
      for (const query of combos) {
        const want = reference(query).map((e) => e.name);
        expect(want.length, JSON.stringify(query)).toBeGreaterThan(0);
        for (const [plan, options] of plans) expect(await allPages(query, options), `${JSON.stringify(query)} (${plan})`).toEqual(want);
      }
    }, 120_000);

    it('counts by status in the scope of q as the plain filter does', async () => {
      for (const q of ['order', 'É', 'ab', 'States.Timeout', '_b', 'nothing here']) {
        const tally: Record<string, number> = {};
        for (const e of reference({ q })) tally[e.status] = (tally[e.status] ?? 0) + 1;
        expect(await countExecutionsByStatus(store, { q }), q).toEqual(tally);
      }
    });

    it('finds a re-ingested execution by its new input, output and error, not the old ones', async () => {
      const target = all.find((e) => e.status === 'FAILED' && e.input !== null)!;
      const before = { ...target };
      target.input = '{"fresh":"Brand-New-Payload ünï"}';
      target.output = '{"out":"Second-Output"}';
      target.error = 'Replaced.ErrorName';
      target.cause = 'cause of Replaced.ErrorName';
      await save(store, target);
      for (const [plan, options] of plans) {
        expect(await allPages({ text: 'brand-new-payload ünï', limit: 5 }, options), plan).toEqual(reference({ text: 'brand-new-payload ünï' }).map((e) => e.name));
        expect(await allPages({ text: 'second-output', limit: 5 }, options), plan).toEqual([target.name]);
        expect(await allPages({ q: 'replaced.error', limit: 5 }, options), plan).toEqual([target.name]);
        const old = before.input!.slice(1, 12);
        expect(await allPages({ text: old, limit: 50 }, options), plan).toEqual(reference({ text: old }).map((e) => e.name));
        if (before.error !== null) {
          expect(await allPages({ q: before.error, limit: 50 }, options), plan).toEqual(reference({ q: before.error }).map((e) => e.name));
        }
      }
    });

    it('drops a deleted execution from the index', async () => {
      const victim = all.find((e) => e.name.includes('🚀'))!;
      await internalsOf(store).client.$executeRawUnsafe(`DELETE FROM "Execution" WHERE "executionArn" = ${backend.name === 'postgres' ? '$1' : '?'}`, victim.executionArn);
      all = all.filter((e) => e !== victim);
      expect(await allPages({ q: '🚀', limit: 4 })).toEqual(reference({ q: '🚀' }).map((e) => e.name));
      if (backend.name === 'sqlite') {
        const counts = await internalsOf(store).client.$queryRawUnsafe<Array<{ n: unknown }>>(
          `SELECT (SELECT COUNT(*) FROM "${NAME_SEARCH}") AS n UNION ALL SELECT (SELECT COUNT(*) FROM "${TEXT_SEARCH}") UNION ALL SELECT COUNT(*) FROM "Execution"`,
        );
        expect(new Set(counts.map((c) => Number(c.n)))).toEqual(new Set([all.length]));
      }
    });

    it('follows `steplens reanalyze`: a stale row rewritten from its events is found by its new text', async () => {
      const target = all.find((e) => e.input !== null && e.status === 'SUCCEEDED')!;
      const { client } = internalsOf(store);
      const p = (i: number) => (backend.name === 'postgres' ? `$${i}` : '?');
      // A row an older analyzer wrote: stale, with an input its events do not give.
      await client.$executeRawUnsafe(`UPDATE "Execution" SET "input" = ${p(1)}, "analyzerVersion" = 0 WHERE "executionArn" = ${p(2)}`, '{"stale":"Obsolete-Marker"}', target.executionArn);
      target.input = '{"stale":"Obsolete-Marker"}';
      expect(await allPages({ text: 'obsolete-marker', limit: 5 })).toEqual([target.name]);
      const summary = await reanalyze(store);
      expect(summary.executions).toBe(1);
      const [row] = await client.$queryRawUnsafe<Array<{ input: string | null; output: string | null; error: string | null }>>(
        `SELECT "input", "output", "error" FROM "Execution" WHERE "executionArn" = ${p(1)}`,
        target.executionArn,
      );
      Object.assign(target, row);
      expect(target.input).not.toContain('Obsolete');
      expect(await allPages({ text: 'obsolete-marker', limit: 5 })).toEqual([]);
      for (const text of [target.input, target.output].filter((t): t is string => t !== null && [...t].length >= 3)) {
        expect(await allPages({ text, limit: 7 }), text).toEqual(reference({ text }).map((e) => e.name));
      }
    });

    it('is rebuilt from the Execution rows', async () => {
      const queries: Array<Omit<ListExecutionsQuery, 'cursor'>> = [{ q: 'order', limit: 7 }, { text: 'needle', limit: 7 }, { q: 'жук', text: '"i"', limit: 7 }];
      if (backend.name === 'sqlite') {
        // Emptied, the index finds nothing (so the searches above did go through it) …
        const { client } = internalsOf(store);
        for (const table of [NAME_SEARCH, TEXT_SEARCH]) await client.$executeRawUnsafe(`INSERT INTO "${table}" ("${table}") VALUES ('delete-all')`);
        expect(await allPages({ q: 'order', limit: 7 })).toEqual([]);
      }
      // … and rebuilt, it finds everything again.
      expect(await rebuildSearchIndex(store)).toEqual({ executions: all.length });
      for (const query of queries) expect(await allPages(query), JSON.stringify(query)).toEqual(reference(query).map((e) => e.name));
    });

    if (backend.name === 'sqlite') {
      it('is created by the migrations, with its triggers', async () => {
        const objects = await internalsOf(store).client.$queryRawUnsafe<Array<{ type: string; name: string }>>(
          `SELECT type, name FROM sqlite_master WHERE name IN ('${NAME_SEARCH}', '${TEXT_SEARCH}') OR (type = 'trigger' AND tbl_name = 'Execution') ORDER BY name`,
        );
        expect(objects).toEqual([
          { type: 'table', name: NAME_SEARCH },
          { type: 'table', name: TEXT_SEARCH },
          { type: 'trigger', name: 'Execution_name_search_update' },
          { type: 'trigger', name: 'Execution_search_delete' },
          { type: 'trigger', name: 'Execution_search_insert' },
          { type: 'trigger', name: 'Execution_text_search_update' },
        ]);
      });

      it('narrows by the rarest trigrams and has none for 1–2 characters', async () => {
        expect(trigramsOf('ab')).toEqual([]);
        expect(trigramsOf('🚀🚀🚀')).toEqual(['🚀🚀🚀']);
        expect(trigramsOf('abcab')).toEqual(['abc', 'bca', 'cab']);
        expect(await planSearch(store, NAME_SEARCH, 'ab')).toBeNull();
        const plan = await planSearch(store, NAME_SEARCH, 'order-ωmega');
        expect(plan?.match).toMatch(/^"[^"]{3}"( AND "[^"]{3}")*$/u);
        const terms = (plan?.match ?? '').split(' AND ').map((t) => t.slice(1, -1));
        expect(terms.length).toBeGreaterThan(0);
        expect(terms.length).toBeLessThanOrEqual(4);
        for (const term of terms) expect(trigramsOf('order-ωmega')).toContain(term);
        // A double quote inside a term is doubled (an FTS5 string), never query syntax.
        expect((await planSearch(store, NAME_SEARCH, '"q"'))?.match).toBe('"""q"""');
      });
    } else {
      it('has pg_trgm GIN indexes the planner can serve ILIKE from', async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query('SET enable_seqscan = off');
          for (const column of ['name', 'error', 'input', 'output']) {
            const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT 1 FROM "Execution" WHERE "${column}" ILIKE '%abc%'`);
            expect(rows.map((r) => r['QUERY PLAN']).join('\n'), column).toContain(`Execution_${column}_trgm_idx`);
          }
        } finally {
          await client.end();
        }
      });
    }
  });
}
