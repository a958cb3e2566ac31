import { signInMethods } from '@/lib/server/auth/access-config';
import { pageIdentity } from '@/lib/server/auth/page-identity';
import { signInMessage } from '@/lib/server/auth/sign-in-messages';
import { safeNextPath } from '@/lib/server/auth/sign-in-request';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in' };

// /login (README: Access): the token form (posts to /api/auth/login) and the single sign-on link,
// whichever are configured; the message of a failed attempt (?error=) and where to return (?next=).
export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const next = safeNextPath(typeof query.next === 'string' ? query.next : '/');
  const message = signInMessage(query.error);
  const methods = signInMethods();
  const identity = methods.required ? await pageIdentity() : null;
  return (
    <>
      <h1>Sign in</h1>
      {message ? (
        <p className="banner" role="alert" data-testid="sign-in-message">
          {message}
        </p>
      ) : null}
      {!methods.required ? (
        <p className="empty">Sign-in is off: this dashboard serves loopback only, to anyone on this machine. Set STEPLENS_AUTH_TOKEN or STEPLENS_OIDC_* to require it.</p>
      ) : identity ? (
        <p>
          Signed in as {identity.name} ({identity.role}). <a href={next}>Continue</a>
        </p>
      ) : (
        <div className="sign-in">
          {methods.oidc ? (
            <a className="sso" href={`/api/auth/oidc/login?next=${encodeURIComponent(next)}`} data-testid="sign-in-oidc">
              Sign in with single sign-on
            </a>
          ) : null}
          {methods.oidc && methods.token ? <span className="muted or">or</span> : null}
          {methods.token ? (
            <form method="post" action="/api/auth/login" className="sign-in" data-testid="sign-in-token">
              <input type="hidden" name="next" value={next} />
              <label>
                Access token
                <input type="password" name="token" autoComplete="current-password" required autoFocus />
              </label>
              <button type="submit">Sign in</button>
            </form>
          ) : null}
        </div>
      )}
    </>
  );
}
