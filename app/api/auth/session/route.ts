import { withRoute } from '@/lib/server';
import { signInMethods } from '@/lib/server/auth/access-config';

export const dynamic = 'force-dynamic';

// GET /api/auth/session (README: Access): who is asking, and how one signs in here.
export const GET = withRoute({}, ({ identity }) => ({ identity, signIn: signInMethods() }));
