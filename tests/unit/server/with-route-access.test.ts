import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_IDENTITY } from '../../../lib/server/auth/identity.ts';
import { withRoute } from '../../../lib/server/index.ts';

const TOKEN = 'with-route-test-token-0123456789abcdef';
let saved: string | undefined;

beforeEach(() => {
  saved = process.env.STEPLENS_AUTH_TOKEN;
});
afterEach(() => {
  if (saved === undefined) delete process.env.STEPLENS_AUTH_TOKEN;
  else process.env.STEPLENS_AUTH_TOKEN = saved;
});

function get(headers: Record<string, string> = {}): Request {
  return new Request('http://127.0.0.1:3000/api/test', { headers: { 'x-forwarded-for': '192.0.2.200', ...headers } });
}

describe('withRoute: who is asking', () => {
  it('hands the handler LOCAL_IDENTITY when sign-in is off', async () => {
    delete process.env.STEPLENS_AUTH_TOKEN;
    const response = await withRoute({}, ({ identity }) => ({ identity }))(get());
    expect(await response.json()).toEqual({ identity: LOCAL_IDENTITY });
  });

  it('with sign-in on: 401 without a session (the handler never runs), the identity with the bearer token', async () => {
    process.env.STEPLENS_AUTH_TOKEN = TOKEN;
    let ran = false;
    const route = withRoute({}, ({ identity }) => {
      ran = true;
      return { identity };
    });
    const refused = await route(get());
    expect(refused.status).toBe(401);
    expect(ran).toBe(false);
    const allowed = await route(get({ authorization: `Bearer ${TOKEN}` }));
    expect(await allowed.json()).toEqual({ identity: { subject: 'token', name: 'token holder', role: 'operator', credential: 'bearer' } });
  });

  it('a public route runs without a session, with identity null', async () => {
    process.env.STEPLENS_AUTH_TOKEN = TOKEN;
    const response = await withRoute({ access: 'public' }, ({ identity }) => ({ identity }))(get());
    expect(await response.json()).toEqual({ identity: null });
  });

  it('a bad access setting is a 500 naming it, not an open route', async () => {
    process.env.STEPLENS_AUTH_TOKEN = 'short';
    const response = await withRoute({}, () => ({ secret: 1 }))(get());
    expect(response.status).toBe(500);
    expect((await response.json()).error).toMatch(/^access configuration: STEPLENS_AUTH_TOKEN is 5 characters long/);
  });
});
