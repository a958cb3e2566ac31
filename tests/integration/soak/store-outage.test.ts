// What the API answers while PostgreSQL restarts (found by the soak: every route but /api/health
// answered 500 "internal error"): the errors a real store throws while its server is stopping,
// down and starting again map to 503 {"error": "store unavailable: <one line>"} with Retry-After,
// and an ordinary SQL error still maps to a bare 500. Against a PostgreSQL server of the test's own.
import { afterAll, describe, expect, it } from 'vitest';
import { internalsOf } from '../../../lib/store/db/internals.ts';
import { closeAllStores, countRows, listExecutions, openStore } from '../../../lib/store/index.ts';
import { errorResponse, INTERNAL_ERROR_MESSAGE } from '../../../lib/server/index.ts';
import { GET as getHealthRoute } from '../../../app/api/health/route.ts';
import { GET as listExecutionsRoute } from '../../../app/api/executions/route.ts';
import { callRoute, serveStoreToRoutes } from '../../helpers/route-handlers.ts';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.ts';

let server: PrivatePostgres | null = null;
let restoreEnv: (() => void) | null = null;
afterAll(async () => {
  restoreEnv?.();
  await closeAllStores();
  await server?.stop();
});

describe('the API while the store is down', () => {
  it('answers 503 with a one-line message during a PostgreSQL restart, and serves again after it', async () => {
    server = await startPrivatePostgres();
    const store = await openStore(server.url);
    await countRows(store);
    // The route handlers read the same store (DATABASE_URL), as `steplens serve` does.
    restoreEnv = serveStoreToRoutes(server.url);
    expect((await callRoute(getHealthRoute, '/api/health')).status).toBe(200);

    const restart = server.restart(3_000);
    let up = false;
    void restart.then(() => (up = true));
    const answers: Array<{ status: number; body: { error?: string }; retryAfter: string | null }> = [];
    const routeAnswers: Array<{ route: string; status: number; body: Record<string, unknown> }> = [];
    while (!up) {
      // The routes themselves: /api/health reports the outage with its cause, a list route answers 503.
      for (const [route, handler, path] of [['health', getHealthRoute, '/api/health'], ['list', listExecutionsRoute, '/api/executions?limit=5']] as const) {
        const answer = await callRoute(handler, path);
        if (answer.status !== 200) routeAnswers.push({ route, ...answer });
      }
      try {
        await Promise.all([countRows(store), listExecutions(store, { limit: 5 })]);
      } catch (error) {
        const response = errorResponse(error, 'GET /test');
        answers.push({ status: response.status, body: (await response.json()) as { error?: string }, retryAfter: response.headers.get('retry-after') });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await restart;

    expect(answers.length).toBeGreaterThan(0);
    expect(routeAnswers.filter((a) => a.route === 'health').length).toBeGreaterThan(0);
    expect(routeAnswers.filter((a) => a.route === 'list').length).toBeGreaterThan(0);
    for (const answer of routeAnswers) {
      expect(answer.status, JSON.stringify(answer)).toBe(503);
      // Not "store unavailable: " with nothing after it (what /api/health said before).
      expect(answer.body.error, JSON.stringify(answer)).toMatch(/^store unavailable: \S[^\n]*$/);
      if (answer.route === 'health') expect(answer.body.ok).toBe(false);
    }
    expect(JSON.stringify(routeAnswers)).not.toContain(server.url);
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(503);
      expect(answer.body.error).toMatch(/^store unavailable: \S[^\n]*$/);
      expect(answer.retryAfter).toBe('5');
    }
    // The pool reconnects by itself.
    expect((await countRows(store)).executions).toBe(0);
    expect((await callRoute(getHealthRoute, '/api/health')).status).toBe(200);

    // Not every database error is an outage: a bad statement stays a bare 500.
    const sqlError = await internalsOf(store)
      .client.$queryRawUnsafe('SELEC 1')
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(sqlError).not.toBeNull();
    const response = errorResponse(sqlError, 'GET /test');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: INTERNAL_ERROR_MESSAGE });
  }, 120_000);
});
