import { withRoute } from '@/lib/server';
import { accessConfigFromEnv } from '@/lib/server/auth/access-config';
import { finishOidcSignIn } from '@/lib/server/auth/oidc-sign-in';

export const dynamic = 'force-dynamic';

// GET /api/auth/oidc/callback (README: Access): where the OpenID provider sends the browser back.
export const GET = withRoute({ access: 'public' }, ({ request }) => finishOidcSignIn(request, accessConfigFromEnv()));
