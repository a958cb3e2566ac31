// Applies RedactionRules to one payload (an execution's or a run's input/output, a task's
// parameters or result, a cause), as AWS sends it (a JSON string) or as recordings hand it over
// (already parsed). The result has the same form: a JSON text stays a JSON text — byte for byte
// what it was except that each redacted value is now "[redacted]" — a parsed value stays parsed,
// and the input itself is returned when nothing matched (callers and caches compare by identity).
//
// Both walks are iterative (an explicit stack), so a payload nested 10,000 levels deep costs what
// a flat one of the same size does and never overflows the call stack. Neither parses the whole
// payload: JSON text is scanned once, strings skipped with indexOf, only member names (and
// strings that may hold key=value pairs) decoded.
//
// Text that is not JSON (most causes: "Login failed: password=hunter2", an HTTP header dump) and
// every string value inside JSON get the key=value rule: `name = value` or `name: value` where
// the name matches a key pattern has the value replaced ("password=[redacted]", "Authorization:
// Bearer [redacted]"). A string value that is itself a JSON object or array (an HTTP body, a
// Lambda error inside a cause) is redacted as JSON with the key patterns. Paths apply to the
// payload's own JSON structure only.
import { NO_PATH, REDACTED, type PathState, type RedactionRules } from './redaction-rules.ts';

/** JSON text of the replacement value. */
const REDACTED_JSON = JSON.stringify(REDACTED);
/** Strings holding JSON inside strings are followed this deep (each level doubles the escapes). */
const MAX_EMBEDDED_DEPTH = 8;
// First characters a JSON text can start with (as decodePayload decides).
const JSON_START = /^\s*[[{"\d-]|^\s*(?:true|false|null)\s*$/;

/** `value` with the rules applied; `value` itself when nothing matched or it holds no payload. */
export function redactPayload(value: unknown, rules: RedactionRules): unknown {
  if (!rules.active || value === null || value === undefined) return value;
  if (typeof value === 'string') return redactPayloadText(value, rules);
  if (typeof value === 'object') return redactParsed(value, rules, rules.rootPath ?? NO_PATH);
  return value;
}

/** A payload string: JSON text redacted as JSON, anything else by the key=value rule. */
export function redactPayloadText(text: string, rules: RedactionRules): string {
  if (!rules.active || text === '') return text;
  if (JSON_START.test(text)) {
    const json = redactJsonText(text, rules, rules.rootPath ?? NO_PATH, 0);
    if (json !== null) return json;
  }
  return redactText(text, rules);
}

// ---- key=value pairs in text ----

// A name, an optional closing quote and a separator, then the value: "[redacted]" (so applying
// the rule twice changes nothing), a quoted string, an HTTP auth scheme and its credentials, or a
// run of characters up to whitespace or a delimiter.
const TEXT_PAIR = /([\p{L}_][\p{L}\p{N}_.-]*)(["']?[ \t]*[:=][ \t]*)(\[redacted\]|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|(?:Bearer|Basic|Digest|Token)[ \t]+(?:\[redacted\]|[^\s,;&'"<>)}\]]+)|[^\s,;&'"<>)}\]]+)/giu;
const AUTH_SCHEME = /^(Bearer|Basic|Digest|Token)([ \t]+)/i;

/** `text` with the value of every `name=value` / `name: value` whose name matches a key pattern replaced. */
export function redactText(text: string, rules: RedactionRules): string {
  if (!rules.active || (!text.includes(':') && !text.includes('='))) return text;
  if (rules.textHint !== null && !rules.textHint.test(text)) return text;
  // One shared regex (redactText never re-enters itself): compiling one per call costs more than the match.
  const pair = TEXT_PAIR;
  pair.lastIndex = 0;
  let out = '';
  let copied = 0;
  let match: RegExpExecArray | null;
  while ((match = pair.exec(text)) !== null) {
    const [whole, name, separator, value] = match as unknown as [string, string, string, string];
    if (!rules.keyMatches(name)) {
      // Not a secret's name: look for pairs right after the name (inside this match's value).
      pair.lastIndex = match.index + name.length;
      continue;
    }
    const start = match.index + name.length + separator.length;
    out += text.slice(copied, start) + redactedLike(value);
    copied = match.index + whole.length;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function redactedLike(value: string): string {
  if (value === REDACTED) return REDACTED;
  const quote = value[0];
  if (quote === '"' || quote === "'") return `${quote}${REDACTED}${quote}`;
  const scheme = AUTH_SCHEME.exec(value);
  return scheme ? `${scheme[1]}${scheme[2]}${REDACTED}` : REDACTED;
}

/** A string value inside JSON: embedded JSON redacted by key patterns, else the key=value rule. */
function redactStringValue(value: string, rules: RedactionRules, embedded: number): string {
  if (embedded < MAX_EMBEDDED_DEPTH && /^\s*[[{]/.test(value)) {
    const json = redactJsonText(value, rules, NO_PATH, embedded + 1);
    if (json !== null) return json;
  }
  return redactText(value, rules);
}

// ---- JSON text ----

class NotJson extends Error {}

interface Frame {
  array: boolean;
  /** Next element's index (arrays). */
  index: number;
  path: PathState;
  /** Set by readMemberName (objects): the path state of the member being read and whether it is redacted. */
  memberPath: PathState;
  memberRedact: boolean;
}

const PRIMITIVE = /-?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|true|false|null/y;

/**
 * `text` with matching values replaced, or null when `text` is not one JSON value (then the
 * caller treats it as plain text). Copies untouched stretches of the text verbatim.
 */
function redactJsonText(text: string, rules: RedactionRules, root: PathState, embedded: number): string | null {
  try {
    return scanJson(text, rules, root, embedded);
  } catch (error) {
    if (error instanceof NotJson) return null;
    throw error;
  }
}

function scanJson(text: string, rules: RedactionRules, root: PathState, embedded: number): string {
  const n = text.length;
  const stack: Frame[] = [];
  let out = '';
  let copied = 0;
  const replace = (start: number, end: number, replacement: string) => {
    out += text.slice(copied, start) + replacement;
    copied = end;
  };

  let i = skipSpace(text, 0);
  // The value about to be read: its path state and whether a rule already matched it.
  let path = root;
  let redact = root.accept;
  let expectValue = true;
  while (true) {
    if (expectValue) {
      expectValue = false;
      if (i >= n) throw new NotJson();
      const c = text.charCodeAt(i);
      if (redact) {
        const end = skipValue(text, i);
        if (end - i !== REDACTED_JSON.length || !text.startsWith(REDACTED_JSON, i)) replace(i, end, REDACTED_JSON);
        i = end;
      } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        const array = c === 0x5b;
        i = skipSpace(text, i + 1);
        if (text.charCodeAt(i) === (array ? 0x5d : 0x7d)) {
          i += 1; // empty container
        } else {
          const frame: Frame = { array, index: 0, path, memberPath: NO_PATH, memberRedact: false };
          stack.push(frame);
          if (array) {
            path = path === NO_PATH ? NO_PATH : rules.stepPath(path, 0);
            redact = path.accept;
            expectValue = true;
          } else {
            i = readMemberName(text, i, frame, rules);
            path = frame.memberPath;
            redact = frame.memberRedact;
            expectValue = true;
          }
          continue;
        }
      } else if (c === 0x22 /* " */) {
        const end = stringEnd(text, i);
        const look = scanString(text, i + 1, end - 1);
        if (look & (MAY_PAIR | MAY_JSON)) {
          const value = look & HAS_ESCAPE ? (JSON.parse(text.slice(i, end)) as string) : text.slice(i + 1, end - 1);
          const redacted = redactStringValue(value, rules, embedded);
          if (redacted !== value) replace(i, end, JSON.stringify(redacted));
        }
        i = end;
      } else {
        PRIMITIVE.lastIndex = i;
        if (!PRIMITIVE.test(text)) throw new NotJson();
        i = PRIMITIVE.lastIndex;
      }
    }
    // After a value: the end of the text, or a separator or closer of the enclosing container.
    i = skipSpace(text, i);
    const frame = stack[stack.length - 1];
    if (frame === undefined) {
      if (i !== n) throw new NotJson();
      break;
    }
    const c = text.charCodeAt(i);
    if (c === 0x2c /* , */) {
      i = skipSpace(text, i + 1);
      if (frame.array) {
        frame.index += 1;
        path = frame.path === NO_PATH ? NO_PATH : rules.stepPath(frame.path, frame.index);
        redact = path.accept;
      } else {
        i = readMemberName(text, i, frame, rules);
        path = frame.memberPath;
        redact = frame.memberRedact;
      }
      expectValue = true;
    } else if (c === (frame.array ? 0x5d : 0x7d)) {
      stack.pop();
      i += 1;
    } else {
      throw new NotJson();
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Reads `"name" :` at i into frame.memberPath / memberRedact; returns the index of the value. */
function readMemberName(text: string, i: number, frame: Frame, rules: RedactionRules): number {
  if (text.charCodeAt(i) !== 0x22) throw new NotJson();
  const end = stringEnd(text, i);
  const name = scanString(text, i + 1, end - 1) & HAS_ESCAPE ? (JSON.parse(text.slice(i, end)) as string) : text.slice(i + 1, end - 1);
  const colon = skipSpace(text, end);
  if (text.charCodeAt(colon) !== 0x3a /* : */) throw new NotJson();
  frame.memberPath = frame.path === NO_PATH ? NO_PATH : rules.stepPath(frame.path, name);
  frame.memberRedact = frame.memberPath.accept || rules.keyMatches(name);
  return skipSpace(text, colon + 1);
}

const HAS_ESCAPE = 1;
/** Holds ":" or "=": maybe a key=value pair. */
const MAY_PAIR = 2;
/** Starts (after spaces) with "{" or "[": maybe JSON inside the string. */
const MAY_JSON = 4;

/** What the raw (still escaped) string text[start, end) may hold, as MAY_* / HAS_ESCAPE bits; no allocation. */
function scanString(text: string, start: number, end: number): number {
  let bits = 0;
  let leading = true;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (leading && c !== 0x20 && c !== 0x09) {
      leading = false;
      if (c === 0x7b || c === 0x5b) bits |= MAY_JSON;
    }
    if (c === 0x5c) bits |= HAS_ESCAPE;
    else if (c === 0x3a || c === 0x3d) bits |= MAY_PAIR;
  }
  return bits;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i += 1;
  }
  return i;
}

/** Index just past the string starting at i (text[i] is its opening quote). */
function stringEnd(text: string, i: number): number {
  let from = i + 1;
  while (true) {
    const quote = text.indexOf('"', from);
    if (quote < 0) throw new NotJson();
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** Index just past the value starting at i, without looking inside it more than to find its end. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return stringEnd(text, i);
  if (c !== 0x7b && c !== 0x5b) {
    PRIMITIVE.lastIndex = i;
    if (!PRIMITIVE.test(text)) throw new NotJson();
    return PRIMITIVE.lastIndex;
  }
  let depth = 0;
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === 0x22) {
      i = stringEnd(text, i);
      continue;
    }
    if (d === 0x7b || d === 0x5b) depth += 1;
    else if (d === 0x7d || d === 0x5d) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  throw new NotJson();
}

// ---- parsed values ----

interface ParsedFrame {
  source: Record<string, unknown> | unknown[];
  /** Member names of an object; null for an array. */
  names: string[] | null;
  next: number;
  path: PathState;
  /** The copy, made at the first change; null while nothing below changed. */
  copy: Record<string, unknown> | unknown[] | null;
  /** Where the copy goes in the parent frame. */
  key: string | number;
}

function redactParsed(value: object, rules: RedactionRules, root: PathState): unknown {
  if (root.accept) return REDACTED;
  if (!isContainer(value)) return value;
  const stack: ParsedFrame[] = [frameOf(value, root, 0)];
  while (true) {
    const frame = stack[stack.length - 1] as ParsedFrame;
    const size = frame.names === null ? (frame.source as unknown[]).length : frame.names.length;
    if (frame.next >= size) {
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent === undefined) return frame.copy ?? frame.source;
      if (frame.copy !== null) setChild(parent, frame.key, frame.copy);
      continue;
    }
    const key: string | number = frame.names === null ? frame.next : (frame.names[frame.next] as string);
    frame.next += 1;
    const child = (frame.source as Record<string | number, unknown>)[key];
    const path = frame.path === NO_PATH ? NO_PATH : rules.stepPath(frame.path, key);
    if (path.accept || (typeof key === 'string' && rules.keyMatches(key))) {
      if (child !== REDACTED) setChild(frame, key, REDACTED);
    } else if (typeof child === 'string') {
      const redacted = redactStringValue(child, rules, 0);
      if (redacted !== child) setChild(frame, key, redacted);
    } else if (isContainer(child)) {
      stack.push(frameOf(child, path, key));
    }
  }
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function frameOf(source: Record<string, unknown> | unknown[], path: PathState, key: string | number): ParsedFrame {
  return { source, names: Array.isArray(source) ? null : Object.keys(source), next: 0, path, copy: null, key };
}

function setChild(frame: ParsedFrame, key: string | number, value: unknown): void {
  if (frame.copy === null) frame.copy = Array.isArray(frame.source) ? frame.source.slice() : { ...frame.source };
  (frame.copy as Record<string | number, unknown>)[key] = value;
}
