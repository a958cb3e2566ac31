/**
 * An error answered in AWS's JSON protocol shape: HTTP status (400 unless a fault) and a body
 * `{"__type": name, "message": ...}`. Names are AWS's own (the botocore/Smithy models).
 */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const validationError = (member: string, value: unknown, constraint: string): ApiError =>
  new ApiError(
    'ValidationException',
    `1 validation error detected: Value ${value === undefined || value === null ? 'null' : `'${String(value)}'`} at '${member}' failed to satisfy constraint: ${constraint}`,
  );

/** Reads a required string member or answers ValidationException as AWS does for a missing one. */
export function requiredString(body: Record<string, unknown>, member: string): string {
  const value = body[member];
  if (typeof value !== 'string') throw validationError(member, undefined, 'Member must not be null');
  return value;
}

export function optionalString(body: Record<string, unknown>, member: string): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ApiError('SerializationException', `Expected a string for ${member}`);
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, member: string): boolean | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new ApiError('SerializationException', `Expected a boolean for ${member}`);
  return value;
}

/** Integer member within [min, max]; ValidationException with AWS's constraint text otherwise. */
export function optionalInt(body: Record<string, unknown>, member: string, min: number, max: number): number | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ApiError('SerializationException', `Expected an integer for ${member}`);
  }
  if (value < min) throw validationError(member, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw validationError(member, value, `Member must have value less than or equal to ${max}`);
  return value;
}

/** Opaque, self-describing pagination tokens; anything we did not issue answers InvalidToken. */
export function encodeToken(kind: string, key: unknown): string {
  return Buffer.from(JSON.stringify({ t: kind, k: key })).toString('base64url');
}

export function decodeToken(
  token: string | undefined,
  kind: string,
  errorType = 'InvalidToken',
  isValidKey: (key: unknown) => boolean = () => true,
): unknown {
  if (token === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && (parsed as { t?: unknown }).t === kind && isValidKey((parsed as { k: unknown }).k)) {
      return (parsed as { k: unknown }).k;
    }
  } catch {
    // fall through
  }
  throw new ApiError(errorType, `Invalid Token: '${token}'`);
}

/**
 * Token keys are positions or sequence numbers: a forged token with anything else (a string, a
 * negative or huge number) would otherwise page nowhere, or forever.
 */
export const isPosition = (key: unknown): boolean => typeof key === 'number' && Number.isSafeInteger(key) && key >= 0;
