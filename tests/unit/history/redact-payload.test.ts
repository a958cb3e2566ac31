import { describe, expect, it } from 'vitest';
import { compileRedactionRules, decodePayload, REDACTED, redactPayload, redactText } from '../../../lib/history/index.ts';

const rules = compileRedactionRules({ paths: ['$.customer.email', '$.items[*].card', '$..iban', '$.list[1]'] });

describe('redactPayload on JSON text', () => {
  it('replaces values under matching keys and paths, keeping the rest byte for byte', () => {
    const text = '{ "user": "bob",\n  "password": "hunter2", "customer": {"email": "ann@example.com", "name": "Ann"},\n  "items": [{"card": {"number": "4111111111111111", "exp": "12/30"}, "sku": "A-1"}, {"sku": "B-2"}],\n  "list": [1, {"x": 2}, 3], "maxTokens": 100 }';
    const out = redactPayload(text, rules) as string;
    expect(out).toBe(
      '{ "user": "bob",\n  "password": "[redacted]", "customer": {"email": "[redacted]", "name": "Ann"},\n  "items": [{"card": "[redacted]", "sku": "A-1"}, {"sku": "B-2"}],\n  "list": [1, "[redacted]", 3], "maxTokens": 100 }',
    );
    expect(JSON.parse(out)).toMatchObject({ password: REDACTED, customer: { email: REDACTED, name: 'Ann' } });
    for (const secret of ['hunter2', 'ann@example.com', '4111111111111111', '12/30']) expect(out).not.toContain(secret);
  });

  it('returns the same string when nothing matches, and is idempotent', () => {
    const clean = '{"orderId":"ORD-1","items":[{"sku":"A"}],"total":12.5,"ok":true,"none":null}';
    expect(redactPayload(clean, rules)).toBe(clean);
    const once = redactPayload('{"token":"abc","nested":{"secret":[1,2,{"a":"b"}]}}', rules) as string;
    expect(once).toBe('{"token":"[redacted]","nested":{"secret":"[redacted]"}}');
    expect(redactPayload(once, rules)).toBe(once);
  });

  it('decodes escaped member names before matching', () => {
    const out = redactPayload('{"pass\\u0077ord":"x","a\\"b":"y"}', rules) as string;
    expect(JSON.parse(out)).toEqual({ password: REDACTED, 'a"b': 'y' });
  });

  it('redacts JSON held inside a string value (an HTTP body) and key=value pairs in strings', () => {
    const text = JSON.stringify({ body: JSON.stringify({ accessToken: 'tok-123', user: 'bob' }), note: 'retry with apiKey=K-999 later', url: 'https://api.example.com/v1?api_key=K-998&page=2' });
    const out = JSON.parse(redactPayload(text, rules) as string) as Record<string, string>;
    expect(JSON.parse(out.body as string)).toEqual({ accessToken: REDACTED, user: 'bob' });
    expect(out.note).toBe('retry with apiKey=[redacted] later');
    expect(out.url).toBe('https://api.example.com/v1?api_key=[redacted]&page=2');
  });

  it('a path of $ alone redacts the whole payload', () => {
    expect(redactPayload('{"a":1}', compileRedactionRules({ defaults: false, paths: ['$'] }))).toBe('"[redacted]"');
  });

  it('leaves text that only looks like JSON to the key=value rule', () => {
    expect(redactPayload('{"a":1} and then password=hunter2', rules)).toBe('{"a":1} and then password=[redacted]');
    expect(redactPayload('[not json', rules)).toBe('[not json');
    expect(redactPayload('12 apples', rules)).toBe('12 apples');
  });

  it('handles input nested 10,000 levels deep without recursion', () => {
    const depth = 10_000;
    const text = `${'{"a":'.repeat(depth)}{"password":"deep-secret","keep":1}${'}'.repeat(depth)}`;
    const out = redactPayload(text, rules) as string;
    expect(out).not.toContain('deep-secret');
    expect(out).toBe(`${'{"a":'.repeat(depth)}{"password":"[redacted]","keep":1}${'}'.repeat(depth)}`);
    const arrays = `${'['.repeat(depth)}{"token":"t"}${']'.repeat(depth)}`;
    expect(redactPayload(arrays, rules)).toBe(`${'['.repeat(depth)}{"token":"[redacted]"}${']'.repeat(depth)}`);
    // And a redacted value that is itself that deep is skipped without recursion too.
    expect(redactPayload(`{"secret":${'['.repeat(depth)}${']'.repeat(depth)}}`, rules)).toBe('{"secret":"[redacted]"}');
  });
});

describe('redactPayload on parsed values', () => {
  it('copies what changes and leaves the original untouched', () => {
    const value = { user: 'bob', customer: { email: 'ann@example.com', tier: 'gold' }, items: [{ card: { n: 1 } }, { sku: 'x' }], list: [0, 1, 2], extra: { a: [1, 2] } };
    const before = JSON.stringify(value);
    const out = redactPayload(value, rules) as typeof value;
    expect(JSON.stringify(value)).toBe(before);
    expect(out).toEqual({ user: 'bob', customer: { email: REDACTED, tier: 'gold' }, items: [{ card: REDACTED }, { sku: 'x' }], list: [0, REDACTED, 2], extra: { a: [1, 2] } });
    expect(out.extra).toBe(value.extra); // untouched branches are shared
    const clean = { a: [1, { b: 'c' }] };
    expect(redactPayload(clean, rules)).toBe(clean);
  });

  it('walks a value nested 100,000 levels deep', () => {
    let value: unknown = { token: 'secret-value' };
    for (let i = 0; i < 100_000; i++) value = { a: value };
    let out = redactPayload(value, rules) as { a?: unknown; token?: unknown };
    let depth = 0;
    while (out.a !== undefined) {
      out = out.a as typeof out;
      depth += 1;
    }
    expect(depth).toBe(100_000);
    expect(out).toEqual({ token: REDACTED });
  });

  it('does nothing with inactive rules or non-payload values', () => {
    const none = compileRedactionRules({ defaults: false });
    const value = { password: 'x' };
    expect(redactPayload(value, none)).toBe(value);
    expect(redactPayload(42, rules)).toBe(42);
    expect(redactPayload(null, rules)).toBe(null);
  });
});

describe('redactText (key=value pairs in text)', () => {
  it('redacts the values of pairs whose name matches, in the forms causes and logs use', () => {
    expect(redactText('Authorization: Bearer eyJhbGciOi.x.y', rules)).toBe('Authorization: Bearer [redacted]');
    expect(redactText('login failed for user=bob password=hunter2;', rules)).toBe('login failed for user=bob password=[redacted];');
    expect(redactText('"client_secret": "s3 cr3t", "id": 1', rules)).toBe('"client_secret": "[redacted]", "id": 1');
    expect(redactText("token='abc'", rules)).toBe("token='[redacted]'");
    expect(redactText('DB_PASSWORD=x https://h/p?secret=y&z=1', rules)).toBe('DB_PASSWORD=[redacted] https://h/p?secret=[redacted]&z=1');
  });

  it('leaves other pairs and plain sentences alone, and is idempotent', () => {
    const text = 'Error: timeout after 30s at 2024-01-01T00:00:00Z; card declined (code=51)';
    expect(redactText(text, rules)).toBe(text);
    const once = redactText('password=a token: b Authorization: Bearer c', rules);
    expect(once).toBe('password=[redacted] token: [redacted] Authorization: Bearer [redacted]');
    expect(redactText(once, rules)).toBe(once);
  });

  it('is what a non-JSON payload gets', () => {
    expect(decodePayload('apiKey: K').parsed).toBe(false);
    expect(redactPayload('apiKey: K', rules)).toBe('apiKey: [redacted]');
  });
});
