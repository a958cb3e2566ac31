import { describe, expect, it } from 'vitest';
import { analyzeHistory } from '../../../lib/history/index.ts';
import { failureClusterKey, fnv1a64, normalizeCause, unanalysedClusterKey } from '../../../lib/metrics/index.ts';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CORPUS_DIR } from './corpus-causes.ts';

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes UTF-8 bytes', () => {
    expect(fnv1a64('é')).toBe(fnv1a64('\u00e9'));
    expect(fnv1a64('é')).not.toBe(fnv1a64('e\u0301'));
    expect(fnv1a64('😀')).toMatch(/^[0-9a-f]{16}$/);
  });
});

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';

describe('failureClusterKey', () => {
  const base = { stateName: 'Charge', error: 'Lambda.ServiceException', cause: 'Request ID: 3f2a4b1c-9d8e-4f7a-b6c5-d4e3f2a1b0c9 timed out after 3000 ms' };

  it('keeps the clusters of two state machines apart', () => {
    expect(failureClusterKey(SM, base).id).not.toBe(failureClusterKey(`${SM}-standard`, base).id);
    expect(unanalysedClusterKey(SM).id).not.toBe(unanalysedClusterKey(`${SM}-standard`).id);
  });

  it('keeps the unanalysed cluster apart from a failure with no state, error or cause', () => {
    const unanalysed = unanalysedClusterKey(SM);
    expect(unanalysed).toEqual({ id: fnv1a64(JSON.stringify([SM])), stateMachineArn: SM, stateName: null, error: null, causePattern: '' });
    expect(unanalysed.id).not.toBe(failureClusterKey(SM, { stateName: null, error: null, cause: null }).id);
  });

  it('groups by (stateName, error, normalised cause) with a deterministic 16-hex id', () => {
    const key = failureClusterKey(SM, base);
    expect(key).toEqual({
      id: fnv1a64(JSON.stringify([SM, 'Charge', 'Lambda.ServiceException', 'Request ID: <id> timed out after <n> ms'])),
      stateMachineArn: SM,
      stateName: 'Charge',
      error: 'Lambda.ServiceException',
      causePattern: 'Request ID: <id> timed out after <n> ms',
    });
    expect(key.id).toMatch(/^[0-9a-f]{16}$/);
    // A fixed value: ids must not change between releases (cluster URLs, stored keys).
    expect(key.id).toBe(fnv1a64('["arn:aws:states:us-east-1:123456789012:stateMachine:orders","Charge","Lambda.ServiceException","Request ID: <id> timed out after <n> ms"]'));
  });

  it('the same for causes that differ only in ids; different for another state, error or message', () => {
    const same = failureClusterKey(SM, { ...base, cause: 'Request ID: 0000aaaa-1111-4222-8333-444455556666 timed out after 5000 ms' });
    expect(same.id).toBe(failureClusterKey(SM, base).id);
    for (const other of [
      { ...base, stateName: 'Ship' },
      { ...base, stateName: null },
      { ...base, error: 'States.Timeout' },
      { ...base, error: null },
      { ...base, cause: 'Request ID: 3f2a4b1c-9d8e-4f7a-b6c5-d4e3f2a1b0c9 was throttled after 3000 ms' },
      { ...base, cause: null },
    ]) {
      expect(failureClusterKey(SM, other).id).not.toBe(failureClusterKey(SM, base).id);
    }
  });

  it('keeps the three parts apart (no collision by concatenation); null is not ""', () => {
    expect(failureClusterKey(SM, { stateName: 'a b', error: 'c', cause: null }).id).not.toBe(failureClusterKey(SM, { stateName: 'a', error: 'b c', cause: null }).id);
    expect(failureClusterKey(SM, { stateName: null, error: null, cause: null }).id).not.toBe(failureClusterKey(SM, { stateName: '', error: '', cause: '' }).id);
  });

  it('keeps the error words exactly (no masking in error names)', () => {
    expect(failureClusterKey(SM, { stateName: 'S', error: 'ApiGateway.403', cause: null }).error).toBe('ApiGateway.403');
    expect(failureClusterKey(SM, { stateName: 'S', error: 'ApiGateway.403', cause: null }).id).not.toBe(failureClusterKey(SM, { stateName: 'S', error: 'ApiGateway.404', cause: null }).id);
  });

  it('clusters the failed executions of the corpus through their analysis failure', () => {
    const failures = readdirSync(CORPUS_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((file) => analyzeHistory(JSON.parse(readFileSync(path.join(CORPUS_DIR, file), 'utf8'))))
      .filter((a) => a.status === 'FAILED' || a.status === 'TIMED_OUT')
      .map((a) => a.failure);
    expect(failures.length).toBeGreaterThan(50);
    const clusters = new Map<string, number>();
    for (const failure of failures) {
      expect(failure).not.toBeNull();
      const key = failureClusterKey(SM, failure as NonNullable<typeof failure>);
      expect(key.causePattern).toBe(normalizeCause(failure?.cause));
      clusters.set(key.id, (clusters.get(key.id) ?? 0) + 1);
    }
    // Every failed execution is in exactly one cluster, and some clusters hold several.
    expect([...clusters.values()].reduce((a, b) => a + b, 0)).toBe(failures.length);
    expect(clusters.size).toBeLessThan(failures.length);
    expect(Math.max(...clusters.values())).toBeGreaterThan(1);
  });
});
