import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCESS_VARIABLES } from '../../../lib/server/auth/access-config.ts';
import { runSteplens } from '../../helpers/run-steplens';

// `steplens start` refuses a setup that would serve the network without sign-in, or a sign-in
// setting that cannot work, before it touches the store or builds (DESIGN.md §2.7): one line, exit 2.

const dir = mkdtempSync(join(tmpdir(), 'steplens-start-access-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** No access variable from the developer's shell (blank is unset), a store of the test's own, no demo. */
const clean: Record<string, string> = {
  ...Object.fromEntries(ACCESS_VARIABLES.map((name) => [name, ''])),
  HOSTNAME: '',
  HOST: '',
  DATABASE_URL: `file:${join(dir, 'store.db')}`,
  STEPLENS_DEMO: 'off',
};

function start(args: string[], env: Record<string, string> = {}) {
  return runSteplens(['start', '--port', '1', ...args], { env: { ...clean, ...env } });
}

describe('steplens start: who may reach it', () => {
  it.each([
    ['--host 0.0.0.0', ['--host', '0.0.0.0'], {}],
    ['HOST=0.0.0.0', [], { HOST: '0.0.0.0' }],
    ['HOSTNAME=::', [], { HOSTNAME: '::' }],
    ['--host 10.1.2.3', ['--host', '10.1.2.3'], {}],
  ])('refuses a non-loopback bind without sign-in (%s): exit 2, one line naming the fix', async (_name, args, env) => {
    const result = await start(args as string[], env as Record<string, string>);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^steplens: start: refusing to serve on \S+ without sign-in: set STEPLENS_AUTH_TOKEN \(32\+ characters, .*\) or STEPLENS_OIDC_ISSUER, STEPLENS_OIDC_CLIENT_ID and STEPLENS_OIDC_CLIENT_SECRET, or serve on 127\.0\.0\.1$/);
  });

  it('refuses a token shorter than 32 characters, on loopback too', async () => {
    const result = await start([], { STEPLENS_AUTH_TOKEN: 'too-short' });
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd()).toBe('steplens: start: STEPLENS_AUTH_TOKEN is 9 characters long; it needs at least 32 (e.g. `openssl rand -hex 32`)');
  });

  it('refuses half an OIDC setup', async () => {
    const result = await start(['--host', '0.0.0.0'], { STEPLENS_OIDC_ISSUER: 'https://id.example.com' });
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd()).toBe(
      'steplens: start: OIDC sign-in needs STEPLENS_OIDC_CLIENT_ID and STEPLENS_OIDC_CLIENT_SECRET too (or unset all three STEPLENS_OIDC_* variables)',
    );
  });
});

describe('steplens serve started directly: the same refusal', () => {
  it.each([
    ['--host 0.0.0.0', ['--host', '0.0.0.0'], {}],
    ['HOST=10.1.2.3', [], { HOST: '10.1.2.3' }],
  ])('refuses a non-loopback bind without sign-in (%s): exit 2, one line, before Next.js starts', async (_name, args, env) => {
    const result = await runSteplens(['serve', '--port', '1', ...(args as string[])], { env: { ...clean, ...(env as Record<string, string>) } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^steplens: serve: refusing to serve on \S+ without sign-in: set STEPLENS_AUTH_TOKEN /);
  });
});
