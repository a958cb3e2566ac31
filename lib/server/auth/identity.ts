// Who is making a request (DESIGN.md §2.7). Route handlers get it from withRoute, pages from
// pageIdentity(); the roles decide what a person may do (viewer reads, operator also acts).

export const ROLES = ['viewer', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** How the request proved who it is. CSRF protection matters for `session` only (a cookie rides along by itself). */
export type Credential = 'bearer' | 'session' | 'none';

export interface Identity {
  /** Stable id for audit rows: `token` for the shared token, the OIDC `sub` (prefixed `oidc:`), `local` when sign-in is off. */
  subject: string;
  /** What the dashboard shows: the OIDC name or email, else the subject. */
  name: string;
  role: Role;
  credential: Credential;
}

/**
 * Who every request is when no authentication is configured: StepLens then serves loopback only
 * (`steplens start` refuses anything else), so whoever can reach it is a user of this machine, and
 * gets the operator role (actions stay off unless STEPLENS_ACTIONS=on).
 */
export const LOCAL_IDENTITY: Identity = Object.freeze({ subject: 'local', name: 'local user (sign-in off)', role: 'operator', credential: 'none' });

/** Who a bearer token or a token sign-in is: the one shared token is one operator. */
export const TOKEN_SUBJECT = 'token';
export const TOKEN_NAME = 'token holder';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
