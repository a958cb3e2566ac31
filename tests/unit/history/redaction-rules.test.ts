import { describe, expect, it } from 'vitest';
import { compileRedactionRules, DEFAULT_REDACTED_KEYS, parsePath, RedactionRuleError, splitWords } from '../../../lib/history/index.ts';

describe('splitWords', () => {
  it('splits member names into lower-case words at separators, case changes and digits', () => {
    expect(splitWords('apiKey')).toEqual(['api', 'key']);
    expect(splitWords('APIKey')).toEqual(['api', 'key']);
    expect(splitWords('x-api-key')).toEqual(['x', 'api', 'key']);
    expect(splitWords('DB_PASSWORD')).toEqual(['db', 'password']);
    expect(splitWords('token2')).toEqual(['token', '2']);
    expect(splitWords('customer.email')).toEqual(['customer', 'email']);
    expect(splitWords('')).toEqual([]);
  });
});

describe('key-name patterns', () => {
  const rules = compileRedactionRules();
  const matches = (name: string) => rules.keyMatches(name);

  it('match the default secrets whatever the case and separators', () => {
    for (const name of ['password', 'Password', 'PASSWORD', 'db_password', 'userPasswordHash', 'passwd', 'clientSecret', 'SecretAccessKey', 'accessToken', 'TaskToken', 'refresh_token', 'Authorization', 'x-api-key', 'apiKey', 'API_KEY', 'ssn', 'customerSSN', 'card', 'cardNumber', 'creditCard', 'card_number', 'cvv', 'iban', 'Cookie', 'privateKey', 'SecretAccessKey', 'SessionToken', 'AccessKeyId']) {
      expect(matches(name), name).toBe(true);
    }
  });

  it('match whole words only, so ordinary names stay', () => {
    for (const name of ['maxTokens', 'tokenizer', 'className', 'discard', 'cardinality', 'secretary', 'keyboard', 'apiVersion', 'orderId', 'email', 'name', 'input', 'CredentialsRoleArn']) {
      expect(matches(name), name).toBe(false);
    }
  });

  it('spell a pattern across words: "apikey" matches api_key and apiKey alike', () => {
    const custom = compileRedactionRules({ defaults: false, keys: ['apikey', 'SESSION_ID'] });
    expect(custom.keyMatches('api_key')).toBe(true);
    expect(custom.keyMatches('partnerApiKeyId')).toBe(true);
    expect(custom.keyMatches('sessionId')).toBe(true);
    expect(custom.keyMatches('session')).toBe(false);
    expect(custom.keyMatches('password')).toBe(false); // defaults off
  });

  it('globs (a pattern with *) match the whole name, case-insensitively', () => {
    const custom = compileRedactionRules({ defaults: false, keys: ['*_pin', 'x-*'] });
    expect(custom.keyMatches('card_pin')).toBe(true);
    expect(custom.keyMatches('CARD_PIN')).toBe(true);
    expect(custom.keyMatches('pin_code')).toBe(false);
    expect(custom.keyMatches('x-trace')).toBe(true);
    expect(custom.keyMatches('ax-trace')).toBe(false);
  });

  it('defaults can be turned off; no rule at all is inactive', () => {
    expect(compileRedactionRules({ defaults: false }).active).toBe(false);
    expect(compileRedactionRules({}).keys).toEqual(DEFAULT_REDACTED_KEYS);
    expect(compileRedactionRules({ keys: ['password'] }).keys.filter((k) => k === 'password')).toHaveLength(1);
  });

  it('rejects empty patterns and patterns without letters', () => {
    expect(() => compileRedactionRules({ keys: [''] })).toThrow(RedactionRuleError);
    expect(() => compileRedactionRules({ keys: ['--'] })).toThrow('has no letters or digits');
  });
});

describe('paths', () => {
  it('parse member names, indexes, wildcards, quoted names and any-depth steps', () => {
    expect(parsePath('$.customer.email')).toEqual([
      { deep: false, name: 'customer', index: null },
      { deep: false, name: 'email', index: null },
    ]);
    expect(parsePath('$..password')).toEqual([{ deep: true, name: 'password', index: null }]);
    expect(parsePath("$.items[*].card['odd key'][2]")).toEqual([
      { deep: false, name: 'items', index: null },
      { deep: false, name: null, index: null },
      { deep: false, name: 'card', index: null },
      { deep: false, name: 'odd key', index: null },
      { deep: false, name: null, index: 2 },
    ]);
    expect(parsePath('$')).toEqual([]);
  });

  it('name the problem of a bad path', () => {
    expect(() => parsePath('customer.email')).toThrow('"customer.email": a path starts with $');
    expect(() => parsePath('$.items[?(@.x)]')).toThrow('filters are not supported');
    expect(() => parsePath('$.items[0')).toThrow('unclosed "["');
    expect(() => parsePath('$x')).toThrow('expected "." or "["');
  });

  it('walk: a step matches its member, `..` any depth below, `*` anything', () => {
    const rules = compileRedactionRules({ defaults: false, paths: ['$.a.b', '$..c', '$.list[*].d', '$.list[1]'] });
    const walk = (...keys: Array<string | number>) => keys.reduce((state, key) => rules.stepPath(state, key), rules.rootPath ?? (() => { throw new Error('no paths'); })()).accept;
    expect(walk('a', 'b')).toBe(true);
    expect(walk('a')).toBe(false);
    expect(walk('x', 'a', 'b')).toBe(false);
    expect(walk('c')).toBe(true);
    expect(walk('x', 'y', 'z', 'c')).toBe(true);
    expect(walk('list', 7, 'd')).toBe(true);
    expect(walk('list', 1)).toBe(true);
    expect(walk('list', 2)).toBe(false);
    expect(walk('list', '1')).toBe(false); // a member named "1" is not element 1
  });
});
