// Redaction rules (README "Redaction"): which values of an execution's payloads (inputs,
// outputs, task parameters and results, causes) are replaced by REDACTED before they are stored
// or shown. Two kinds of rule, compiled once:
// - key-name patterns, case-insensitive, matched against every object member's name at any depth:
//   a pattern without `*` matches a name when a run of the name's words, joined, spells the
//   pattern's letters ("apiKey" and "apikey" both match `api_key`, `x-api-key`, `APIKey`,
//   `partnerApiKeyId`; "token" matches `accessToken` and `TaskToken` but not `maxTokens`,
//   `tokenizer`; "ssn" does not match `className`); a pattern with `*` is a glob over the whole
//   name ("*_pin" matches `card_pin`);
// - paths, JSONPath-like, from the payload's root: `$.customer.email`, `$..password` (any depth),
//   `$.items[*].card`, `$.items[0]`, `$['odd key']`, `$.*.secret`.
// A matching member or element has its whole value (object, array, string, number) replaced.

/** What a redacted value becomes: a JSON string, so a redacted payload stays valid JSON. */
export const REDACTED = '[redacted]';

/**
 * The key-name patterns on by default (`"defaults": true`): passwords, secrets and tokens of any
 * kind, HTTP credentials and cookies, payment card data and national identity numbers. Not
 * "credentials": AWS names role ARNs so (`CredentialsRoleArn`, a state's `Credentials`), and the
 * secret parts of STS credentials (`SecretAccessKey`, `SessionToken`, `AccessKeyId`) match anyway.
 */
export const DEFAULT_REDACTED_KEYS: readonly string[] = [
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'authorization',
  'apiKey',
  'accessKey',
  'privateKey',
  'cookie',
  'ssn',
  'card',
  'cardNumber',
  'cvv',
  'cvc',
  'iban',
];

/** A rule that cannot be compiled; `message` says why in one line (the config names the field). */
export class RedactionRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedactionRuleError';
  }
}

/** One step of a path: a member name, an array index, or any (`*`); `deep` for `..` (any depth below). */
interface PathStep {
  deep: boolean;
  name: string | null;
  index: number | null;
}

export interface RedactionRuleInput {
  /** Key-name patterns added to (or, with `defaults: false`, instead of) DEFAULT_REDACTED_KEYS. */
  keys?: readonly string[];
  /** JSONPath-like paths from each payload's root. */
  paths?: readonly string[];
  /** Include DEFAULT_REDACTED_KEYS (default true). */
  defaults?: boolean;
}

/** Compiled rules: pass to redactPayload / redactEvent. Immutable; cheap to share. */
export interface RedactionRules {
  readonly keys: readonly string[];
  readonly paths: readonly string[];
  /** Stable text of the rules: caches of redacted data key on it. */
  readonly fingerprint: string;
  /** Whether any rule exists (no rules: redaction is the identity). */
  readonly active: boolean;
  /** Whether member `name` matches a key-name pattern (memoised per rules). */
  keyMatches(name: string): boolean;
  /**
   * A quick test a text must pass to hold any name a key pattern matches (each word pattern's
   * letters in order, separators allowed between them; case-insensitive); null when a glob
   * pattern makes that impossible to say. Sound: a text failing it holds no matching name.
   */
  readonly textHint: RegExp | null;
  /** The path state at a payload's root; null when there are no path rules. */
  readonly rootPath: PathState | null;
  /** The path state one level below `state`, entering member `key` (string) or element `key` (number). */
  stepPath(state: PathState, key: string | number): PathState;
}

/**
 * Where a walk stands against the path rules: the steps still to match, packed as
 * rule * STEP_LIMIT + step, and whether some rule's last step matched this very position.
 */
export interface PathState {
  readonly active: readonly number[];
  readonly accept: boolean;
}

/** No path rule can match here or below (the common state: checked by identity). */
export const NO_PATH: PathState = Object.freeze({ active: Object.freeze([]) as readonly number[], accept: false });

const STEP_LIMIT = 256;
const KEY_MEMO_LIMIT = 20_000;
const TRANSITION_MEMO_LIMIT = 1_000;

export function compileRedactionRules(input: RedactionRuleInput = {}): RedactionRules {
  const keys = [...new Set([...(input.defaults === false ? [] : DEFAULT_REDACTED_KEYS), ...(input.keys ?? [])])];
  const paths = [...new Set(input.paths ?? [])];
  const matchers = keys.map((pattern, i) => compileKeyPattern(pattern, `keys[${i}]`));
  const steps = paths.map((path) => parsePath(path));
  const memo = new Map<string, boolean>();
  const keyMatches = (name: string): boolean => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const words = splitWords(name);
    const hit = matchers.some((matcher) => matcher(name, words));
    if (memo.size < KEY_MEMO_LIMIT) memo.set(name, hit);
    return hit;
  };
  // Transitions are memoised per state (walks revisit the same few states with the same keys).
  const transitions = new WeakMap<PathState, Map<string | number, PathState>>();
  const stepPath = (state: PathState, key: string | number): PathState => {
    if (state.active.length === 0) return NO_PATH;
    let known = transitions.get(state);
    const hit = known?.get(key);
    if (hit !== undefined) return hit;
    const next = computeStep(state, key);
    if (known === undefined) transitions.set(state, (known = new Map()));
    if (known.size < TRANSITION_MEMO_LIMIT) known.set(key, next);
    return next;
  };
  const computeStep = (state: PathState, key: string | number): PathState => {
    const next: number[] = [];
    let accept = false;
    for (const code of state.active) {
      const rule = Math.floor(code / STEP_LIMIT);
      const at = code % STEP_LIMIT;
      const path = steps[rule] as PathStep[];
      const step = path[at] as PathStep;
      if (step.deep && !next.includes(code)) next.push(code); // `..` may skip this level
      if (stepMatches(step, key)) {
        if (at + 1 === path.length) accept = true;
        else if (!next.includes(code + 1)) next.push(code + 1);
      }
    }
    return next.length === 0 && !accept ? NO_PATH : { active: next, accept };
  };
  // `$` alone redacts the whole payload.
  const rootPath: PathState | null =
    steps.length === 0 ? null : { active: steps.flatMap((path, rule) => (path.length === 0 ? [] : [rule * STEP_LIMIT])), accept: steps.some((path) => path.length === 0) };
  const textHint = keys.length === 0 ? /(?!)/ : keys.some((k) => k.includes('*')) ? null : new RegExp(keys.map(hintOf).join('|'), 'iu');
  return { keys, paths, fingerprint: JSON.stringify({ keys, paths }), active: keys.length > 0 || paths.length > 0, keyMatches, textHint, rootPath, stepPath };
}

/** A word pattern's letters in order with any separators between them (see textHint). */
function hintOf(pattern: string): string {
  return [...splitWords(pattern).join('')].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^\\p{L}\\p{N}]*');
}

function stepMatches(step: PathStep, key: string | number): boolean {
  if (step.name === null && step.index === null) return true; // wildcard
  if (typeof key === 'number') return step.index === key;
  return step.name === key;
}

// ---- key-name patterns ----

type KeyMatcher = (name: string, words: readonly string[]) => boolean;

function compileKeyPattern(pattern: string, field: string): KeyMatcher {
  if (typeof pattern !== 'string' || pattern.trim() === '') throw new RedactionRuleError(`${field}: a key pattern must be a non-empty string`);
  if (pattern.includes('*')) {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    const glob = new RegExp(`^${source}$`, 'is');
    return (name) => glob.test(name);
  }
  const letters = splitWords(pattern).join('');
  if (letters === '') throw new RedactionRuleError(`${field}: "${pattern}" has no letters or digits to match`);
  return (_name, words) => spellsRun(words, letters);
}

/** Whether some run of consecutive `words`, joined, equals `letters`. */
function spellsRun(words: readonly string[], letters: string): boolean {
  for (let start = 0; start < words.length; start++) {
    let joined = '';
    for (let end = start; end < words.length && joined.length < letters.length; end++) {
      joined += words[end];
      if (joined === letters) return true;
      if (!letters.startsWith(joined)) break;
    }
  }
  return false;
}

/**
 * A member name as lower-case words: split at anything that is not a letter or digit, at
 * lower→upper case changes (`apiKey`), before the last capital of a capital run followed by a
 * lower-case letter (`APIKey` → api key) and between letters and digits (`token2` → token 2).
 */
export function splitWords(name: string): string[] {
  const words: string[] = [];
  for (const chunk of name.split(/[^\p{L}\p{N}]+/u)) {
    if (chunk === '') continue;
    const parts = chunk
      .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
      .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
      .replace(/(\p{L})(\p{N})/gu, '$1 $2')
      .replace(/(\p{N})(\p{L})/gu, '$1 $2')
      .split(' ');
    for (const part of parts) if (part !== '') words.push(part.toLowerCase());
  }
  return words;
}

// ---- paths ----

/**
 * `$` followed by steps: `.name`, `..name` (any depth), `.*`, `..*`, `[n]`, `[*]`, `['name']` or
 * `["name"]` (with `..` before a bracket for any depth). Throws RedactionRuleError naming the problem.
 */
export function parsePath(path: string): PathStep[] {
  if (typeof path !== 'string' || !path.startsWith('$')) throw new RedactionRuleError(`"${path}": a path starts with $ (e.g. "$.customer.email")`);
  const steps: PathStep[] = [];
  let i = 1;
  const fail = (why: string): never => {
    throw new RedactionRuleError(`"${path}": ${why} at character ${i + 1}`);
  };
  while (i < path.length) {
    let deep = false;
    if (path.startsWith('..', i)) {
      deep = true;
      i += 2;
    } else if (path[i] === '.') i += 1;
    else if (path[i] !== '[') fail('expected "." or "["');
    if (path[i] === '[') {
      const close = findBracketEnd(path, i);
      if (close < 0) fail('unclosed "["');
      const inner = path.slice(i + 1, close).trim();
      if (inner === '*') steps.push({ deep, name: null, index: null });
      else if (/^\d+$/.test(inner)) steps.push({ deep, name: null, index: Number(inner) });
      else if (/^'(?:[^'\\]|\\.)*'$|^"(?:[^"\\]|\\.)*"$/.test(inner)) steps.push({ deep, name: inner.slice(1, -1).replace(/\\(.)/g, '$1'), index: null });
      else fail(`"[${inner}]" is not an index, * or a quoted name (filters are not supported)`);
      i = close + 1;
      continue;
    }
    const match = /^(\*|[^.[\]\s]+)/.exec(path.slice(i));
    if (!match) fail('expected a member name or *');
    const token = (match as RegExpExecArray)[1] as string;
    steps.push(token === '*' ? { deep, name: null, index: null } : { deep, name: token, index: null });
    i += token.length;
  }
  if (steps.length >= STEP_LIMIT) throw new RedactionRuleError(`"${path}": at most ${STEP_LIMIT - 1} steps`);
  return steps;
}

function findBracketEnd(path: string, open: number): number {
  let quote: string | null = null;
  for (let i = open + 1; i < path.length; i++) {
    const c = path[i];
    if (quote !== null) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ']') return i;
  }
  return -1;
}
