// Raw HTTP requests to the emulator (no SDK): what a misbehaving client can send.

export interface RawAnswer {
  status: number;
  text: string;
  /** The parsed body, or null when it is not JSON. */
  json: Record<string, unknown> | null;
  requestId: string | null;
}

export interface RawOptions {
  method?: string;
  /** null: no x-amz-target header at all. */
  target?: string | null;
  /** null: no content-type header . */
  contentType?: string | null;
  /** A Buffer for raw bytes (e.g. invalid UTF-8). */
  body?: string | Buffer;
}

export async function rawRequest(url: string, options: RawOptions = {}): Promise<RawAnswer> {
  const headers: Record<string, string> = {};
  const target = options.target === undefined ? 'AWSStepFunctions.ListStateMachines' : options.target;
  if (target !== null) headers['x-amz-target'] = target;
  const contentType = options.contentType === undefined ? 'application/x-amz-json-1.0' : options.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  const method = options.method ?? 'POST';
  const response = await fetch(url, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: typeof options.body === 'string' || options.body === undefined ? (options.body ?? '{}') : new Blob([new Uint8Array(options.body)]) }),
  });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: response.status, text, json, requestId: response.headers.get('x-amzn-requestid') };
}

/** Calls a Step Functions operation with a JSON body. */
export function sfnRaw(url: string, operation: string, body: unknown): Promise<RawAnswer> {
  return rawRequest(url, { target: `AWSStepFunctions.${operation}`, body: JSON.stringify(body) });
}

/** True when an answer is an AWS JSON-protocol error: HTTP 4xx, `__type` and `message` strings. */
export function isAwsError(answer: RawAnswer): boolean {
  return (
    answer.status >= 400 &&
    answer.status < 500 &&
    typeof answer.json?.__type === 'string' &&
    answer.json.__type !== '' &&
    typeof answer.json.message === 'string'
  );
}
