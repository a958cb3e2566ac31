import { describe, expect, it } from 'vitest';
import { loginPageWith, requestOrigin, safeNextPath, sameOriginRequest } from '../../../../lib/server/auth/sign-in-request.ts';

describe('safeNextPath (no open redirect)', () => {
  it('keeps a path of this dashboard with its query', () => {
    expect(safeNextPath('/executions?status=FAILED')).toBe('/executions?status=FAILED');
    expect(safeNextPath('/executions/arn%3Aaws%3Astates')).toBe('/executions/arn%3Aaws%3Astates');
  });

  it('sends anything else home', () => {
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', 'executions', '/a\nb', '/\tx', '/login', '/login?next=/x', '/api/auth/logout', '', null, 7]) {
      expect(safeNextPath(next), String(next)).toBe('/');
    }
  });

  it('loginPageWith carries the message code and the way back', () => {
    expect(loginPageWith('wrong-token', '/executions?x=1')).toBe('/login?error=wrong-token&next=%2Fexecutions%3Fx%3D1');
    expect(loginPageWith('signed-out', '/')).toBe('/login?error=signed-out');
  });
});

describe('origin', () => {
  it('is STEPLENS_PUBLIC_URL, else the Host and scheme of the request', () => {
    expect(requestOrigin(new Headers({ host: '127.0.0.1:3000' }), null)).toBe('http://127.0.0.1:3000');
    expect(requestOrigin(new Headers({ host: 'steplens.internal', 'x-forwarded-proto': 'https' }), null)).toBe('https://steplens.internal');
    expect(requestOrigin(new Headers({ host: '10.0.0.1:3000' }), new URL('https://steplens.example.com'))).toBe('https://steplens.example.com');
  });

  it('a post from another site is refused; one without Origin (a script) is not a browser tricked', () => {
    const ours = new Headers({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' });
    expect(sameOriginRequest(ours, null)).toBe(true);
    expect(sameOriginRequest(new Headers({ host: '127.0.0.1:3000', origin: 'https://evil.example' }), null)).toBe(false);
    expect(sameOriginRequest(new Headers({ host: '127.0.0.1:3000', origin: 'null' }), null)).toBe(false);
    expect(sameOriginRequest(new Headers({ host: '127.0.0.1:3000' }), null)).toBe(true);
  });
});
