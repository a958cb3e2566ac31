import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseArgs } from 'node:util';
import { requestPolicy } from '../server/request-policy.ts';
import { CliError } from './cli-error.ts';
import { projectRoot } from './project-root.ts';

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
  const host = values.host ?? process.env.HOSTNAME ?? process.env.HOST ?? '127.0.0.1';
  const port = values.port ?? process.env.PORT ?? '3000';
  if (!/^\d+$/.test(port) || Number(port) > 65535) throw new CliError(`serve: invalid port "${port}"`);

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

async function answer(req: IncomingMessage, res: ServerResponse, handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<void> {
  const verdict = requestPolicy(req.method ?? 'GET', req.url ?? '/');
  if (verdict.kind === 'serve') return handle(req, res);
  if (verdict.kind === 'not-found-page') {
    req.url = UNMATCHED_PAGE_PATH;
    return handle(req, res);
  }
  res.writeHead(verdict.status, { ...verdict.headers, 'content-length': String(Buffer.byteLength(verdict.body)) });
  res.end(req.method === 'HEAD' ? undefined : verdict.body);
}
