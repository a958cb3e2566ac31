import { afterEach, describe, expect, it, vi } from 'vitest';
import { suppressSdkNodeVersionWarning } from '../../../lib/aws/suppress-sdk-warnings.ts';

describe('suppressSdkNodeVersionWarning', () => {
  afterEach(() => vi.restoreAllMocks());

  it("drops only the SDK's NodeVersionSupportWarning", async () => {
    const seen: string[] = [];
    const listener = (warning: Error) => seen.push(warning.message);
    process.on('warning', listener);
    suppressSdkNodeVersionWarning();
    process.emitWarning('NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)\nversions published after ...');
    process.emitWarning('something else entirely');
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', listener);
    expect(seen).toEqual(['something else entirely']);
  });

  it('keeps the warning off stderr when an SDK client is created', async () => {
    const { SFNClient } = await import('@aws-sdk/client-sfn');
    const seen: string[] = [];
    const listener = (warning: Error) => seen.push(warning.message);
    process.on('warning', listener);
    suppressSdkNodeVersionWarning();
    new SFNClient({ region: 'us-east-1' }).destroy();
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', listener);
    expect(seen.filter((m) => m.includes('NodeVersionSupportWarning'))).toEqual([]);
  });
});
