// What the /login page says after a failed or finished sign-in: the routes redirect there with
// `?error=<code>`, the page shows the message. One table, so a code is never shown raw.

export const SIGN_IN_MESSAGES = {
  'wrong-token': 'That is not the access token. Check STEPLENS_AUTH_TOKEN on the server.',
  'token-off': 'Token sign-in is not configured on this server (STEPLENS_AUTH_TOKEN is unset).',
  'oidc-off': 'Single sign-on is not configured on this server (STEPLENS_OIDC_ISSUER is unset).',
  'oidc-unavailable': 'The sign-on provider could not be reached. Try again, or ask the operator to check STEPLENS_OIDC_ISSUER.',
  'oidc-failed': 'Single sign-on did not complete (the sign-in expired or was tampered with). Try again.',
  'oidc-denied': 'The sign-on provider refused the sign-in.',
  'not-allowed': 'Your account signed in, but it is not allowed to use this dashboard (STEPLENS_OIDC_VIEWERS).',
  'cross-site': 'The sign-in request did not come from this dashboard.',
  'signed-out': 'You are signed out.',
} as const;

export type SignInMessageCode = keyof typeof SIGN_IN_MESSAGES;

export function signInMessage(code: unknown): string | null {
  return typeof code === 'string' && Object.hasOwn(SIGN_IN_MESSAGES, code) ? SIGN_IN_MESSAGES[code as SignInMessageCode] : null;
}
