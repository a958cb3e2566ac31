// A webhook receiver on loopback (node:http) for the alerts tests: records every request (time,
// Idempotency-Key, parsed body) and answers as the test says (a status, or holding the request).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  /** Epoch ms the body was fully read. */
  at: number;
  path: string;
  idempotencyKey: string | null;
  contentType: string | null;
  body: Record<string, unknown>;
}

/** What to answer request number `n` (1-based, per path): a status, or 'hold' (never answer). */
export type Answer = (n: number, request: ReceivedRequest) => number | 'hold';

export interface WebhookReceiver {
  url(path?: string): string;
  requests: ReceivedRequest[];
  /** Requests to one path. */
  at(path: string): ReceivedRequest[];
  answer(path: string, answer: Answer): void;
  /** Resolves when `check` holds for the requests so far (polled on each request and every 50 ms). */
  waitFor<T>(what: string, check: (requests: ReceivedRequest[]) => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const answers = new Map<string, Answer>();
  const counts = new Map<string, number>();
  const held = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        body = { unparsable: true };
      }
      const request: ReceivedRequest = {
        at: Date.now(),
        path,
        idempotencyKey: typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null,
        contentType: req.headers['content-type'] ?? null,
        body,
      };
      requests.push(request);
      const n = (counts.get(path) ?? 0) + 1;
      counts.set(path, n);
      const decision = answers.get(path)?.(n, request) ?? 200;
      if (decision === 'hold') {
        held.add(res);
        return;
      }
      res.writeHead(decision, { 'content-type': 'text/plain' });
      res.end(decision >= 400 ? 'receiver says no' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    requests,
    at: (path) => requests.filter((r) => r.path === path),
    answer: (path, answer) => answers.set(path, answer),
    async waitFor(what, check, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const value = check(requests);
        if (value !== undefined && value !== false && value !== null) return value;
        if (Date.now() > until) throw new Error(`timed out waiting for ${what} (${requests.length} requests received)`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
