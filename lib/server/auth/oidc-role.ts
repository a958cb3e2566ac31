// Which role an OpenID Connect sign-in gets (DESIGN.md §2.7): an operator when STEPLENS_OIDC_OPERATORS
// names the account's subject, its verified email or one of its groups; else a viewer — unless
// STEPLENS_OIDC_VIEWERS is set and names none of them, then no access at all. Pure.
import type { OidcSettings } from './access-config.ts';
import type { Role } from './identity.ts';

/** The claims that matter here (ID token merged with UserInfo). */
export interface OidcClaims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  groups?: unknown;
  name?: unknown;
  preferred_username?: unknown;
}

/** The role for `claims`, or null when the account may not sign in. */
export function roleForClaims(claims: OidcClaims, settings: Pick<OidcSettings, 'operators' | 'viewers'>): Role | null {
  const account = accountNames(claims);
  const matches = (list: readonly string[]) => list.some((entry) => account.exact.has(entry) || (account.email !== null && entry.toLowerCase() === account.email));
  if (matches(settings.operators)) return 'operator';
  if (settings.viewers === null || matches(settings.viewers)) return 'viewer';
  return null;
}

/** What the dashboard shows for the account: its name, else email, else username, else subject. */
export function displayName(claims: OidcClaims): string {
  for (const value of [claims.name, claims.email, claims.preferred_username]) if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return claims.sub;
}

/**
 * Everything an entry of the lists may name: the subject and the groups (exactly, as the provider
 * spells them), the email (any case) unless the provider says it is unverified (anyone can type
 * an address into an account).
 */
function accountNames(claims: OidcClaims): { exact: Set<string>; email: string | null } {
  const exact = new Set([claims.sub]);
  const groups = typeof claims.groups === 'string' ? [claims.groups] : Array.isArray(claims.groups) ? claims.groups : [];
  for (const group of groups) if (typeof group === 'string') exact.add(group);
  const email = typeof claims.email === 'string' && claims.email_verified !== false ? claims.email.toLowerCase() : null;
  return { exact, email };
}
