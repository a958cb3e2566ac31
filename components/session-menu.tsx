import type { Identity } from '@/lib/server/auth/identity';

/** Who is signed in, and the sign-out button (a form post, so it works without script). */
export function SessionMenu({ identity }: { identity: Pick<Identity, 'name' | 'role'> }) {
  return (
    <form method="post" action="/api/auth/logout" className="session-menu" data-testid="session-menu">
      <span className="muted" data-testid="session-identity" data-role={identity.role}>
        {identity.name} · {identity.role}
      </span>
      <button type="submit">Sign out</button>
    </form>
  );
}
