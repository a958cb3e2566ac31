import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistoryWithFacts } from '../../bench/generate-history';
import { API_ROUTE_METHODS } from '../../../lib/server/request-policy';
import { corpusDir, repoRoot, runSteplens } from '../../helpers/run-steplens';
import { startSteplensServer, type RunningServer } from '../../helpers/steplens-server';
import { malformedRequestCorpus, problemsOf, ROUTES, routePattern, send, type CorpusIds } from './malformed-corpus';

// Hostile input against a real `steplens start` (issue 11, item 4): histories at and past AWS's
// limits imported and served, and a corpus of malformed requests (malformed-corpus.ts) replayed
// over every API route and page: no 5xx, a JSON {"error"} naming the problem on the API, 405 with
// an Allow header for a method a route does not serve, the 404 page for a page URL naming nothing.

const failedFile = join(corpusDir, 'scenarios.test_base_scenarios__TestBaseScenarios.test_catch_states_runtime__0.json');
const DEPTH = 10_000;

let server: RunningServer;
let dir = '';

beforeAll(async () => {
  server = await startSteplensServer();
  dir = mkdtempSync(join(tmpdir(), 'steplens-hostile-'));
}, 180_000);

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const arnOf = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:hostile:${name}`;
const iso = (second: number) => new Date(Date.UTC(2025, 0, 15, 12, 0, second)).toISOString();

/** A Pass → Task history in the GetExecutionHistory wire shape, with the given payloads. */
function history(payloads: { input?: unknown; output?: unknown; error?: string; cause?: unknown }, definition?: unknown) {
  const failedEnd = payloads.cause !== undefined;
  const events = [
    { id: 1, previousEventId: 0, timestamp: iso(1), type: 'ExecutionStarted', executionStartedEventDetails: { input: payloads.input ?? '{}', roleArn: 'arn:aws:iam::123456789012:role/r' } },
    { id: 2, previousEventId: 1, timestamp: iso(2), type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Shape', input: payloads.input ?? '{}' } },
    { id: 3, previousEventId: 2, timestamp: iso(3), type: 'PassStateExited', stateExitedEventDetails: { name: 'Shape', output: payloads.output ?? '{}' } },
    failedEnd
      ? { id: 4, previousEventId: 3, timestamp: iso(4), type: 'ExecutionFailed', executionFailedEventDetails: { error: payloads.error ?? 'Hostile.Error', cause: payloads.cause } }
      : { id: 4, previousEventId: 3, timestamp: iso(4), type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: payloads.output ?? '{}' } },
  ];
  return { events, definition: definition ?? { StartAt: 'Shape', States: { Shape: { Type: 'Pass', End: true } } } };
}

/** `{"a":{"a":…1…}}`, `depth` levels deep, as JSON text (JSON.stringify could not write it). */
function nestedJsonText(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

async function importFile(name: string, content: string | Buffer): Promise<string> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, content);
  const result = await runSteplens(['import', '--execution-arn', arnOf(name), file], { env: server.env });
  expect(result.stderr, name).toBe('');
  expect(result.code, name).toBe(0);
  return arnOf(name);
}

async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server.baseUrl}${path}`);
  return { status: response.status, body: await response.text() };
}

/** Every view of a stored execution answers 200: detail, slim detail, events, first run, diff, page. */
async function expectServed(executionArn: string): Promise<Record<string, unknown>> {
  const arn = encodeURIComponent(executionArn);
  for (const path of [`/api/executions/${arn}?runs=slim`, `/api/executions/${arn}/events?limit=25000`, `/api/executions/${arn}/runs/0`, `/api/executions/diff?a=${arn}&b=${arn}`, `/executions/${arn}`, `/executions/diff?a=${arn}&b=${arn}`]) {
    const answer = await get(path);
    expect(answer.status, `${path.slice(0, 60)}: ${answer.body.slice(0, 200)}`).toBe(200);
  }
  const detail = await get(`/api/executions/${arn}`);
  expect(detail.status).toBe(200);
  return JSON.parse(detail.body) as Record<string, unknown>;
}

describe('hostile histories are imported and served', () => {
  it(`takes an input nested ${DEPTH.toLocaleString('en-US')} levels deep, as JSON text and as parsed JSON`, async () => {
    const text = nestedJsonText(DEPTH);
    await expectServed(await importFile('deep-text', JSON.stringify(history({ input: text, output: text }))));
    // The corpus form: payloads already parsed. JSON.parse takes any depth, JSON.stringify does not.
    const parsed = JSON.stringify(history({ input: '@INPUT@', output: '@OUTPUT@' })).replace('"@INPUT@"', text).replace('"@OUTPUT@"', text);
    const detail = await expectServed(await importFile('deep-parsed', parsed));
    expect(detail.analysis).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('takes payloads at AWS limits: 256 KiB input and output, a 32 KiB cause, 25,000 events', async () => {
    const payload = (fill: string) => JSON.stringify({ blob: fill.repeat(256 * 1024 - 11) });
    const input = payload('i');
    expect(Buffer.byteLength(input)).toBe(256 * 1024);
    const cause = JSON.stringify({ errorMessage: 'c'.repeat(32 * 1024 - 19) });
    const detail = await expectServed(await importFile('at-limits', JSON.stringify(history({ input, output: payload('o'), error: 'Big.Failure', cause }))));
    expect(detail.analysis).toMatchObject({ status: 'FAILED', failure: { error: 'Big.Failure', cause } });

    const large = await importFile('25k-events', JSON.stringify(generateHistoryWithFacts().history));
    const events = JSON.parse((await get(`/api/executions/${encodeURIComponent(large)}/events?limit=25000`)).body) as { total: number };
    expect(events.total).toBe(25_000);
    await expectServed(large);
  }, 120_000);

  it('takes invalid UTF-8 and lone surrogates, which read as U+FFFD', async () => {
    const json = JSON.stringify(history({ input: '{"name":"@BYTES@","lone":"\\ud800"}' }));
    // Bytes that are never UTF-8, an overlong "/", a UTF-8-encoded surrogate.
    const invalid = Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]);
    const bytes = Buffer.concat(json.split('@BYTES@').flatMap((part, i) => (i === 0 ? [Buffer.from(part)] : [invalid, Buffer.from(part)])));
    const detail = await expectServed(await importFile('invalid-utf8', bytes));
    expect(JSON.stringify(detail)).toContain('\ufffd');
  });

  it('takes malformed definitions and says so in the analysis', async () => {
    // Each as the JSON text of the file's "definition" value (the deep one could not be stringified).
    // `warning`: what the analysis says about it (null: the definition is usable, the graph shows the oddity).
    for (const [name, definitionJson, warning] of [
      ['definition-not-json', JSON.stringify('{"StartAt": "Shape", "States": {'), /^Definition: not valid JSON/],
      ['definition-states-array', JSON.stringify({ StartAt: 'Shape', States: [] }), /^Definition: States is missing or not an object/],
      ['definition-unknown-type', JSON.stringify({ StartAt: 'Shape', States: { Shape: { Type: 'Bogus', Next: 'Nowhere' } } }), null],
      ['definition-deep', `{"StartAt":"Shape","States":{"Shape":{"Type":"Pass","End":true,"Parameters":${nestedJsonText(DEPTH)}}}}`, null],
    ] as const) {
      const file = JSON.stringify(history({}, '@DEFINITION@')).replace('"@DEFINITION@"', definitionJson);
      const detail = await expectServed(await importFile(name, file));
      expect(detail.analysis, name).toMatchObject({ status: 'SUCCEEDED' });
      const warnings = (detail.analysis as { warnings: string[] }).warnings;
      if (warning === null) expect(warnings, name).toEqual([]);
      else expect(warnings.some((line) => warning.test(line)), `${name}: ${warnings.join('; ')}`).toBe(true);
    }
  });

  it('warns about a previousEventId cycle', async () => {
    const cyclic = history({});
    // 2 → 3 → 2: each names the other.
    (cyclic.events[1] as { previousEventId: number }).previousEventId = 3;
    const detail = await expectServed(await importFile('cycle', JSON.stringify(cyclic)));
    expect((detail.analysis as { warnings: string[] }).warnings.join('\n')).toMatch(/previousEventId names the event itself or a later one/);
  });
});

/** Route patterns of the app's files called `name` (`app/executions/[arn]/page.tsx` → `/executions/[arn]`). */
function appRoutes(name: string): string[] {
  const app = join(repoRoot, 'app');
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) return walk(full);
      return entry === name ? [`/${relative(app, dir).split(sep).join('/')}`.replace(/\/$/, '') || '/'] : [];
    });
  return walk(app).sort();
}

describe('malformed requests', () => {
  it('cover every route and page of the app', () => {
    const covered = (surface: 'api' | 'page') => ROUTES.filter((route) => route.surface === surface).map((route) => routePattern(route.path)).sort();
    expect(covered('api')).toEqual(appRoutes('route.ts'));
    expect(covered('api')).toEqual(Object.keys(API_ROUTE_METHODS).sort());
    expect(covered('page')).toEqual(appRoutes('page.tsx'));
  });

  it('answer 4xx with a message on every route, never 5xx or a stack trace', async () => {
    const imported = await runSteplens(['import', failedFile], { env: server.env });
    expect(imported.code, imported.stderr).toBe(0);
    const list = JSON.parse((await get('/api/executions?status=FAILED')).body) as { items: Array<{ executionArn: string; stateMachineArn: string }> };
    const failed = list.items.find((item) => item.executionArn.includes('catch_states_runtime'));
    expect(failed).toBeDefined();
    const ids: CorpusIds = { executionArn: failed!.executionArn, stateMachineArn: failed!.stateMachineArn, stateName: 'RaiseRuntime' };

    const corpus = malformedRequestCorpus(ids);
    const byStatus = new Map<number, number>();
    const problems: string[] = [];
    for (const entry of corpus) {
      const answer = await send(server.baseUrl, entry);
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      for (const problem of problemsOf(entry, answer)) problems.push(`${entry.method} ${entry.path.slice(0, 120)} (${entry.what}): ${problem}`);
    }
    const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
    console.log(`malformed-requests: ${corpus.length} requests over ${new Set(corpus.map((e) => e.path.split('?')[0])).size} distinct paths; answers ${statuses}`);
    // At least the 381 kinds of malformed request, and more of the same kinds.
    expect(corpus.length).toBeGreaterThanOrEqual(381);
    expect(problems).toEqual([]);
    expect([...byStatus.keys()].filter((status) => status >= 500)).toEqual([]);
    expect(server.log()).not.toMatch(/Maximum call stack|URIError|HTTP method is unsupported/);
  }, 300_000);
});
