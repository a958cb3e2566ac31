// The cause pattern of a failure cluster (DESIGN.md §2.5): a failure's `cause` with everything
// that varies from one execution to the next masked — recording placeholders, ARNs, URLs, UUIDs,
// timestamps (ISO-8601, HTTP dates, epoch seconds/ms), request ids, hex and other long ids,
// numbers and quoted values — and the error words kept. Two causes that differ only in such
// values give the same pattern; causes with different words give different ones.
//
// Guarantees: pure and deterministic (same input → same output, on every machine); whitespace
// runs collapse to one space; at most CAUSE_PATTERN_MAX_LENGTH code points (longer patterns are
// cut and end with "…"); for a text (non-JSON) cause, idempotent under the bound (normalising
// a pattern again changes nothing). null/undefined/"" give "".
//
// A cause holding a JSON object or array (a Lambda error, an SDK integration's response; as a
// string or already parsed, §2.2) is normalised as structure: keys sorted (recordings sort
// keys, AWS does not), numbers masked, and string values either kept as text — under keys that
// carry error words (errorMessage, errorType, Error, Cause, message, stackTrace, ErrorCode, …),
// with the masks above applied inside — or masked whole as quoted values (ids, names, inputs).
//
// Mask tokens: <arn> <url> <uuid> <ts> <id> <hex> <n> <q> (a quoted value, quotes included; in a
// JSON cause a masked string value is the JSON string "<q>"); a recording
// placeholder "<uuid:3>" (aws-histories) keeps its name and loses its index: "<uuid>".

export const CAUSE_PATTERN_MAX_LENGTH = 500;
/** Nested JSON (a cause inside a cause) is followed this deep; deeper values are masked whole. */
const MAX_JSON_DEPTH = 8;

type Rule = readonly [RegExp, string | ((...groups: string[]) => string)];
const QUOTES = 'quotes';

const RULES: ReadonlyArray<Rule | typeof QUOTES> = [
  // Recording placeholders with an index: <uuid:1>, <ArnPart_0idx> stays (no index), <resource:12>.
  [/<([A-Za-z][\w.-]*):\d+>/g, '<$1>'],
  // URLs (SQS queue URLs, API endpoints) before ARNs and numbers inside them.
  [/\bhttps?:\/\/[^\s"'`<>()[\]{},;]+/g, (url) => keepTrailing(url, '<url>')],
  // ARNs: arn:partition:service:region:account:resource..., up to a delimiter; a sentence's
  // closing "." or ":" is not part of it.
  [/(?<![A-Za-z0-9])arn:[^\s"'`()[\]{},;]+/g, (arn) => keepTrailing(arn, '<arn>')],
  [/(?<![A-Za-z0-9])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![A-Za-z0-9])/gi, '<uuid>'],
  // ISO-8601 date[-time] with optional fraction and offset: 2024-01-02T03:04:05.678+00:00.
  [/(?<![A-Za-z0-9])\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![0-9])/g, '<ts>'],
  // HTTP dates: Tue, 02 Jan 2024 03:04:05 GMT.
  [/\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (?:GMT|UTC)\b/g, '<ts>'],
  // Request ids after their label, whatever their shape: "Request ID: 1A2B...;", "RequestId: x".
  [
    /\b((?:extended\s+)?request[\s_-]?id|x-amzn-requestid|x-amz-request-id|x-amz-id-2)(\s*[:=]\s*)([^\s;,)"'<]+|<[^>\s]*>)/gi,
    (_m, label, separator) => `${label}${separator}<id>`,
  ],
  // (Quoted values are masked here: see maskQuoted.)
  QUOTES,
  // Epoch seconds (10 digits, 2001–2286, optional fraction) and milliseconds (13 digits).
  [/(?<![A-Za-z0-9.])1\d{9}(?:\.\d+)?(?![A-Za-z0-9])|(?<![A-Za-z0-9.])1\d{12}(?![A-Za-z0-9])/g, '<ts>'],
  // Hex: 0x-prefixed, or 8+ hex digits with at least one digit and one letter (i-0abc12345def,
  // S3 request ids, commit hashes); plain words made of a-f letters only stay.
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/(?<![A-Za-z0-9])(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{8,}(?![A-Za-z0-9])/gi, '<hex>'],
  // Other long tokens mixing letters and digits (base64 ids, trace ids, task tokens).
  // Not inside a recording placeholder (<ExpressExecArn_Part1_0idx> keeps its name).
  [/(?<![A-Za-z0-9+/=_<-])(?=[A-Za-z0-9+/=_-]*[0-9])(?=[A-Za-z0-9+/=_-]*[A-Za-z])[A-Za-z0-9+/=_-]{20,}(?![A-Za-z0-9+/=_>-])/g, '<id>'],
  // Numbers not glued to a word's letters (v2, d2 stay; State_1, #2, 1.5, 404, 10.0.0.1 are
  // masked), with a minus sign that stands alone (": -1.5" → ": <n>"; "1-2" → "<n>-<n>").
  [/(?:(?<![A-Za-z0-9.])-)?(?<![A-Za-z0-9.])\d+(?:\.\d+)*(?![0-9])/g, '<n>'],
];

// Quoted values in text ('x', "x", `x`, opened and closed outside words, so "state's" is no
// quote), quotes included; repeated until none is left, for quotes inside quotes ('{'a': 1}').
const QUOTED = /(?<![A-Za-z0-9])(?:'[^'\n]*'|"[^"\n]*"|`[^`\n]*`)(?![A-Za-z0-9])/g;
const MAX_QUOTE_PASSES = 16;

/** Masks the quoted values of `text` until none is left (each pass removes at least one pair). */
function maskQuoted(text: string): string {
  let out = text.replace(QUOTED, '<q>');
  for (let pass = 1; pass < MAX_QUOTE_PASSES; pass++) {
    const next = out.replace(QUOTED, '<q>');
    if (next === out) break;
    out = next;
  }
  return out;
}

/** `masked`, keeping a trailing "." or ":" of the match outside it (end of a sentence). */
function keepTrailing(match: string, masked: string): string {
  const trailing = /[.:]+$/.exec(match)?.[0] ?? '';
  return masked + trailing;
}

/** The masks applied to free text (whitespace is collapsed by the caller). */
export function maskCauseText(text: string): string {
  let out = text;
  for (const rule of RULES) {
    if (rule === QUOTES) {
      out = maskQuoted(out);
      continue;
    }
    const [pattern, replacement] = rule;
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement as (...args: string[]) => string);
  }
  return out;
}

// Keys whose string values carry error words (kept, masked inside) rather than data (masked whole).
const WORD_KEY = /error|message|cause|reason|exception|code|type|status|trace|detail|description/i;

function parseJsonContainer(text: string): unknown {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function maskJson(value: unknown, depth: number, wordKey: boolean): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number' || typeof value === 'bigint') return '<n>';
  if (typeof value === 'string') {
    if (!wordKey) return '"<q>"';
    const nested = depth < MAX_JSON_DEPTH ? parseJsonContainer(value) : undefined;
    if (nested !== undefined) return JSON.stringify(maskJson(nested, depth + 1, true));
    return JSON.stringify(collapse(maskCauseText(value)));
  }
  if (depth >= MAX_JSON_DEPTH) return '"<q>"';
  if (Array.isArray(value)) return `[${value.map((item) => maskJson(item, depth + 1, wordKey)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([key, v]) => `${JSON.stringify(collapse(maskCauseText(key)))}:${maskJson(v, depth + 1, WORD_KEY.test(key))}`)
      // Code-unit order: the same on every machine and locale.
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.join(',')}}`;
  }
  return '"<q>"';
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts to at most `max` code points (never inside a surrogate pair), marking the cut with "…". */
function bound(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/** The cause pattern of a failure's cause (string, parsed JSON, or anything else AWS sent). */
export function normalizeCause(cause: unknown): string {
  if (cause === null || cause === undefined) return '';
  let pattern: string;
  if (typeof cause === 'string') {
    const json = parseJsonContainer(cause);
    pattern = json !== undefined ? maskJson(json, 0, true) : maskCauseText(cause);
  } else if (typeof cause === 'object') {
    pattern = maskJson(cause, 0, true);
  } else {
    pattern = maskCauseText(String(cause));
  }
  return bound(collapse(pattern), CAUSE_PATTERN_MAX_LENGTH);
}
