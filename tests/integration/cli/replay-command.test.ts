// steplens replay ARN|FILE [--definition FILE] [--json] (DESIGN.md §2.10), run as a person runs it:
// an execution the interpreter recorded (Charge busy twice, then declined; not caught) written as
// an exported history file, and the same execution imported into a store and named by ARN, are
// reproduced (exit 0); an altered history differs where it was altered (exit 1); a definition with
// a Catch for the error runs the recorded outcomes to SUCCEEDED (exit 0) and says where it parts;
// bad input is one line on stderr and exit 2.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskRequest, TaskResult } from '../../../lib/emulator/engine-contract.ts';
import { toHistoryEvent } from '../../../lib/emulator/server/history-wire.ts';
import { run } from '../../unit/emulator/interpreter/run-helper.ts';
import { runSteplens } from '../../helpers/run-steplens';

const dir = mkdtempSync(join(tmpdir(), 'steplens-replay-'));
const env = { DATABASE_URL: `file:${join(dir, 'store.db')}`, STEPLENS_DEMO: 'off' };
const ARN = 'arn:aws:states:us-east-1:123456789012:execution:Orders:declined-1';
const lambda = 'arn:aws:states:::lambda:invoke';

const definition = {
  StartAt: 'Charge',
  States: {
    Charge: { Type: 'Task', Resource: lambda, Retry: [{ ErrorEquals: ['Card.Busy'], IntervalSeconds: 30, MaxAttempts: 3 }], Next: 'Ship' },
    Ship: { Type: 'Task', Resource: lambda, End: true },
  },
};
const withCatch = structuredClone(definition) as { StartAt: string; States: Record<string, Record<string, unknown>> };
(withCatch.States.Charge as Record<string, unknown>).Catch = [{ ErrorEquals: ['Card.Declined'], Next: 'Declined' }];
withCatch.States.Declined = { Type: 'Pass', End: true };

let calls = 0;
const answer = (request: TaskRequest): TaskResult => {
  if (request.stateName === 'Ship') return { ok: true, output: { shipped: true } };
  calls += 1;
  return calls <= 2 ? { ok: false, error: 'Card.Busy', cause: 'try again' } : { ok: false, error: 'Card.Declined', cause: '{"code":51}' };
};

const file = (name: string, value: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

let historyFile = '';
let wireEvents: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  const ran = await run(definition, { order: 7 }, answer);
  wireEvents = ran.events.map((e) => toHistoryEvent(e) as unknown as Record<string, unknown>);
  historyFile = file('history.json', { events: wireEvents, definition });
  const imported = await runSteplens(['import', '--execution-arn', ARN, historyFile], { env });
  expect(imported.code).toBe(0);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('steplens replay', () => {
  it('reproduces an exported history file event for event (exit 0), in words and in JSON', async () => {
    const text = await runSteplens(['replay', historyFile]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(`Reproduced: the replay wrote the recorded ${wireEvents.length} events event for event (FAILED).\n`);
    const json = await runSteplens(['replay', historyFile, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ reproduced: true, firstDifference: null, status: 'FAILED', events: wireEvents.length });
  });

  it('reproduces a stored execution named by its ARN', async () => {
    const result = await runSteplens(['replay', ARN, '--json'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ reproduced: true, status: 'FAILED' });
  });

  it('says where an altered history first differs (exit 1)', async () => {
    // The second Charge failure recorded as an error no Retry names: replayed, the execution fails
    // there, where the recording goes on to a third attempt.
    const failures = wireEvents.filter((e) => e.type === 'TaskFailed');
    const second = failures[1] as Record<string, unknown>;
    const altered = wireEvents.map((e) => (e === second ? { ...e, taskFailedEventDetails: { ...(e.taskFailedEventDetails as object), error: 'Card.Stolen' } } : e));
    const result = await runSteplens(['replay', file('altered.json', { events: altered, definition }), '--json']);
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as { reproduced: boolean; firstDifference: { eventId: number; expected: Record<string, unknown>; got: Record<string, unknown> } };
    expect(out.reproduced).toBe(false);
    expect(out.firstDifference).toMatchObject({ eventId: (second.id as number) + 1, expected: { type: 'TaskScheduled' }, got: { type: 'ExecutionFailed', error: 'Card.Stolen' } });
    const text = await runSteplens(['replay', join(dir, 'altered.json')]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`recorded: #${(second.id as number) + 1} TaskScheduled`);
  });

  it('runs the recorded outcomes against a changed definition: a Catch for Card.Declined saves it (exit 0)', async () => {
    const result = await runSteplens(['replay', ARN, '--definition', file('fixed.json', withCatch), '--json'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { reproduced: boolean; status: string; firstDifference: Record<string, unknown> };
    expect(out).toMatchObject({ reproduced: false, status: 'SUCCEEDED' });
    expect(out.firstDifference).toMatchObject({ expected: { type: 'ExecutionFailed' }, got: { type: 'TaskStateExited', stateName: 'Charge' } });
    const text = await runSteplens(['replay', historyFile, '--definition', join(dir, 'fixed.json')]);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^Changed definition ran: SUCCEEDED after \d+ events\.$/);
  });

  it('takes the definition of a file without one from --definition, as the one it ran', async () => {
    const bare = file('bare.json', { events: wireEvents });
    const missing = await runSteplens(['replay', bare]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`steplens: ${bare}: the file has no definition; pass the one it ran with --definition FILE\n`);
    const given = await runSteplens(['replay', bare, '--definition', file('definition.json', definition), '--json']);
    expect(given.code).toBe(0);
    expect(JSON.parse(given.stdout)).toMatchObject({ reproduced: true });
  });

  it.each([
    ['an unknown ARN', () => [`${ARN}-nope`], /^steplens: replay: execution not found in the store: /],
    ['no target', () => [], /^steplens: replay: expected exactly one ARN or FILE/],
    ['a definition that is not JSON', () => [historyFile, '--definition', file('bad.json', '{ nope')], /^steplens: .*bad\.json: the definition is not JSON/],
    ['a definition that cannot run', () => [historyFile, '--definition', file('broken.json', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } })], /^steplens: replay: .*broken\.json cannot run: \$\.States\.A: MISSING_TRANSITION_TARGET/],
    ['a file that is not a history', () => [file('nothing.json', '{"hello":1}')], /^steplens: .*nothing\.json: /],
  ])('exits 2 with one line on stderr for %s', async (_label, args, message) => {
    const result = await runSteplens(['replay', ...args()], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});
