import { withRoute } from '@/lib/server';
import { accessConfigFromEnv } from '@/lib/server/auth/access-config';
import { tokenSignIn } from '@/lib/server/auth/token-sign-in';

export const dynamic = 'force-dynamic';

// POST /api/auth/login (README: Access): the /login form (token, next) or JSON {"token"} → session cookie.
export const POST = withRoute({ access: 'public' }, ({ request }) => tokenSignIn(request, accessConfigFromEnv()));
