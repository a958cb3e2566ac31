// The actions' audit log (lib/store/audit) on SQLite and PostgreSQL: rows read back as written
// (detail as JSON, times in UTC), newest first, filtered by action, outcome and target, paged
// by keyset without skipping or repeating a row; and getActionTarget, the one row an action
// needs before it asks AWS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION } from '../../../lib/history/index.ts';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '../../../lib/schemas/audit.ts';
import { appendAuditEntry, getActionTarget, listAuditEntries, type AuditEntryDraft } from '../../../lib/store/audit/index.ts';
import { openStore, saveExecutionHistory, type Store } from '../../../lib/store/index.ts';
import { mulberry32 } from '../../helpers/prng.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
const arnOf = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:Orders:${name}`;
const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);

/** 40 attempts over three targets, actions and outcomes drawn from a seeded generator. */
function drafts(): AuditEntryDraft[] {
  const next = mulberry32(11);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  return Array.from({ length: 40 }, (_, i) => {
    const outcome = pick(AUDIT_OUTCOMES);
    return {
      at: new Date(T0 + i * 1_000 + 7),
      subject: pick(['local', 'token', 'oidc:alice']),
      actorName: 'someone',
      role: pick(['operator', 'viewer']),
      credential: pick(['none', 'bearer', 'session']),
      action: pick(AUDIT_ACTIONS),
      target: arnOf(pick(['a', 'b', 'c'])),
      outcome,
      httpStatus: outcome === 'succeeded' ? 200 : outcome === 'refused' ? 403 : 502,
      error: outcome === 'succeeded' ? null : `why ${i}`,
      resultArn: null,
      detail: i % 3 === 0 ? null : { i, nested: { reasons: [`r${i}`] } },
    };
  });
}

for (const backend of storeBackends('audit')) {
  describe(`audit log on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    const written = drafts();
    const ids: number[] = [];

    beforeAll(async () => {
      const db = await backend.freshDatabase();
      drop = db.drop;
      store = await openStore(db.url);
      for (const draft of written) ids.push(await appendAuditEntry(store, draft));
      await saveExecutionHistory(store, {
        stateMachine: { stateMachineArn: MACHINE, name: 'Orders', type: 'STANDARD' },
        execution: {
          executionArn: arnOf('a'),
          stateMachineArn: MACHINE,
          name: 'a',
          status: 'FAILED',
          startDate: new Date(T0),
          stopDate: new Date(T0 + 5_000),
          input: '{}',
          output: null,
          error: 'E',
          cause: null,
          redriveCount: 2,
          historyComplete: true,
          partial: false,
          failure: null,
        },
        events: [],
        runs: [],
        analyzerVersion: ANALYZER_VERSION,
      });
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    it('gives increasing ids and reads every row back as written, newest first', async () => {
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
      const rows = await listAuditEntries(store, { limit: 500 });
      expect(rows.map((r) => r.id)).toEqual([...ids].reverse());
      const byId = new Map(rows.map((r) => [r.id, r]));
      written.forEach((draft, i) => {
        const row = byId.get(ids[i] as number);
        expect(row).toEqual({ ...draft, id: ids[i], at: draft.at.toISOString() });
      });
    });

    it('filters by action, outcome and target, as the drafts say', async () => {
      for (const action of AUDIT_ACTIONS) {
        for (const outcome of AUDIT_OUTCOMES) {
          const rows = await listAuditEntries(store, { action, outcome, target: arnOf('b'), limit: 500 });
          const expected = ids.filter((_, i) => written[i]?.action === action && written[i]?.outcome === outcome && written[i]?.target === arnOf('b'));
          expect(rows.map((r) => r.id)).toEqual(expected.reverse());
        }
      }
    });

    it('pages by keyset: pages of 7 join up to the whole log, no row twice', async () => {
      const seen: number[] = [];
      let beforeId: number | undefined;
      for (;;) {
        const page = await listAuditEntries(store, { limit: 7, ...(beforeId !== undefined ? { beforeId } : {}) });
        seen.push(...page.map((r) => r.id));
        if (page.length < 7) break;
        beforeId = page[page.length - 1]?.id;
      }
      expect(seen).toEqual([...ids].reverse());
    });

    it('getActionTarget: the stored execution with its machine type, null for an unknown ARN', async () => {
      expect(await getActionTarget(store, arnOf('a'))).toMatchObject({ executionArn: arnOf('a'), stateMachineArn: MACHINE, name: 'a', status: 'FAILED', type: 'STANDARD', startDate: T0, stopDate: T0 + 5_000, redriveCount: 2, mapRunArn: null });
      expect(await getActionTarget(store, arnOf('nope'))).toBeNull();
    });
  });
}
