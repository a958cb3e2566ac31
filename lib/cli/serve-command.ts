import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseArgs } from 'node:util';
import { isLoopbackHost } from '../server/loopback.ts';
import { requestPolicy } from '../server/request-policy.ts';
import { newNonce, securityHeaders } from '../server/security-headers.ts';
import { CliError } from './cli-error.ts';
import { projectRoot } from './project-root.ts';
import { checkServeAccess, listenAddress } from './serve-access.ts';

export const serveUsage = `Usage: steplens serve [--port N] [--host H]

Serves the built dashboard (run \`steplens build\` first) over the store DATABASE_URL names, with
no poller and no migration: what \`steplens start\` runs once it has built and migrated. Requests
the dashboard cannot serve are refused before Next.js sees them (README: Hostile input).
  --port N   default $PORT or 3000
  --host H   default $HOSTNAME, $HOST or 127.0.0.1`;

/**
 * A path that no page matches: Next.js answers it with the app's 404 page (app/not-found.tsx),
 * which is what a page URL with an undecodable segment gets (it cannot name any execution).
 */
const UNMATCHED_PAGE_PATH = '/_steplens/unmatched';

/** `steplens serve`: Next.js's request handler behind lib/server requestPolicy. Resolves with the exit status. */
export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(serveUsage);
    return 0;
  }
  const { host, port } = listenAddress('serve', values, process.env);
  // As `start` does (it runs this command in its server process): a non-loopback bind without
  // sign-in is refused here too, so `steplens serve --host 0.0.0.0` cannot open it to the network.
  checkServeAccess('serve', host, process.env);
  // Where we listen, for the Host-header check (lib/server/host-check.ts) in this process.
  Object.assign(process.env, { STEPLENS_LISTEN_HOST: host, STEPLENS_LISTEN_PORT: port });

  // As `next start` does: a production server unless NODE_ENV says otherwise.
  // (Next.js types NODE_ENV read-only; it is an ordinary variable until Next.js starts.)
  if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: 'production' });
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: projectRoot(), hostname: host, port: Number(port) });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = createServer((req, res) => {
    answer(req, res, handle).catch((error: unknown) => {
      console.error(`steplens: ${req.method} ${req.url?.slice(0, 200)} failed:`, error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    });
  });
  // Node answers CONNECT on its own 'connect' event (no listener: the socket is dropped unanswered).
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new CliError(`serve: port ${port} on ${host} is in use (choose another with --port or PORT)`) : error),
    );
    server.listen(Number(port), host, () => resolve());
  });
  console.log(`steplens: serving on http://${host}:${port}`);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections(); // keep-alive connections would hold close() open
  await closed;
  await app.close();
  return signal === 'SIGINT' ? 130 : 143;
}

/**
 * The client's address and scheme as the app sees them (X-Forwarded-For, X-Forwarded-Proto: the
 * sign-in limiter keys on the first, the HSTS header depends on the second). A client's own values
 * would let it pick its rate-limit key or claim HTTPS, so they are replaced by the connection's,
 * except from a loopback peer (a reverse proxy on this host), whose last X-Forwarded-For entry is
 * the address it saw (earlier entries are whatever its client sent) and whose scheme is trusted.
 */
export function forwardedHeaders(peer: string | undefined, headers: IncomingMessage['headers']): { for: string; proto: string } {
  const direct = { for: peer ?? 'unknown', proto: 'http' };
  if (peer === undefined || !isLoopbackHost(peer)) return direct;
  const listed = String(headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const proto = String(headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim();
  return { for: listed.at(-1) ?? direct.for, proto: proto === 'https' ? 'https' : 'http' };
}

async function answer(req: IncomingMessage, res: ServerResponse, handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<void> {
  const forwarded = forwardedHeaders(req.socket.remoteAddress, req.headers);
  req.headers['x-forwarded-for'] = forwarded.for;
  req.headers['x-forwarded-proto'] = forwarded.proto;
  const verdict = requestPolicy(req.method ?? 'GET', req.url ?? '/');
  if (verdict.kind === 'serve') return handle(req, res);
  if (verdict.kind === 'not-found-page') {
    req.url = UNMATCHED_PAGE_PATH;
    return handle(req, res);
  }
  // Refused before Next.js (and proxy.ts) sees it, so the security headers are set here.
  const security = securityHeaders(newNonce(), { https: forwarded.proto === 'https' });
  res.writeHead(verdict.status, { ...security, ...verdict.headers, 'content-length': String(Buffer.byteLength(verdict.body)) });
  res.end(req.method === 'HEAD' ? undefined : verdict.body);
}
