import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, resolveRedaction } from '../../../lib/config/index.ts';
import { DEFAULT_REDACTED_KEYS } from '../../../lib/history/index.ts';

const FILE = 'steplens.config.json';

function errorOf(text: string): string {
  try {
    parseConfig(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('the "redaction" section', () => {
  it('is validated with the file, one line naming the field', () => {
    const config = parseConfig('{"redaction":{"mode":"store","keys":["x-internal-*"],"paths":["$.customer.email","$..iban"],"defaults":false}}', FILE);
    expect(config.redaction).toEqual({ mode: 'store', keys: ['x-internal-*'], paths: ['$.customer.email', '$..iban'], defaults: false });
    expect(config.sources).toEqual([]); // a file with redaction and no sources still runs the demo
    expect(errorOf('{"redaction":{"mode":"hide"}}')).toBe('steplens.config.json: redaction.mode: must be "display", "store" or "off"');
    expect(errorOf('{"redaction":{"paths":["$.a","customer.email"]}}')).toBe('steplens.config.json: redaction.paths[1]: "customer.email": a path starts with $ (e.g. "$.customer.email")');
    expect(errorOf('{"redaction":{"keys":["--"]}}')).toBe('steplens.config.json: redaction.keys[0]: a key pattern needs a letter or digit');
    expect(errorOf('{"redaction":{"key":["a"]}}')).toBe('steplens.config.json: redaction: unknown field "key"');
  });
});

describe('resolveRedaction', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'steplens-redaction-'));

  it('defaults to mode display with the default key patterns', () => {
    const settings = resolveRedaction({}, dir);
    expect(settings.mode).toBe('display');
    expect(settings.rules.keys).toEqual(DEFAULT_REDACTED_KEYS);
    expect(settings.origin).toBe('defaults');
  });

  it('reads the file STEPLENS_CONFIG names, re-reads it when it changes, and lets STEPLENS_REDACTION override the mode', () => {
    const file = path.join(dir, 'custom.json');
    writeFileSync(file, JSON.stringify({ redaction: { mode: 'store', paths: ['$.customer.email'] } }));
    const env = { STEPLENS_CONFIG: 'custom.json' };
    const first = resolveRedaction(env, dir);
    expect(first.mode).toBe('store');
    expect(first.rules.paths).toEqual(['$.customer.email']);
    expect(first.rules.keyMatches('password')).toBe(true);
    writeFileSync(file, `${JSON.stringify({ redaction: { defaults: false, keys: ['orderId'] } })}\n`);
    const second = resolveRedaction(env, dir);
    expect(second.mode).toBe('display');
    expect(second.rules.keyMatches('password')).toBe(false);
    expect(second.rules.keyMatches('orderId')).toBe(true);
    expect(resolveRedaction({ ...env, STEPLENS_REDACTION: 'off' }, dir).rules.active).toBe(false);
    expect(resolveRedaction({ ...env, STEPLENS_REDACTION: 'STORE' }, dir).mode).toBe('store');
    expect(() => resolveRedaction({ STEPLENS_REDACTION: 'hidden' }, dir)).toThrow('STEPLENS_REDACTION: must be "display", "store" or "off" (got "hidden")');
  });

  it('fails closed on a bad section (ingestion and display stop rather than show values)', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ redaction: { paths: ['$.a[?(@.b)]'] } }));
    expect(() => resolveRedaction({ STEPLENS_CONFIG: 'bad.json' }, dir)).toThrow(/^bad\.json: redaction\.paths\[0\]: .*filters are not supported/);
  });
});
