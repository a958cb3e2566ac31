// A corpus of malformed requests, generated systematically over every API route and page route:
// each dynamic segment replaced by malformed %-escapes, invalid UTF-8, NUL and control bytes,
// path tricks, overlong and odd Unicode values; every numeric, date, enum and text parameter given
// the values a fuzzer tries first; every route asked with the methods it does not serve. Replayed
// against a running server by malformed-requests.test.ts (and usable from a script, to measure).
import { request } from 'node:http';
import { API_ROUTE_METHODS } from '../../../lib/server/request-policy.ts';

/** Real values of the store the corpus runs against, so only one thing is wrong per request. */
export interface CorpusIds {
  executionArn: string;
  stateMachineArn: string;
  stateName: string;
}

export interface CorpusRequest {
  method: string;
  /** Path and query exactly as sent (already percent-encoded ASCII: the request line as an attacker writes it). */
  path: string;
  /** What kind of route it hits: API answers must be JSON `{"error"}` when they refuse. */
  surface: 'api' | 'page';
  /** What is wrong with it, for failure messages. */
  what: string;
  /** When the answer is known: the status, and for API refusals the parameter the message must name. */
  expect?: { status: number; names?: string };
}

export interface CorpusAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const enc = encodeURIComponent;

/**
 * Malformed or hostile values for a path segment, as sent on the wire. `status` is the answer each
 * must get on an API route: 400 for a segment that cannot be decoded at all, 404 for one that
 * decodes but names nothing.
 */
export const BAD_SEGMENTS: ReadonlyArray<{ raw: string; what: string; undecodable: boolean }> = [
  { raw: '%E0%A4%A', what: 'truncated %-escape of a 3-byte UTF-8 character', undecodable: true },
  { raw: '%zz', what: 'non-hex %-escape', undecodable: true },
  { raw: '%', what: 'lone %', undecodable: true },
  { raw: '%E0%A4', what: 'incomplete UTF-8 sequence', undecodable: true },
  { raw: '%C0%AF', what: 'overlong UTF-8 encoding of /', undecodable: true },
  { raw: '%ED%A0%80', what: 'UTF-8-encoded surrogate', undecodable: true },
  { raw: '%FF%FE', what: 'bytes that are never UTF-8', undecodable: true },
  { raw: '%u0041', what: 'IIS-style %u escape', undecodable: true },
  { raw: `arn%3Aaws%3Astates%3A%zz`, what: 'ARN with a malformed escape inside', undecodable: true },
  { raw: '%00', what: 'NUL byte', undecodable: false },
  { raw: '%0A%0D', what: 'line feed and carriage return', undecodable: false },
  { raw: '%1B%5B31m', what: 'terminal escape sequence', undecodable: false },
  { raw: '..%2F..%2Fetc%2Fpasswd', what: 'encoded path traversal', undecodable: false },
  { raw: '%25', what: 'encoded % alone', undecodable: false },
  { raw: '%25zz', what: 'encoded % before non-hex', undecodable: false },
  { raw: '%25E0%25A4%25A', what: 'double-encoded truncated escape', undecodable: false },
  { raw: 'a'.repeat(10_000), what: '10,000-character segment', undecodable: false },
  { raw: enc('arn:aws:states:us-east-1:123456789012:execution:' + 'x'.repeat(3000)), what: 'overlong ARN', undecodable: false },
  { raw: '%F0%9F%92%A5%E2%80%AE%EF%BB%BF', what: 'emoji, right-to-left override and BOM', undecodable: false },
  { raw: enc('<script>alert(1)</script>'), what: 'markup', undecodable: false },
  { raw: enc("' OR 1=1 --"), what: 'SQL', undecodable: false },
  { raw: enc('arn:aws:states:us-east-1:123456789012:execution:nope:missing'), what: 'well-formed ARN that is not stored', undecodable: false },
];

/** Values of a whole-number parameter that no strict parser accepts. */
const BAD_WHOLE_NUMBERS = ['0', '-1', '0x10', '1e3', '1.5', '10000000000000000000000', 'abc', '%205', '5%20', '%00', 'Infinity', 'NaN', '1,2', '%EF%BC%95' /* fullwidth 5 */];
const BAD_DATES = [
  '2024-01-01T00:00:00%2B99:99',
  '2024-01-01T00:00:00-24:00',
  '2024-01-01T00:00:00%2B05:60',
  '2024-13-01',
  '2024-02-30',
  '2024-01-01T25:00:00Z',
  'yesterday',
  '%00',
  '9999999999999',
  '2024-01-01T00:00:00Z%00',
];
const BAD_TEXT = ['%00', 'a%00b', '%01', '%1F', '%7F', '%C2%85' /* NEL, a C1 control */, 'x'.repeat(300)];

interface RouteTemplate {
  /** Path with {arn}, {sm}, {state}, {index} slots (each a segment). */
  path: string;
  surface: 'api' | 'page';
  /** Query added to every request of the route (a required parameter). */
  query?: string;
  /** Query parameters the route reads, with what kind of value each is. */
  params?: Partial<Record<'limit' | 'last' | 'from' | 'to' | 'cursor' | 'bucket' | 'status' | 'sort' | 'text' | 'counts' | 'cluster' | 'arnQuery', string[]>>;
}

/** Every route of the app (app/api/**\/route.ts and app/**\/page.tsx). */
export const ROUTES: readonly RouteTemplate[] = [
  { path: '/api/health', surface: 'api' },
  { path: '/api/state-machines', surface: 'api' },
  { path: '/api/state-machines/{sm}/states', surface: 'api', params: { from: ['from'], to: ['to'], last: ['last'] } },
  { path: '/api/state-machines/{sm}/series', surface: 'api', params: { from: ['from'], to: ['to'], last: ['last'], bucket: ['bucket'] } },
  { path: '/api/state-machines/{sm}/states/{state}', surface: 'api', params: { from: ['from'], to: ['to'], last: ['last'], bucket: ['bucket'] } },
  { path: '/api/failure-clusters', surface: 'api', params: { limit: ['limit'], from: ['from'], to: ['to'], arnQuery: ['stateMachineArn'] } },
  { path: '/api/compare', surface: 'api', query: 'stateMachineArn={sm}', params: { from: ['from'], to: ['to'] } },
  {
    path: '/api/executions',
    surface: 'api',
    params: {
      limit: ['limit'],
      from: ['from'],
      to: ['to'],
      cursor: ['cursor'],
      status: ['status'],
      sort: ['sort'],
      text: ['q', 'text', 'error'],
      counts: ['counts'],
      cluster: ['cluster'],
      arnQuery: ['stateMachineArn'],
    },
  },
  { path: '/api/executions/{arn}', surface: 'api' },
  { path: '/api/executions/{arn}/events', surface: 'api', params: { limit: ['limit'], cursor: ['cursor'] } },
  { path: '/api/executions/{arn}/runs/{index}', surface: 'api' },
  { path: '/api/executions/{arn}/test-case', surface: 'api' },
  { path: '/api/executions/{arn}/replay', surface: 'api' },
  { path: '/api/executions/{arn}/actions', surface: 'api' },
  { path: '/api/executions/{arn}/stop', surface: 'api' },
  { path: '/api/executions/{arn}/redrive', surface: 'api' },
  { path: '/api/executions/{arn}/start-again', surface: 'api' },
  { path: '/api/audit', surface: 'api', params: { limit: ['limit'], cursor: ['cursor'], arnQuery: ['target'] } },
  { path: '/api/executions/diff', surface: 'api', query: 'a={arn}&b={arn}' },
  { path: '/api/map-runs/{arn}', surface: 'api' },
  { path: '/api/alerts', surface: 'api' },
  { path: '/api/alerts/deliveries', surface: 'api', params: { limit: ['limit'] } },
  { path: '/api/auth/login', surface: 'api' },
  { path: '/api/auth/logout', surface: 'api' },
  { path: '/api/auth/session', surface: 'api' },
  { path: '/api/auth/oidc/login', surface: 'api' },
  { path: '/api/auth/oidc/callback', surface: 'api' },
  { path: '/', surface: 'page' },
  { path: '/executions', surface: 'page' },
  { path: '/executions/{arn}', surface: 'page' },
  { path: '/executions/{arn}/try-fix', surface: 'page' },
  { path: '/executions/diff', surface: 'page', query: 'a={arn}&b={arn}' },
  { path: '/map-runs/{arn}', surface: 'page' },
  { path: '/state-machines/{sm}', surface: 'page' },
  { path: '/compare', surface: 'page', query: 'stateMachineArn={sm}' },
  { path: '/failures', surface: 'page' },
  { path: '/health', surface: 'page' },
  { path: '/alerts', surface: 'page' },
  { path: '/audit', surface: 'page' },
  { path: '/login', surface: 'page' },
];

/** A template's Next.js route pattern (`{sm}` is an `[arn]` segment too), to check ROUTES covers every route. */
export function routePattern(template: string): string {
  return template.replace('{arn}', '[arn]').replace('{sm}', '[arn]').replace('{state}', '[stateName]').replace('{index}', '[index]');
}

const SLOTS = ['arn', 'sm', 'state', 'index'] as const;
type Slot = (typeof SLOTS)[number];

function fill(template: string, ids: CorpusIds, override?: { slot: Slot; raw: string }): string {
  const values: Record<Slot, string> = { arn: enc(ids.executionArn), sm: enc(ids.stateMachineArn), state: enc(ids.stateName), index: '0' };
  if (override) values[override.slot] = override.raw;
  return template.replace(/\{(arn|sm|state|index)\}/g, (_, slot: Slot) => values[slot]);
}

/**
 * A page answers the 404 page for any segment that names nothing (or cannot be decoded); an API
 * route 400 naming `path` for an undecodable segment, 400 naming `index` for a run index that is
 * not digits, 404 for an ARN that is not stored. A state name is free text: an unknown one is a
 * state with no runs (200), so only an undecodable one has a fixed answer.
 */
function segmentExpectation(surface: 'api' | 'page', slot: Slot, undecodable: boolean): CorpusRequest['expect'] {
  if (surface === 'page') return { status: 404 };
  if (undecodable) return { status: 400, names: 'path' };
  if (slot === 'index') return { status: 400, names: 'index' };
  if (slot === 'state') return undefined;
  return { status: 404 };
}

function withQuery(path: string, ...parts: Array<string | undefined>): string {
  const query = parts.filter((part): part is string => part !== undefined && part !== '').join('&');
  return query === '' ? path : `${path}?${query}`;
}

/** Methods tried on every route: those it does not export must be refused (TRACE by every route). */
const TRIED_METHODS = ['TRACE', 'POST', 'PUT', 'DELETE', 'PATCH'];

function refusedMethods(route: RouteTemplate): string[] {
  const allowed = route.surface === 'api' ? (API_ROUTE_METHODS[routePattern(route.path)] ?? []) : ['GET', 'HEAD'];
  return TRIED_METHODS.filter((method) => !allowed.includes(method));
}

/** The corpus over the given store's ids; every request differs from a valid one in one way. */
export function malformedRequestCorpus(ids: CorpusIds): CorpusRequest[] {
  const corpus: CorpusRequest[] = [];
  const add = (entry: CorpusRequest) => corpus.push(entry);

  for (const route of ROUTES) {
    const baseQuery = route.query === undefined ? undefined : fill(route.query, ids);
    const valid = withQuery(fill(route.path, ids), baseQuery);

    // Each dynamic segment, malformed.
    for (const slot of SLOTS) {
      if (!route.path.includes(`{${slot}}`)) continue;
      for (const bad of BAD_SEGMENTS) {
        const path = withQuery(fill(route.path, ids, { slot, raw: bad.raw }), baseQuery);
        // An undecodable segment is refused before the method is; a route that does not serve
        // GET (POST …/replay) refuses the GET of any decodable path with 405.
        const servesGet = route.surface === 'page' || (API_ROUTE_METHODS[routePattern(route.path)] ?? []).includes('GET');
        const expect = bad.undecodable || servesGet ? segmentExpectation(route.surface, slot, bad.undecodable) : { status: 405 };
        add({ method: 'GET', path, surface: route.surface, what: `${slot} segment: ${bad.what}`, expect });
      }
      if (slot === 'index') {
        for (const raw of ['-1', '1e3', '0x10', '1.5', '%201', '99999999999999999999999', '4294967296']) {
          const status = /^\d+$/.test(raw) ? 404 : 400;
          add({ method: 'GET', path: fill(route.path, ids, { slot, raw }), surface: route.surface, what: `run index ${raw}`, expect: { status, names: status === 400 ? 'index' : undefined } });
        }
      }
    }

    // Each query parameter, malformed.
    const params = route.params ?? {};
    const refuse = (name: string, value: string, what: string) =>
      add({ method: 'GET', path: withQuery(fill(route.path, ids), baseQuery, `${name}=${value}`), surface: route.surface, what: `${name}=${what}`, expect: { status: 400, names: name } });
    for (const name of params.limit ?? []) for (const value of [...BAD_WHOLE_NUMBERS, '100001']) refuse(name, value, value);
    for (const name of params.last ?? []) for (const value of [...BAD_WHOLE_NUMBERS, '100001']) refuse(name, value, value);
    for (const name of [...(params.from ?? []), ...(params.to ?? [])]) for (const value of BAD_DATES) refuse(name, value, value);
    for (const name of params.bucket ?? []) for (const value of ['7m', '%00', 'AUTO%00', '1h%20']) refuse(name, value, value);
    for (const name of params.status ?? []) for (const value of ['EXPLODED', 'FAILED,BOGUS', '%00', 'FAILED%00']) refuse(name, value, value);
    for (const name of params.sort ?? []) for (const value of ['random', '%00', 'newest%20desc']) refuse(name, value, value);
    for (const name of params.text ?? []) for (const value of BAD_TEXT) refuse(name, value, value.length > 20 ? `${value.length} characters` : value);
    for (const name of params.counts ?? []) for (const value of ['2', 'yes%00']) refuse(name, value, value);
    for (const name of params.cluster ?? []) for (const value of ['xyz', '%00', '0123456789abcdeg']) refuse(name, value, value);
    for (const name of params.arnQuery ?? []) refuse(name, '%00', 'NUL');
    for (const name of params.cursor ?? []) {
      for (const value of ['garbage', '-1', '%00', '9999999999999999999999', 'A'.repeat(2000)]) refuse(name, value, value.length > 20 ? `${value.length} characters` : value);
    }
    // Malformed escapes in the query itself are decoded leniently (WHATWG URL): never a 5xx.
    for (const query of ['%zz=1', 'limit=%E0%A4%A', '%00=%00', `${'p'.repeat(50)}=${'v'.repeat(8000)}`]) {
      add({ method: 'GET', path: withQuery(fill(route.path, ids), baseQuery, query), surface: route.surface, what: `query ${query.slice(0, 24)}` });
    }

    // Methods the route does not serve.
    for (const method of refusedMethods(route)) add({ method, path: valid, surface: route.surface, what: `${method} ${route.path}`, expect: { status: 405 } });
  }

  // Required parameters missing or malformed.
  for (const [name, value] of [
    ['a', 'notarn'],
    ['a', '%00'],
    ['a', enc('arn:' + 'x'.repeat(3000))],
  ] as const) {
    add({ method: 'GET', path: `/api/executions/diff?${name}=${value}&b=${enc(ids.executionArn)}`, surface: 'api', what: `diff ${name}=${value.slice(0, 10)}`, expect: { status: 400, names: name } });
  }
  add({ method: 'GET', path: `/api/executions/diff?a=${enc(ids.executionArn)}`, surface: 'api', what: 'diff without b', expect: { status: 400, names: 'b' } });
  add({ method: 'GET', path: '/api/compare', surface: 'api', what: 'compare without stateMachineArn', expect: { status: 400, names: 'stateMachineArn' } });
  add({
    method: 'GET',
    path: `/api/compare?${Array.from({ length: 11 }, (_, i) => `stateMachineArn=m${i}`).join('&')}`,
    surface: 'api',
    what: 'compare with 11 machines',
    expect: { status: 400, names: 'stateMachineArn' },
  });
  add({ method: 'GET', path: '/api/no-such-route', surface: 'api', what: 'unknown API route', expect: { status: 404 } });
  add({ method: 'GET', path: '/no-such-page', surface: 'page', what: 'unknown page', expect: { status: 404 } });
  return corpus;
}

/** Sends one request as written (no normalisation of the path, any method) and reads the whole answer. */
export function send(baseUrl: string, entry: Pick<CorpusRequest, 'method' | 'path'>): Promise<CorpusAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: entry.method, path: entry.path, headers: { accept: '*/*' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer to ${entry.method} ${entry.path.slice(0, 80)} in 60 s`)));
    req.end();
  });
}

/** What is wrong with an answer (empty when nothing is). */
export function problemsOf(entry: CorpusRequest, answer: CorpusAnswer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`answered ${answer.status}`);
  if (entry.expect && answer.status !== entry.expect.status) problems.push(`answered ${answer.status}, expected ${entry.expect.status}`);
  if (answer.status === 405 && !answer.headers.allow) problems.push('405 without an Allow header');
  // Refusals made before Next.js (lib/server request-policy) carry the security headers too.
  if (!String(answer.headers['content-security-policy'] ?? '').includes("object-src 'none'")) problems.push('no Content-Security-Policy header');
  if (answer.headers['x-content-type-options'] !== 'nosniff') problems.push('no X-Content-Type-Options: nosniff');
  // A stack frame in a response body ("at fn (file.js:1:2)") would tell an attacker about the internals.
  if (/\bat [^\n]*\(?[^\s)]+\.(?:js|ts|mjs):\d+:\d+/.test(answer.body)) problems.push('a stack trace in the body');
  if (entry.surface === 'api' && answer.status >= 400 && entry.method !== 'HEAD') {
    let error: unknown;
    try {
      error = (JSON.parse(answer.body) as { error?: unknown }).error;
    } catch {
      error = undefined;
    }
    if (typeof error !== 'string' || error === '') problems.push(`no JSON {"error"} body: ${answer.body.slice(0, 80)}`);
    else if (entry.expect?.names && !error.startsWith(`${entry.expect.names}: `)) problems.push(`error does not name ${entry.expect.names}: ${error.slice(0, 120)}`);
  }
  return problems;
}
