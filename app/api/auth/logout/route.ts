import { withRoute } from '@/lib/server';
import { accessConfigFromEnv } from '@/lib/server/auth/access-config';
import { signOut } from '@/lib/server/auth/token-sign-in';

export const dynamic = 'force-dynamic';

// POST /api/auth/logout (README: Access): clears the session cookie; a form post lands on /login.
export const POST = withRoute({ access: 'public' }, ({ request }) => signOut(request, accessConfigFromEnv()));
