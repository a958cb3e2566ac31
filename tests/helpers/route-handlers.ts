// Calling app/api route handlers directly, as Next.js calls them (decoded params in a promise),
// over a store of the test's own with no source configured (nothing is fetched on demand).
import { NextRequest } from 'next/server';

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function callRoute(handler: Handler, path: string, params: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await handler(new NextRequest(`http://127.0.0.1${path}`), { params: Promise.resolve(params) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Points the handlers' store at `databaseUrl` and unsets every source variable; returns the undo. */
export function serveStoreToRoutes(databaseUrl: string): () => void {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_') || key.startsWith('STEPLENS_')) delete process.env[key];
  process.env.DATABASE_URL = databaseUrl;
  return () => {
    process.env = saved;
  };
}
