import { withRoute } from '@/lib/server';
import { accessConfigFromEnv } from '@/lib/server/auth/access-config';
import { startOidcSignIn } from '@/lib/server/auth/oidc-sign-in';

export const dynamic = 'force-dynamic';

// GET /api/auth/oidc/login?next= (README: Access): to the OpenID provider's sign-in page.
export const GET = withRoute({ access: 'public' }, ({ request }) => startOidcSignIn(request, accessConfigFromEnv()));
