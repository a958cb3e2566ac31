// One wrapper for every route handler in app/api (the dub `withWorkspace` pattern): zod-parse the
// route params, the query and the JSON body → call the handler → answer its value as JSON, and
// map whatever it throws through the one error mapping (error-response.ts). It also says who is
// asking (auth/authenticate.ts) and, with authentication configured, refuses a route to anyone
// not signed in, whatever proxy.ts let through.
import type { z } from 'zod';
import { jsonText, jsonTextChunks } from '../history/json-text.ts';
import { rateLimitedResponse, unauthorizedResponse } from './access-gate.ts';
import { ApiError } from './api-error.ts';
import { accessConfigFromEnv, AccessConfigError } from './auth/access-config.ts';
import { authenticate, identityOf } from './auth/authenticate.ts';
import type { Identity } from './auth/identity.ts';
import { errorResponse } from './error-response.ts';
import { queryInput } from './query-input.ts';

export interface RouteSchemas {
  /** The dynamic segments (`[arn]` → `{ arn }`), already decoded by Next.js 16. */
  params?: z.ZodType;
  /** The query (see queryInput: a repeated parameter arrives as an array). */
  query?: z.ZodType;
  /** The request body, read as JSON. */
  body?: z.ZodType;
  /**
   * `public`: answers without a session when authentication is on (the handler gets `identity`
   * null then, and decides what to say: GET /api/health says only `ok`). Default: signed in only.
   * Every public route is also in access-gate.ts PUBLIC_ROUTES.
   */
  access?: 'public';
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<S extends RouteSchemas> {
  request: Request;
  params: Parsed<S['params']>;
  query: Parsed<S['query']>;
  body: Parsed<S['body']>;
  /** Who is asking (LOCAL_IDENTITY when sign-in is off); null only on a public route without a session. */
  identity: S['access'] extends 'public' ? Identity | null : Identity;
}

/** What Next.js passes a route handler besides the request. */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export type RouteHandler = (request: Request, context?: RouteContext) => Promise<Response>;

/**
 * Wraps a route handler. The handler returns the response body (sent as JSON, status 200) or,
 * for another status, a Response of its own; it throws ApiError for a 4xx.
 *
 * A parse failure is a 400 `{"error": "<parameter>: <problem>"}` naming the first offending
 * parameter (its zod path; "params", "query" or "body" when the whole input is wrong).
 */
export function withRoute<const S extends RouteSchemas>(schemas: S, handler: (input: RouteInput<S>) => unknown): RouteHandler {
  return async (request, context) => {
    try {
      const authentication = await authenticate(request.headers, accessConfigFromEnv());
      const identity = identityOf(authentication);
      if (identity === null && schemas.access !== 'public') {
        return authentication.kind === 'rate-limited' ? rateLimitedResponse(authentication.retryAfterSeconds) : unauthorizedResponse(authentication.kind === 'wrong-token');
      }
      const url = new URL(request.url);
      const params = await parseInput('params', schemas.params, (await context?.params) ?? {});
      const query = await parseInput('query', schemas.query, queryInput(url.searchParams));
      const body = schemas.body === undefined ? undefined : await parseInput('body', schemas.body, await readJsonBody(request));
      const result = await handler({ request, params, query, body, identity } as RouteInput<S>);
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      if (error instanceof AccessConfigError) return Response.json({ error: `access configuration: ${error.message}` }, { status: 500 });
      return errorResponse(error, `${request.method} ${new URL(request.url).pathname}`);
    }
  };
}

/**
 * The handler's value as a JSON response, as Response.json would make it, but through jsonText:
 * a payload nested deeper than JSON.stringify's recursion reaches (json-text.ts) is answered, not a 500.
 */
function jsonResponse(value: unknown): Response {
  return new Response(jsonText(value) ?? 'null', { headers: { 'content-type': 'application/json' } });
}

/**
 * A JSON response written as it is sent (jsonTextChunks, ~64 KB pieces, pulled as the client
 * reads), for answers that may be tens of MB (the detail of a 48,000-event execution): the
 * server never holds the whole text, only the value it is made from. The text is the same as
 * jsonResponse's. A value that cannot be serialised fails before the first piece is sent (the
 * first piece is written eagerly), so it still gets the wrapper's error answer.
 */
export function streamedJsonResponse(value: unknown): Response {
  const pieces = jsonTextChunks(value);
  const first = pieces.next();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // No piece at all: the value is undefined, answered as jsonResponse answers it.
      controller.enqueue(encoder.encode(first.done ? 'null' : first.value));
      if (first.done) controller.close();
    },
    pull(controller) {
      const next = pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(stream, { headers: { 'content-type': 'application/json' } });
}

const encoder = new TextEncoder();

async function parseInput(source: 'params' | 'query' | 'body', schema: z.ZodType | undefined, input: unknown): Promise<unknown> {
  if (schema === undefined) return undefined;
  const result = await schema.safeParseAsync(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const parameter = issue?.path.map(String).join('.') || source;
  throw ApiError.badRequest(parameter, issue?.message ?? 'invalid');
}

async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw ApiError.badRequest('body', 'not valid JSON');
  }
}
