import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dumpStore, getExecution, listExecutions, openStore } from '../../../lib/store/index.ts';
import { corpusDir, runSteplens } from '../../helpers/run-steplens';

const dir = mkdtempSync(join(tmpdir(), 'steplens-import-'));
const env = { DATABASE_URL: `file:${join(dir, 'store.db')}`, STEPLENS_DEMO: 'off' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A failed execution: a retried Lambda that is finally caught, then a Fail state.
const failedFile = join(corpusDir, 'scenarios.test_base_scenarios__TestBaseScenarios.test_catch_states_runtime__0.json');
const arn = 'arn:aws:states:us-east-1:000000000000:execution:import-test:full-then-partial';

describe('steplens import', () => {
  it('stores a history once: importing it again changes nothing', async () => {
    const first = await runSteplens(['import', failedFile], { env });
    expect(first.code).toBe(0);
    const store = await openStore(env.DATABASE_URL);
    const before = await dumpStore(store);
    const again = await runSteplens(['import', failedFile], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/\b0 new\b/);
    expect(await dumpStore(store)).toEqual(before);
    await store.close();
  });

  it('never rolls an execution back when an older, partial copy is imported later', async () => {
    const recorded = JSON.parse(readFileSync(failedFile, 'utf8')) as { events: unknown[] };
    const partialFile = join(dir, 'partial.json');
    writeFileSync(partialFile, JSON.stringify({ events: recorded.events.slice(0, 2) }));

    expect((await runSteplens(['import', '--execution-arn', arn, failedFile], { env })).code).toBe(0);
    const partial = await runSteplens(['import', '--execution-arn', arn, partialFile], { env });
    expect(partial.code).toBe(0);

    const store = await openStore(env.DATABASE_URL);
    const stored = await getExecution(store, arn);
    expect(stored?.execution.status).toBe('FAILED');
    expect(stored?.execution.eventCount).toBe(recorded.events.length);
    expect(stored?.execution.error).toBe('States.Runtime');
    const listed = await listExecutions(store, { q: 'full-then-partial' });
    expect(listed.items.map((item) => item.status)).toEqual(['FAILED']);
    await store.close();
  });

  it('adds the new events of a longer copy (a history that grew)', async () => {
    const recorded = JSON.parse(readFileSync(failedFile, 'utf8')) as { events: unknown[] };
    const growing = 'arn:aws:states:us-east-1:000000000000:execution:import-test:growing';
    const head = join(dir, 'head.json');
    writeFileSync(head, JSON.stringify({ events: recorded.events.slice(0, 2) }));
    expect((await runSteplens(['import', '--execution-arn', growing, head], { env })).code).toBe(0);
    const store = await openStore(env.DATABASE_URL);
    expect((await getExecution(store, growing))?.execution.status).toBe('RUNNING');
    expect((await runSteplens(['import', '--execution-arn', growing, failedFile], { env })).code).toBe(0);
    const stored = await getExecution(store, growing);
    expect(stored?.execution.status).toBe('FAILED');
    expect(stored?.events.map((event) => event.id)).toEqual(recorded.events.map((_, index) => index + 1));
    await store.close();
  });
});
