import { describe, expect, it } from 'vitest';
import { AwsError, mapAwsError } from '../../../lib/aws/aws-error.ts';

function sdkError(name: string, message: string, status = 400, fault: 'client' | 'server' = 'client'): Error {
  return Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: status } });
}

describe('mapAwsError', () => {
  const ctx = { operation: 'GetExecutionHistory', target: 'AWS us-east-1', region: 'us-east-1' };

  it('classifies throttling, expiry and server faults', () => {
    expect(mapAwsError(sdkError('ThrottlingException', 'Rate exceeded'), ctx)).toMatchObject({ kind: 'throttled', retryable: true });
    const expired = mapAwsError(sdkError('ExecutionDoesNotExist', 'Execution Does Not Exist: arn'), ctx);
    expect(expired.kind).toBe('expired');
    expect(expired.retryable).toBe(false);
    expect(mapAwsError(sdkError('InternalFailure', 'oops', 500, 'server'), ctx)).toMatchObject({ kind: 'transient', retryable: true });
    expect(mapAwsError(sdkError('ServiceUnavailable', 'x', 503, 'server'), ctx).kind).toBe('transient');
  });

  it('gives one-line messages for configuration problems', () => {
    const refused = mapAwsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), {
      operation: 'ListStateMachines',
      target: 'http://127.0.0.1:9',
    });
    expect(refused.kind).toBe('unreachable');
    expect(refused.message).toBe('ListStateMachines: cannot connect to http://127.0.0.1:9 (connection refused): is the endpoint right and running?');

    const unknownRegion = mapAwsError(Object.assign(new Error('getaddrinfo ENOTFOUND states.xx-nowhere-1.amazonaws.com'), { code: 'ENOTFOUND' }), {
      target: 'AWS xx-nowhere-1',
      region: 'xx-nowhere-1',
    });
    expect(unknownRegion.kind).toBe('unreachable');
    expect(unknownRegion.message).toContain('unknown Region "xx-nowhere-1"');

    const noCreds = mapAwsError(sdkError('CredentialsProviderError', 'Could not load credentials from any providers'), ctx);
    expect(noCreds.kind).toBe('no-credentials');
    expect(noCreds.message).not.toContain('\n');

    const denied = mapAwsError(sdkError('AccessDeniedException', 'User: x is not authorized to perform: logs:FilterLogEvents\nmore'), ctx);
    expect(denied.kind).toBe('access-denied');
    expect(denied.message).toMatch(/^GetExecutionHistory: access denied by AWS us-east-1: User: x is not authorized/);
    expect(denied.message).not.toContain('\n');

    expect(mapAwsError(sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.'), ctx).kind).toBe('bad-credentials');
  });

  it('treats dropped connections as transient and keeps AwsErrors as they are', () => {
    expect(mapAwsError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).kind).toBe('transient');
    const e = new AwsError('other', 'x', null, null);
    expect(mapAwsError(e)).toBe(e);
    expect(mapAwsError(sdkError('InvalidToken', 'Invalid token')).kind).toBe('invalid-token');
    expect(mapAwsError(sdkError('StateMachineTypeNotSupported', 'not supported')).kind).toBe('unsupported');
  });
});
