import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_POLL, parseConfig, resolveSources } from '../../../lib/config/index.ts';

const FILE = 'steplens.config.json';

function expectError(text: string, message: string | RegExp): void {
  expect(() => parseConfig(text, FILE)).toThrow(ConfigError);
  try {
    parseConfig(text, FILE);
  } catch (error) {
    const m = (error as Error).message;
    expect(m).not.toContain('\n');
    if (typeof message === 'string') expect(m).toBe(message);
    else expect(m).toMatch(message);
  }
}

describe('parseConfig', () => {
  it('accepts AWS and endpoint sources with defaults', () => {
    const config = parseConfig(
      JSON.stringify({
        sources: [
          { kind: 'aws', region: 'eu-west-1', profile: 'prod', accountId: '123456789012' },
          { kind: 'endpoint', endpoint: 'http://127.0.0.1:8083' },
        ],
        quota: { fraction: 0.25, operations: { GetExecutionHistory: { refillPerSecond: 40 } } },
      }),
      FILE,
    );
    expect(config.sources).toEqual([
      { kind: 'aws', region: 'eu-west-1', profile: 'prod', accountId: '123456789012', id: 'aws:prod:eu-west-1:123456789012' },
      { kind: 'endpoint', endpoint: 'http://127.0.0.1:8083', region: 'us-east-1', id: 'endpoint:http://127.0.0.1:8083' },
    ]);
    expect(config.poll).toEqual(DEFAULT_POLL);
    expect(config.quota).toEqual({ fraction: 0.25, operations: { GetExecutionHistory: { refillPerSecond: 40 } } });
    expect(parseConfig('{"sources":[{"kind":"aws","region":"us-east-1"}]}', FILE).quota.fraction).toBe(0.5);
  });

  it('names the file and the field in one line', () => {
    expectError('{', /^steplens\.config\.json: not valid JSON \(/);
    expectError('{"sources":[]}', 'steplens.config.json: sources: needs at least one source');
    expectError('{"sources":[{"kind":"aws"}]}', 'steplens.config.json: sources[0].region: required (string)');
    expectError('{"sources":[{"kind":"aws","region":"mars-1"}]}', 'steplens.config.json: sources[0].region: not an AWS region name (e.g. "us-east-1")');
    expectError('{"sources":[{"kind":"gcp"}]}', 'steplens.config.json: sources[0].kind: kind must be "aws" or "endpoint"');
    expectError('{"sources":[{"kind":"endpoint","endpoint":"localhost:8083"}]}', 'steplens.config.json: sources[0].endpoint: must be an http:// or https:// URL');
    expectError('{"sources":[{"kind":"aws","region":"us-east-1","regoin":"x"}]}', 'steplens.config.json: sources[0]: unknown field "regoin"');
    expectError('{"sources":[{"kind":"aws","region":"us-east-1"}],"quota":{"fraction":2}}', /^steplens\.config\.json: quota\.fraction: /);
    expectError(
      '{"sources":[{"kind":"aws","region":"us-east-1"},{"kind":"aws","region":"us-east-1"}]}',
      'steplens.config.json: sources[1].id: duplicate source id "aws:us-east-1"',
    );
  });
});

describe('resolveSources', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'steplens-config-'));

  it('reports "none configured" without a file or AWS_ENDPOINT_URL_SFN, even with credentials', () => {
    const result = resolveSources({ AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's', AWS_REGION: 'us-east-1' }, dir);
    expect(result.configured).toBe(false);
  });

  it('turns AWS_ENDPOINT_URL_SFN (+ logs endpoint) into an endpoint source', () => {
    const result = resolveSources({ AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:8083', AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://127.0.0.1:4566' }, dir);
    expect(result.configured && result.config.sources).toEqual([
      { kind: 'endpoint', endpoint: 'http://127.0.0.1:8083', logsEndpoint: 'http://127.0.0.1:4566', region: 'us-east-1', id: 'endpoint:http://127.0.0.1:8083' },
    ]);
  });

  it('prefers STEPLENS_CONFIG, then ./steplens.config.json', () => {
    writeFileSync(path.join(dir, FILE), '{"sources":[{"kind":"aws","region":"us-west-2"}]}');
    writeFileSync(path.join(dir, 'other.json'), '{"sources":[{"kind":"aws","region":"eu-west-1"}]}');
    const local = resolveSources({ AWS_ENDPOINT_URL_SFN: 'http://x:1' }, dir);
    expect(local.configured && local.config.sources[0]?.region).toBe('us-west-2');
    const named = resolveSources({ STEPLENS_CONFIG: 'other.json' }, dir);
    expect(named.configured && named.config.sources[0]?.region).toBe('eu-west-1');
    expect(() => resolveSources({ STEPLENS_CONFIG: 'missing.json' }, dir)).toThrow('missing.json: STEPLENS_CONFIG names a file that does not exist');
    writeFileSync(path.join(dir, 'bad.json'), '{"sources":[{"kind":"aws","region":"us-west-2","profile":""}]}');
    expect(() => resolveSources({ STEPLENS_CONFIG: 'bad.json' }, dir)).toThrow(/^bad\.json: sources\[0\]\.profile: /);
  });
});
