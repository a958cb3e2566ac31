import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { executionFiltersSchema } from '../../../lib/schemas/execution-filters.ts';
import { ApiError, arnParam, INTERNAL_ERROR_MESSAGE, repeatedAsCommaList, repeatedTakesFirst, runIndexParam, streamedJsonResponse, withRoute, type RouteSchemas } from '../../../lib/server/index.ts';
import { InvalidCursorError, StoreError } from '../../../lib/store/index.ts';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:Orders:run-1';

/** Calls a wrapped handler the way Next.js does: decoded params in a promise. */
async function call(
  schemas: RouteSchemas,
  handler: Parameters<typeof withRoute>[1],
  options: { path?: string; params?: Record<string, string>; method?: string; body?: string } = {},
): Promise<{ status: number; body: unknown; contentType: string | null }> {
  const init: RequestInit = { method: options.method ?? 'GET' };
  if (options.body !== undefined) init.body = options.body;
  const response = await withRoute(schemas, handler)(new Request(`http://localhost${options.path ?? '/api/test'}`, init), { params: Promise.resolve(options.params ?? {}) });
  return { status: response.status, body: await response.json(), contentType: response.headers.get('content-type') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('withRoute: parse → handler → JSON', () => {
  it('answers the handler value as JSON with 200', async () => {
    const res = await call({}, () => ({ items: [1, 2] }));
    expect(res).toEqual({ status: 200, body: { items: [1, 2] }, contentType: expect.stringContaining('application/json') });
  });

  it('passes a Response of the handler through unchanged (another status)', async () => {
    const res = await call({}, () => Response.json({ ok: false }, { status: 503 }));
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ ok: false });
  });

  it('hands the handler parsed params, query and body', async () => {
    const seen = vi.fn((input: unknown) => input);
    const schemas = {
      params: z.object({ arn: arnParam, index: runIndexParam }),
      query: z.object({ limit: z.coerce.number() }),
      body: z.object({ name: z.string() }),
    };
    const res = await call(schemas, ({ params, query, body }) => seen({ params, query, body }), {
      path: '/api/test?limit=7',
      params: { arn: ARN, index: '3' },
      method: 'POST',
      body: '{"name":"x"}',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ params: { arn: ARN, index: '3' }, query: { limit: 7 }, body: { name: 'x' } });
  });

  it('decodes an ARN param exactly once (Next.js 16 hands route handlers decoded params)', async () => {
    const schemas = { params: z.object({ arn: arnParam }) };
    const arnOf = async (segment: string) => (await call(schemas, ({ params }) => params, { params: { arn: segment } })).body;
    expect(await arnOf(ARN)).toEqual({ arn: ARN });
    expect(await arnOf(encodeURIComponent(ARN))).toEqual({ arn: ARN });
    expect(await arnOf(encodeURIComponent(encodeURIComponent(ARN)))).toEqual({ arn: encodeURIComponent(ARN) });
  });
});

describe('withRoute: validation errors are 400 naming the parameter', () => {
  it('names a query parameter by its zod path', async () => {
    const res = await call({ query: z.object({ limit: z.string().regex(/^\d+$/, 'must be a positive integer') }) }, () => 'unreached', { path: '/api/test?limit=x' });
    expect(res).toMatchObject({ status: 400, body: { error: 'limit: must be a positive integer' } });
  });

  it('names a route param', async () => {
    const res = await call({ params: z.object({ arn: arnParam, index: runIndexParam }) }, () => 'unreached', { params: { arn: ARN, index: 'first' } });
    expect(res).toMatchObject({ status: 400, body: { error: 'index: must be a run index (0-based integer)' } });
  });

  it('names the nested path of a body field, and the body itself when it is not JSON', async () => {
    const body = z.object({ input: z.object({ n: z.number() }) });
    expect(await call({ body }, () => 'unreached', { method: 'POST', body: '{"input":{"n":"1"}}' })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^input\.n: /) },
    });
    expect(await call({ body }, () => 'unreached', { method: 'POST', body: '{oops' })).toMatchObject({ status: 400, body: { error: 'body: not valid JSON' } });
  });

  it('names the whole input when the problem has no path', async () => {
    const query = z.object({ a: z.string().optional(), b: z.string().optional() }).refine((q) => q.a === undefined || q.b === undefined, 'give a or b, not both');
    expect(await call({ query }, () => 'unreached', { path: '/api/test?a=1&b=2' })).toMatchObject({ status: 400, body: { error: 'query: give a or b, not both' } });
  });

  it('sends only {"error"} (no zod issue dump)', async () => {
    const res = await call({ query: z.object({ limit: z.coerce.number().int() }) }, () => 'unreached', { path: '/api/test?limit=abc' });
    expect(Object.keys(res.body as object)).toEqual(['error']);
  });

  it('gives a repeated parameter as an array, or joined / first by the schema helpers', async () => {
    const echo = ({ query }: { query: unknown }) => query;
    const path = '/api/test?status=FAILED&status=RUNNING&q=x';
    expect((await call({ query: z.record(z.string(), z.unknown()) }, echo, { path })).body).toEqual({ status: ['FAILED', 'RUNNING'], q: 'x' });
    expect((await call({ query: repeatedAsCommaList(z.object({ status: z.string(), q: z.string() })) }, echo, { path })).body).toEqual({ status: 'FAILED,RUNNING', q: 'x' });
    expect((await call({ query: repeatedTakesFirst(z.object({ status: z.string(), q: z.string() })) }, echo, { path })).body).toEqual({ status: 'FAILED', q: 'x' });
  });

  it('words GET /api/executions errors naming the parameter (the messages the list page and API clients see)', async () => {
    const query = repeatedAsCommaList(executionFiltersSchema);
    const statuses = 'RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE';
    const cases: Array<[string, string]> = [
      ['status=EXPLODED', `status: "EXPLODED" is not a status (${statuses})`],
      ['status=FAILED&status=NOPE', `status: "NOPE" is not a status (${statuses})`],
      ['from=yesterday', 'from: must be an ISO-8601 date (UTC unless it has an offset)'],
      ['to=2023-02-30', 'to: must be an ISO-8601 date (UTC unless it has an offset)'],
      ['from=2024-01-01T00:00:00%2B99:99', 'from: must be an ISO-8601 date (UTC unless it has an offset)'],
      ['limit=0', 'limit: must be a whole number from 1 to 500'],
      ['limit=abc', 'limit: must be a whole number from 1 to 500'],
      ['limit=0x10', 'limit: must be a whole number from 1 to 500'],
      ['limit=100000', 'limit: must be a whole number from 1 to 500'],
      ['q=%00', 'q: must not contain control characters (U+0000–U+001F, U+007F–U+009F)'],
      ['text=a%00b', 'text: must not contain control characters (U+0000–U+001F, U+007F–U+009F)'],
      ['sort=random', 'sort: Invalid option: expected one of "newest"|"oldest"|"duration"'],
      ['counts=2', 'counts: Invalid option: expected one of "0"|"1"|"true"|"false"'],
      [`q=${'x'.repeat(300)}`, 'q: must be at most 256 characters'],
    ];
    for (const [search, error] of cases) {
      const res = await call({ query }, () => 'unreached', { path: `/api/executions?${search}` });
      expect(res, search).toEqual({ status: 400, body: { error }, contentType: expect.any(String) });
    }
    const ok = await call({ query }, ({ query: parsed }) => parsed, { path: '/api/executions?status=failed&status=TIMED_OUT&limit=500' });
    expect(ok.body).toMatchObject({ status: ['FAILED', 'TIMED_OUT'], limit: 500 });
  });
});

describe('withRoute: one error mapping', () => {
  it('answers an ApiError with its status and message (and details when given)', async () => {
    expect(await call({}, () => { throw ApiError.notFound(`execution not found: ${ARN}`); })).toMatchObject({ status: 404, body: { error: `execution not found: ${ARN}` } });
    expect(await call({}, () => { throw new ApiError(409, 'already stopped', { status: 'ABORTED' }); })).toMatchObject({
      status: 409,
      body: { error: 'already stopped', details: { status: 'ABORTED' } },
    });
    expect((await call({}, () => { throw ApiError.badRequest('limit', 'too big'); })).body).toEqual({ error: 'limit: too big' });
  });

  it('maps the store\'s InvalidCursorError to 400 naming the cursor', async () => {
    const res = await call({}, async () => { throw new InvalidCursorError('invalid cursor: not one listExecutions returned for this sort'); });
    expect(res).toMatchObject({ status: 400, body: { error: 'cursor: not a cursor this API returned' } });
  });

  it('maps any other StoreError to 503 with its one-line message, logged once', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await call({}, () => { throw new StoreError('cannot open the store at file:/x.db: SQLITE_CANTOPEN\nmore detail'); }, { path: '/api/executions' });
    expect(res).toMatchObject({ status: 503, body: { error: 'store unavailable: cannot open the store at file:/x.db: SQLITE_CANTOPEN' } });
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]?.[0])).toContain('GET /api/executions');
  });

  it('answers anything else with a bare 500 and logs the error (with its stack) once', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const secret = new Error('connection string postgres://user:pw@db/x is wrong');
    const res = await call({}, () => { throw secret; }, { path: '/api/state-machines' });
    expect(res).toMatchObject({ status: 500, body: { error: INTERNAL_ERROR_MESSAGE } });
    expect(JSON.stringify(res.body)).not.toMatch(/postgres|at .*\.ts/);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]).toEqual([expect.stringContaining('GET /api/state-machines'), secret]);
  });

  it('treats a ZodError thrown inside the handler as a server fault, not a bad request', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await call({}, () => z.object({ n: z.number() }).parse({ n: 'stored row' }));
    expect(res.status).toBe(500);
  });
});

describe('withRoute: answers of any depth', () => {
  it('answers a value nested deeper than JSON.stringify can write (10,000 levels) as the same JSON', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const response = await withRoute({}, () => ({ input: deep }))(new Request('http://localhost/api/test'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe(`{"input":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`);
  });
});

describe('streamedJsonResponse', () => {
  it('sends the text JSON.stringify gives, in pieces, as JSON', async () => {
    const value = { runs: Array.from({ length: 3_000 }, (_, i) => ({ index: i, input: `{"n":${i}}`, gone: undefined })), note: 'ü "quoted"' };
    const response = streamedJsonResponse(value);
    expect(response.headers.get('content-type')).toBe('application/json');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    let pieces = 0;
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      pieces += 1;
      text += decoder.decode(chunk, { stream: true });
    }
    expect(pieces).toBeGreaterThan(1);
    expect(text).toBe(JSON.stringify(value));
    expect(await streamedJsonResponse(undefined).text()).toBe('null');
  });

  it('throws before anything is sent for a value JSON cannot hold, so the wrapper answers it', async () => {
    expect(() => streamedJsonResponse({ n: 1n })).toThrow(TypeError);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await call({}, () => streamedJsonResponse({ n: 1n }));
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: INTERNAL_ERROR_MESSAGE });
  });
});
