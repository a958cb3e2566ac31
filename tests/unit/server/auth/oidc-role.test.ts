import { describe, expect, it } from 'vitest';
import { displayName, roleForClaims } from '../../../../lib/server/auth/oidc-role.ts';

const operators = ['ops@example.com', 'sre-team', 'auth0|42'];

describe('roleForClaims', () => {
  it('makes an operator of a listed verified email (any case), subject or group; everyone else a viewer', () => {
    expect(roleForClaims({ sub: 's1', email: 'OPS@example.com', email_verified: true }, { operators, viewers: null })).toBe('operator');
    expect(roleForClaims({ sub: 'auth0|42' }, { operators, viewers: null })).toBe('operator');
    expect(roleForClaims({ sub: 's2', groups: ['readers', 'sre-team'] }, { operators, viewers: null })).toBe('operator');
    expect(roleForClaims({ sub: 's3', email: 'dev@example.com', groups: ['readers'] }, { operators, viewers: null })).toBe('viewer');
  });

  it('does not trust an email the provider marks unverified, nor a group in another case', () => {
    expect(roleForClaims({ sub: 's1', email: 'ops@example.com', email_verified: false }, { operators, viewers: null })).toBe('viewer');
    expect(roleForClaims({ sub: 's2', groups: ['SRE-TEAM'] }, { operators, viewers: null })).toBe('viewer');
  });

  it('with STEPLENS_OIDC_VIEWERS, lets in only those and the operators', () => {
    const settings = { operators, viewers: ['readers'] };
    expect(roleForClaims({ sub: 's3', groups: ['readers'] }, settings)).toBe('viewer');
    expect(roleForClaims({ sub: 'auth0|42' }, settings)).toBe('operator');
    expect(roleForClaims({ sub: 'stranger', email: 'someone@gmail.com' }, settings)).toBeNull();
  });

  it('displayName prefers the name, then email, then username, then the subject', () => {
    expect(displayName({ sub: 's', name: 'Ada Lovelace', email: 'ada@example.com' })).toBe('Ada Lovelace');
    expect(displayName({ sub: 's', name: ' ', email: 'ada@example.com' })).toBe('ada@example.com');
    expect(displayName({ sub: 's', preferred_username: 'ada' })).toBe('ada');
    expect(displayName({ sub: 's' })).toBe('s');
  });
});
