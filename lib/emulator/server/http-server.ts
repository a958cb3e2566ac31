import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApiError } from './api-error.ts';
import type { FaultInjector } from './faults.ts';
import type { LogsService } from './logs-service.ts';
import type { QuotaLimiter } from './quotas.ts';
import type { SfnService } from './sfn-service.ts';

/**
 * The wire protocol (DESIGN.md §2.4): `POST /` with `x-amz-target: AWSStepFunctions.<Op>`
 * (application/x-amz-json-1.0) or `Logs_20140328.<Op>` (application/x-amz-json-1.1) on one port.
 * Errors are `{"__type", "message"}` with HTTP 400 (faults: 500/503). Every response carries
 * `x-amzn-requestid`. The Region is the SigV4 credential scope's (default us-east-1).
 */
export interface HttpServerOptions {
  sfn: SfnService;
  logs: LogsService;
  quotas?: QuotaLimiter;
  faults?: FaultInjector;
  defaultRegion?: string;
  /** Called for unexpected exceptions (bugs); the request still gets an InternalFailure answer. */
  onError?: (error: unknown) => void;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Request content types of the AWS JSON protocols (either version is accepted for either service). */
const JSON_CONTENT_TYPES = new Set(['application/x-amz-json-1.0', 'application/x-amz-json-1.1', 'application/json']);

/** Region from `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/states/aws4_request, ...`. */
export function regionOf(request: IncomingMessage, fallback: string): string {
  const auth = request.headers.authorization ?? '';
  const match = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\//.exec(auth);
  return match?.[1] ?? fallback;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError('ValidationException', `Request body larger than ${MAX_BODY_BYTES} bytes`, 413));
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, contentType: string, body: unknown, errorType?: string): void {
  if (response.destroyed || response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(text);
}

export function createEmulatorServer(options: HttpServerOptions): Server {
  const defaultRegion = options.defaultRegion ?? 'us-east-1';

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = String(request.headers['x-amz-target'] ?? '');
    const dot = target.indexOf('.');
    const prefix = dot < 0 ? target : target.slice(0, dot);
    const operation = dot < 0 ? '' : target.slice(dot + 1);
    const isLogs = prefix === 'Logs_20140328';
    const contentType = isLogs ? 'application/x-amz-json-1.1' : 'application/x-amz-json-1.0';
    const fail = (error: ApiError): void => send(response, error.status, contentType, { __type: error.type, message: error.message }, error.type);

    if (request.method === 'GET' && (request.url === '/' || request.url === '/health')) {
      send(response, 200, 'application/json', { status: 'running', ...options.sfn.stats() });
      return;
    }

    let body: string;
    try {
      body = await readBody(request);
    } catch (error) {
      if (error instanceof ApiError) fail(error);
      else response.destroy();
      return;
    }

    const fault = options.faults?.next() ?? null;
    if (fault?.kind === 'drop') {
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'error') {
      const message = fault.type === 'ServiceUnavailable' ? 'Service is unavailable. Please try again.' : 'An internal error occurred.';
      fail(new ApiError(fault.type, message, fault.status));
      return;
    }
    if (fault?.kind === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.ms));

    if (request.method !== 'POST') {
      fail(new ApiError('UnknownOperationException', `Unsupported method ${request.method ?? ''}`, 404));
      return;
    }
    // AWS's JSON protocols answer other content types (form posts, octet streams, text) as
    // unknown operations; a missing content type is tolerated (curl-style tests).
    const requestType = (request.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
    if (requestType !== '' && !JSON_CONTENT_TYPES.has(requestType)) {
      fail(new ApiError('UnknownOperationException', `Unsupported content type '${requestType}': use application/x-amz-json-1.0 (Step Functions) or application/x-amz-json-1.1 (CloudWatch Logs)`));
      return;
    }
    const service = isLogs ? options.logs.operations : prefix === 'AWSStepFunctions' ? options.sfn.operations : undefined;
    const handler = service && Object.hasOwn(service, operation) ? service[operation] : undefined;
    if (!handler) {
      fail(new ApiError('UnknownOperationException', target ? `Unknown operation ${target}` : 'Missing x-amz-target header'));
      return;
    }

    let input: Record<string, unknown>;
    try {
      const parsed: unknown = body.trim() === '' ? {} : JSON.parse(body);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the body must be a JSON object');
      input = parsed as Record<string, unknown>;
    } catch (error) {
      fail(new ApiError('SerializationException', `Malformed request body: ${(error as Error).message}`));
      return;
    }

    const region = regionOf(request, defaultRegion);
    if (options.quotas && !isLogs) {
      let bucket = operation;
      if (operation === 'StartExecution' && typeof input.stateMachineArn === 'string') {
        if (options.sfn.isExpress(input.stateMachineArn.split('#')[0] ?? '')) bucket = 'StartExecution:EXPRESS';
      }
      if (!options.quotas.take(bucket, region)) {
        fail(new ApiError('ThrottlingException', 'Rate exceeded'));
        return;
      }
    }

    // Aborted when the client goes away before its answer: a long poll (GetActivityTask) then
    // stops, and hands its task to no one.
    const gone = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) gone.abort(new Error('client disconnected'));
    });
    try {
      const result = await handler(input, { region, signal: gone.signal });
      send(response, 200, contentType, result ?? {});
    } catch (error) {
      if (error instanceof ApiError) {
        fail(error);
        return;
      }
      options.onError?.(error);
      fail(new ApiError('InternalFailure', `An internal error occurred: ${error instanceof Error ? error.message : String(error)}`, 500));
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.onError?.(error);
      response.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  return server;
}
