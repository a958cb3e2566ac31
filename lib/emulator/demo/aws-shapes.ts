// What AWS puts in a task's result and in a failure's `cause`, so the demo's histories look
// like real ones: the dashboard parses causes (JSON.parse → errorType/message/stack) and shows
// raw task outputs, so fake-looking shapes would hide bugs there.
import type { Rng } from './prng.ts';

export type LambdaRuntime = 'nodejs20.x' | 'python3.12';

/**
 * The function-error payload the Lambda runtime writes, which Step Functions copies verbatim
 * into `cause` (with `error` = errorType). Node.js writes compact JSON with `trace`; Python
 * writes json.dumps' spaced JSON with `requestId` and `stackTrace`.
 */
export function lambdaErrorCause(runtime: LambdaRuntime, errorType: string, errorMessage: string, functionName: string, requestId: string, rng: Rng): string {
  if (runtime === 'python3.12') {
    const line = rng.int(20, 180);
    const stackTrace = [
      `  File "/var/task/app.py", line ${line}, in lambda_handler\n    return process(event)\n`,
      `  File "/var/task/${functionName.replace(/-/g, '_')}/core.py", line ${rng.int(10, 400)}, in process\n    raise ${errorType}(msg)\n`,
    ];
    return pythonJsonDumps({ errorMessage, errorType, requestId, stackTrace });
  }
  const trace = [
    `${errorType}: ${errorMessage}`,
    `    at ${camel(functionName)} (file:///var/task/index.mjs:${rng.int(20, 240)}:${rng.int(5, 30)})`,
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    `    at async Runtime.handler (file:///var/task/index.mjs:${rng.int(5, 19)}:${rng.int(10, 30)})`,
  ];
  return JSON.stringify({ errorType, errorMessage, trace });
}

/** A service error's cause as the AWS Java SDK inside Step Functions formats it. */
export function serviceErrorCause(message: string, service: string, statusCode: number, errorCode: string, requestId: string): string {
  return `${message} (Service: ${service}; Status Code: ${statusCode}; Error Code: ${errorCode}; Request ID: ${requestId}; Proxy: null)`;
}

/** Python's json.dumps layout (", " and ": " separators), which Python runtimes' causes have. */
function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function httpMetadata(requestId: string, contentLength: number, extra: Record<string, string>): Record<string, unknown> {
  const headers: Record<string, string> = {
    Connection: 'keep-alive',
    'Content-Length': String(contentLength),
    'Content-Type': 'application/json',
    'x-amzn-RequestId': requestId,
    ...extra,
  };
  const all: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers)) all[k] = [v];
  return { AllHttpHeaders: all, HttpHeaders: headers, HttpStatusCode: 200 };
}

/** The result of `arn:aws:states:::lambda:invoke`: the Invoke response around the function's payload. */
export function lambdaInvokeResult(payload: unknown, requestId: string, version: string, traceId: string): Record<string, unknown> {
  const length = JSON.stringify(payload ?? null).length;
  return {
    ExecutedVersion: version,
    Payload: payload,
    SdkHttpMetadata: httpMetadata(requestId, length, {
      'X-Amz-Executed-Version': version,
      'x-amzn-Remapped-Content-Length': '0',
      'X-Amzn-Trace-Id': traceId,
    }),
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** The result of an AWS SDK-backed optimized integration (sns:publish, dynamodb:putItem). */
export function sdkResult(body: Record<string, unknown>, requestId: string): Record<string, unknown> {
  return {
    ...body,
    SdkHttpMetadata: httpMetadata(requestId, JSON.stringify(body).length, {}),
    SdkResponseMetadata: { RequestId: requestId },
  };
}

/** X-Ray trace header value, as Lambda echoes it. */
export function traceHeader(rng: Rng): string {
  return `root=1-${rng.hex(8)}-${rng.hex(24)};parent=${rng.hex(16)};sampled=0;lineage=${rng.hex(8)}:0`;
}
