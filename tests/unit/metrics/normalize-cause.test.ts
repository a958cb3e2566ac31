import { describe, expect, it } from 'vitest';
import { CAUSE_PATTERN_MAX_LENGTH, normalizeCause } from '../../../lib/metrics/index.ts';
import { corpusCauses } from './corpus-causes.ts';
import { mulberry32 as random } from '../../helpers/prng.ts';

const CAUSES = corpusCauses();
const text = (cause: unknown): string => (typeof cause === 'string' ? cause : JSON.stringify(cause));


/**
 * A recorded cause as AWS would really have sent it: every recording placeholder (<uuid:1>,
 * <request_id>, <region>, account 111111111111, …) replaced by a realistic value drawn from
 * `seed`, so two seeds give two causes that differ only in ids.
 */
function realise(cause: string, seed: number): string {
  const next = random(seed);
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(next() * 16)]).join('');
  const digits = (n: number) => Array.from({ length: n }, (_, i) => String(Math.floor(next() * 10) || (i === 0 ? 1 : 0))).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const regions = ['us-east-1', 'eu-west-2', 'ap-southeast-2'];
  return cause
    .replace(/<partition>/g, 'aws')
    .replace(/<region>/g, () => regions[Math.floor(next() * regions.length)] ?? 'us-east-1')
    .replace(/111111111111/g, () => digits(12))
    .replace(/<(?:uuid|request[_-]id)(?::\d+)?>/g, uuid)
    .replace(/<(ArnPart|ExecArnPart|resource|task_token|lambda_function_name)[^>]*>/g, () => `name-${hex(10)}`)
    .replace(/event id #\d+/g, () => `event id #${1 + Math.floor(next() * 40)}`)
    .replace(/line \d+/g, () => `line ${1 + Math.floor(next() * 300)}`);
}

describe('normalizeCause: masks', () => {
  const cases: Array<[string, string]> = [
    ['arn:aws:lambda:us-east-1:123456789012:function:charge-card:$LATEST failed', '<arn> failed'],
    ['Role arn:aws:iam::123456789012:role/Worker.', 'Role <arn>.'],
    ['id 3f2a4b1c-9d8e-4f7a-b6c5-d4e3f2a1b0c9 and 3F2A4B1C-9D8E-4F7A-B6C5-D4E3F2A1B0C9', 'id <uuid> and <uuid>'],
    ['instance i-0abc12345def67890 in sg-1a2b3c4d, commit 0x1F', 'instance i-<hex> in sg-<hex>, commit <hex>'],
    ['at 2024-01-02T03:04:05.678Z, 2024-01-02T03:04:05+01:00, 2024-01-02 03:04 and 2024-01-02', 'at <ts>, <ts>, <ts> and <ts>'],
    ['Date: Tue, 02 Jan 2024 03:04:05 GMT', 'Date: <ts>'],
    ['epoch 1700000000 1700000000.123 1700000000123', 'epoch <ts> <ts> <ts>'],
    ['retry 3 of 10 after 1.5 s, offset -2, range 1-2, from 10.0.0.12', 'retry <n> of <n> after <n> s, offset <n>, range <n>-<n>, from <n>'],
    ["Value 'order-42' at 'tableName' failed", 'Value <q> at <q> failed'],
    ["expression '{'foo': 'bar'}' returned", 'expression <q> returned'],
    ['refers to value "1.5" which is `x`', 'refers to value <q> which is <q>'],
    ["not authorized to assume the task state's role", "not authorized to assume the task state's role"],
    ['(Service: AmazonS3; Status Code: 403; Error Code: AccessDenied; Request ID: 4442587FB7D0A2F9; S3 Extended Request ID: abc/def+ghi=)', '(Service: AmazonS3; Status Code: <n>; Error Code: AccessDenied; Request ID: <id>; S3 Extended Request ID: <id>)'],
    ['RequestId: c0ffee00-1234-5678-9abc-def012345678 Error: boom', 'RequestId: <id> Error: boom'],
    ['queue https://sqs.us-east-1.amazonaws.com/123456789012/orders. Done', 'queue <url>. Done'],
    ['token AAAAKgAAAAIAAAAAAAAAAbcXyZ1234567890abcdefGHIJ', 'token <id>'],
    ['AmazonDynamoDBv2 in State_1, event #12', 'AmazonDynamoDBv2 in State_<n>, event #<n>'],
    ['recorded <uuid:3> and <resource:12>', 'recorded <uuid> and <resource>'],
    ['  many\n\t spaces   here  ', 'many spaces here'],
  ];
  it.each(cases)('%s', (cause, pattern) => {
    expect(normalizeCause(cause)).toBe(pattern);
  });

  it('keeps error words and plain hex-letter words (deadbeef, accepted, facade)', () => {
    expect(normalizeCause('Lambda.ServiceException: deadbeef facade accepted')).toBe('Lambda.ServiceException: deadbeef facade accepted');
  });

  it('gives "" for no cause and masks scalar causes', () => {
    expect(normalizeCause(null)).toBe('');
    expect(normalizeCause(undefined)).toBe('');
    expect(normalizeCause('')).toBe('');
    expect(normalizeCause('   ')).toBe('');
    expect(normalizeCause(404)).toBe('<n>');
    expect(normalizeCause(true)).toBe('true');
  });

  it('normalises a JSON cause as structure: keys sorted, error words kept, data masked', () => {
    const lambda = {
      errorType: 'ValueError',
      errorMessage: 'Order 12345 not found',
      requestId: 'c0ffee00-1234-5678-9abc-def012345678',
      stackTrace: ['  File "/var/task/handler.py", line 7, in handler\n    raise ValueError()\n'],
    };
    const expected = '{"errorMessage":"Order <n> not found","errorType":"ValueError","requestId":"<q>","stackTrace":["File <q>, line <n>, in handler raise ValueError()"]}';
    expect(normalizeCause(JSON.stringify(lambda))).toBe(expected);
    // Already parsed (recordings), and in another key order: the same pattern.
    expect(normalizeCause(lambda)).toBe(expected);
    const reordered = { stackTrace: lambda.stackTrace, requestId: 'other', errorMessage: 'Order 9 not found', errorType: 'ValueError' };
    expect(normalizeCause(reordered)).toBe(expected);
    // A cause inside a cause (an error string holding JSON) is followed.
    expect(normalizeCause({ Error: 'X', Cause: JSON.stringify({ errorMessage: 'id 42', Input: '{"a":1}' }) })).toBe(
      '{"Cause":"{\\"Input\\":\\"<q>\\",\\"errorMessage\\":\\"id <n>\\"}","Error":"X"}',
    );
    // Text that only looks like JSON is masked as text.
    expect(normalizeCause('{not json 42')).toBe('{not json <n>');
  });

  it('is bounded: at most CAUSE_PATTERN_MAX_LENGTH code points, cut with "…", never inside a surrogate pair', () => {
    const long = 'word '.repeat(1000);
    const pattern = normalizeCause(long);
    expect(Array.from(pattern)).toHaveLength(CAUSE_PATTERN_MAX_LENGTH);
    expect(pattern.endsWith('…')).toBe(true);
    const emoji = normalizeCause('😀'.repeat(CAUSE_PATTERN_MAX_LENGTH + 10));
    expect(Array.from(emoji)).toHaveLength(CAUSE_PATTERN_MAX_LENGTH);
    expect(emoji).toBe(`${'😀'.repeat(CAUSE_PATTERN_MAX_LENGTH - 1)}…`);
    expect(normalizeCause('😀'.repeat(CAUSE_PATTERN_MAX_LENGTH))).toBe('😀'.repeat(CAUSE_PATTERN_MAX_LENGTH));
    // Ids past the cut cannot split a cluster.
    expect(normalizeCause(`${long} 3f2a4b1c-9d8e-4f7a-b6c5-d4e3f2a1b0c9`)).toBe(normalizeCause(`${long} other-id-7`));
  });

  it('is stable and idempotent for text causes', () => {
    for (const { cause } of CAUSES) {
      const pattern = normalizeCause(cause);
      expect(normalizeCause(cause)).toBe(pattern);
      if (typeof cause === 'string' && !cause.trim().startsWith('{')) expect(normalizeCause(pattern)).toBe(pattern);
    }
  });
});

describe('normalizeCause on the real AWS causes of aws-histories', () => {
  it('finds the corpus causes (strings and parsed JSON)', () => {
    expect(CAUSES.length).toBeGreaterThan(150);
    expect(CAUSES.some((c) => typeof c.cause === 'object')).toBe(true);
    expect(new Set(CAUSES.map((c) => c.type))).toEqual(new Set(['ExecutionFailed', 'TaskFailed', 'LambdaFunctionFailed']));
  });

  it('leaves no ARN, UUID, long digit run or timestamp in any pattern, and stays bounded', () => {
    for (const { cause } of CAUSES) {
      const pattern = normalizeCause(cause);
      expect(pattern).not.toMatch(/arn:/);
      expect(pattern).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
      expect(pattern).not.toMatch(/\d{3,}/);
      expect(pattern).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(Array.from(pattern).length).toBeLessThanOrEqual(CAUSE_PATTERN_MAX_LENGTH);
    }
  });

  it('the parsed-JSON form of a cause and its JSON text give the same pattern', () => {
    const parsed = CAUSES.filter((c) => typeof c.cause === 'object' && c.cause !== null);
    expect(parsed.length).toBeGreaterThan(10);
    for (const { cause } of parsed) expect(normalizeCause(JSON.stringify(cause))).toBe(normalizeCause(cause));
  });

  it('two causes that differ only in ids normalise equal (recorded placeholders made real)', () => {
    const distinct = [...new Set(CAUSES.map((c) => text(c.cause)))];
    expect(distinct.length).toBeGreaterThan(50);
    for (const cause of distinct) {
      const a = realise(cause, 1);
      const b = realise(cause, 2);
      expect(normalizeCause(a), cause).toBe(normalizeCause(b));
      expect(normalizeCause(a), cause).toBe(normalizeCause(cause));
    }
    // The substitution did change something in the causes that had ids.
    expect(distinct.filter((c) => realise(c, 1) !== realise(c, 2)).length).toBeGreaterThan(20);
  });

  it('recordings of the same Lambda error with different request ids fall together', () => {
    const lambda = CAUSES.filter((c) => text(c.cause).includes('Some exception was raised.'));
    expect(new Set(lambda.map((c) => text(c.cause))).size).toBeGreaterThan(1);
    expect(new Set(lambda.map((c) => normalizeCause(c.cause))).size).toBe(1);
  });

  it('different error messages do not normalise equal', () => {
    const pick = (needle: string): unknown => {
      const found = CAUSES.find((c) => text(c.cause).includes(needle));
      if (!found) throw new Error(`no corpus cause contains ${needle}`);
      return found.cause;
    };
    const messages = [
      'Missing property in path',
      'No results for path',
      'could not be found in the input',
      'Some exception was raised.',
      'raise CustomException()',
      'Missing Authentication Token',
      'Detail is malformed.',
      'Source is a required argument.',
      'Map state input must be an array but was: true',
      'Map state input must be an array but was: null',
      'ToleratedFailureCount cannot be negative.',
      'ToleratedFailurePercentage must be between',
      'is not a valid integer: $.ToleratedFailureCount',
      'is not a valid float',
      'cannot be parsed as a long value',
      'references a negative value',
      'does not reference an input value',
      'Wait state delay is too long.',
      'Function not found',
      'The request must contain the parameter MessageBody',
      'failed to satisfy constraint',
      'returned nothing (undefined)',
      'returned an unsupported result type',
      'Intentional failure',
      'Failure cause',
      '"Error":"SomeFailure"',
      '"Error":"States.Timeout"',
    ];
    const patterns = messages.map((m) => normalizeCause(pick(m)));
    const seen = new Map<string, string>();
    patterns.forEach((pattern, i) => {
      expect(seen.get(pattern), `"${messages[i]}" and "${seen.get(pattern)}" share the pattern ${pattern}`).toBeUndefined();
      seen.set(pattern, messages[i] ?? '');
    });
  });

  it('never merges text causes whose words differ (outside quotes, ids and numbers)', () => {
    // An independent, cruder skeleton: the plain words of a cause once quoted parts, ARNs,
    // URLs, placeholders and anything with a digit are dropped. Equal patterns ⇒ equal skeletons.
    const skeleton = (cause: string) =>
      cause
        .replace(/(?<![A-Za-z0-9])'[^'\n]*'(?![A-Za-z0-9])|(?<![A-Za-z0-9])"[^"\n]*"(?![A-Za-z0-9])/g, ' ')
        .replace(/arn:\S+|https?:\/\/\S+|<[^<>\s]*>/g, ' ')
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w !== '' && !/\d/.test(w))
        .join(' ');
    const byPattern = new Map<string, string>();
    for (const { cause } of CAUSES) {
      if (typeof cause !== 'string' || cause.trim().startsWith('{')) continue;
      const pattern = normalizeCause(cause);
      const words = skeleton(cause);
      const before = byPattern.get(pattern);
      if (before !== undefined) expect(words, pattern).toBe(before);
      else byPattern.set(pattern, words);
    }
    expect(byPattern.size).toBeGreaterThan(30);
  });
});
