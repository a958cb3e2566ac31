import { describe, expect, it } from 'vitest';
import { readableCause } from '../../../lib/history/readable-cause.ts';

describe('readableCause', () => {
  it('unpacks a Lambda error payload', () => {
    const cause = JSON.stringify({ errorMessage: 'Some exception was raised.', errorType: 'Exception', requestId: 'r-1', stackTrace: ['  File "/var/task/h.py", line 3, in handler\n    raise Exception()\n'] });
    const r = readableCause(cause);
    expect(r.errorType).toBe('Exception');
    expect(r.errorMessage).toBe('Some exception was raised.');
    expect(r.stack).toEqual(['  File "/var/task/h.py", line 3, in handler', '    raise Exception()']);
    expect(r.extra).toEqual({ requestId: 'r-1' });
    expect(r.text).toBe(cause);
  });
  it('keeps plain text and already-parsed objects', () => {
    expect(readableCause('An error occurred').errorType).toBeNull();
    expect(readableCause('An error occurred').text).toBe('An error occurred');
    expect(readableCause({ errorType: 'X', errorMessage: 'm' }).errorMessage).toBe('m');
    expect(readableCause(null).text).toBeNull();
    expect(readableCause('{broken').text).toBe('{broken');
  });
});
