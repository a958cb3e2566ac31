// SDK and network errors -> one-line messages and a kind the poller acts on.

export type AwsErrorKind =
  | 'throttled' // ThrottlingException: slow down and retry
  | 'transient' // 5xx, reset or dropped connection, timeout: retry with backoff
  | 'expired' // ExecutionDoesNotExist: past AWS's 90-day retention (keep ours, mark expired)
  | 'not-found' // state machine / log group gone
  | 'unsupported' // e.g. ListExecutions on an Express state machine
  | 'invalid-token' // a nextToken older than 24 h: restart the listing
  | 'access-denied'
  | 'no-credentials'
  | 'bad-credentials'
  | 'unreachable' // connection refused, DNS failure (bad endpoint or unknown Region)
  | 'other';

export class AwsError extends Error {
  constructor(
    readonly kind: AwsErrorKind,
    message: string,
    /** The AWS error code or Node error code, when there is one. */
    readonly code: string | null,
    readonly operation: string | null,
  ) {
    super(message);
    this.name = 'AwsError';
  }

  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'transient';
  }
}

export interface ErrorContext {
  operation?: string;
  /** Where the call went: an endpoint URL or "AWS <region>". */
  target?: string;
  region?: string;
}

const TRANSIENT_NODE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/** Classifies anything the SDK may throw; the message is one line, meant for the page and the log. */
export function mapAwsError(error: unknown, context: ErrorContext = {}): AwsError {
  if (error instanceof AwsError) return error;
  const op = context.operation ?? null;
  const target = context.target ?? 'the service';
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    cause?: unknown;
  };
  const name = typeof e.name === 'string' ? e.name : '';
  const nodeCode = typeof e.code === 'string' ? e.code : nestedCode(e.cause);
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : null;
  const raw = firstLine(typeof e.message === 'string' ? e.message : String(error));
  const prefix = op ? `${op}: ` : '';
  const make = (kind: AwsErrorKind, message: string, code: string | null = name || nodeCode || null) =>
    new AwsError(kind, `${prefix}${message}`, code, op);

  switch (name) {
    case 'ThrottlingException':
    case 'TooManyRequestsException':
    case 'ThrottledException':
    case 'RequestLimitExceeded':
      return make('throttled', `throttled by ${target} (Rate exceeded)`);
    case 'ExecutionDoesNotExist':
      return make('expired', `execution no longer exists at ${target} (past retention): ${raw}`);
    case 'StateMachineDoesNotExist':
    case 'ResourceNotFoundException':
      return make('not-found', raw);
    case 'StateMachineTypeNotSupported':
    case 'InvalidArn':
      return make('unsupported', raw);
    case 'InvalidToken':
      return make('invalid-token', `pagination token expired: ${raw}`);
    case 'AccessDeniedException':
    case 'AccessDenied':
    case 'KmsAccessDeniedException':
      return make('access-denied', `access denied by ${target}: ${raw} (see the README for the read-only IAM policy)`);
    case 'CredentialsProviderError':
      return make('no-credentials', `no AWS credentials found for ${target} (set a profile in steplens.config.json, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)`);
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'ExpiredTokenException':
    case 'InvalidClientTokenId':
    case 'SignatureDoesNotMatch':
      return make('bad-credentials', `credentials rejected by ${target}: ${raw}`);
    case 'TimeoutError':
    case 'RequestTimeout':
    case 'RequestTimeoutException':
      return make('transient', `timed out talking to ${target}`);
    default:
      break;
  }
  if (nodeCode === 'ECONNREFUSED') return make('unreachable', `cannot connect to ${target} (connection refused): is the endpoint right and running?`, nodeCode);
  if (nodeCode === 'ENOTFOUND') {
    const hint = context.region ? ` (unknown Region "${context.region}"?)` : '';
    return make('unreachable', `cannot resolve the host of ${target}${hint}`, nodeCode);
  }
  if (nodeCode !== null && TRANSIENT_NODE_CODES.has(nodeCode)) return make('transient', `connection to ${target} failed (${nodeCode})`, nodeCode);
  if (/socket hang up|ECONNRESET|network|aborted/i.test(raw) && status === null) return make('transient', `connection to ${target} failed (${raw})`);
  if (e.$fault === 'server' || (status !== null && status >= 500)) return make('transient', `${target} answered ${status ?? 'a server error'}: ${raw}`);
  if (/Could not load credentials/i.test(raw)) return make('no-credentials', `no AWS credentials found for ${target}`);
  if (/Region is missing|Invalid region/i.test(raw)) return make('unreachable', `invalid Region for ${target}: ${raw}`);
  // An HTML page or a non-AWS server answering (wrong port, proxy): the SDK fails to parse it.
  if (/Deserialization error|Unexpected token|is not valid JSON/i.test(raw)) return make('unreachable', `${target} did not answer like Step Functions (${raw})`);
  return make('other', raw || 'unknown error');
}

function nestedCode(cause: unknown): string | null {
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return null;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim().slice(0, 500);
}
