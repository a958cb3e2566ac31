// JSONPath as Step Functions evaluates it (Jayway semantics). Definite paths ($.a.b[0]) are walked
// here directly: it is fast and gives AWS's error wording. Indefinite paths (wildcards, filters,
// slices, deep scan, unions) go to jsonpath-plus and yield a list, as in Jayway.
import { JSONPath } from 'jsonpath-plus';

type Token = { kind: 'prop'; name: string } | { kind: 'index'; index: number };

export interface ParsedPath {
  /** Null when the path is indefinite (needs jsonpath-plus). */
  tokens: Token[] | null;
  text: string;
}

const cache = new Map<string, ParsedPath>();

/** Parses `$...` (root already stripped of a leading `$$` by callers that handle context paths). */
export function parsePath(text: string): ParsedPath {
  const hit = cache.get(text);
  if (hit) return hit;
  const parsed: ParsedPath = { tokens: tokenize(text), text };
  if (cache.size > 5000) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

function tokenize(text: string): Token[] | null {
  if (!text.startsWith('$')) return null;
  const tokens: Token[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      if (text[i + 1] === '.' || text[i + 1] === '*') return null;
      let j = i + 1;
      while (j < text.length && text[j] !== '.' && text[j] !== '[') j += 1;
      const name = text.slice(i + 1, j);
      if (name === '' || name.includes('(')) return null;
      tokens.push({ kind: 'prop', name });
      i = j;
    } else if (c === '[') {
      const close = findClose(text, i);
      if (close < 0) return null;
      const inner = text.slice(i + 1, close).trim();
      const quoted = /^'((?:[^'\\]|\\.)*)'$/.exec(inner) ?? /^"((?:[^"\\]|\\.)*)"$/.exec(inner);
      if (quoted) tokens.push({ kind: 'prop', name: (quoted[1] ?? '').replace(/\\'/g, "'") });
      else if (/^-?\d+$/.test(inner)) tokens.push({ kind: 'index', index: Number(inner) });
      else return null;
      i = close + 1;
    } else {
      return null;
    }
  }
  return tokens;
}

function findClose(text: string, open: number): number {
  let quote: string | null = null;
  for (let i = open + 1; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ']') return i;
  }
  return -1;
}

/** `$['a']['b'][0]`: how Jayway prints a path in its messages. */
function printTokens(tokens: Token[]): string {
  return '$' + tokens.map((t) => (t.kind === 'prop' ? `['${t.name}']` : `[${t.index}]`)).join('');
}

export type PathResult = { found: true; value: unknown } | { found: false; message: string };

/**
 * Reads a path. Definite paths give the value or, when missing, Jayway's message:
 * "Missing property in path $['a']" for a missing intermediate, "No results for path: $['a']['b']"
 * for a missing leaf. Indefinite paths give the list of matches (possibly empty).
 */
export function readPath(data: unknown, text: string): PathResult {
  if (text === '$') return { found: true, value: data };
  const parsed = parsePath(text);
  if (parsed.tokens === null) {
    try {
      const value = JSONPath({ path: text, json: data as object, wrap: true, eval: 'safe' }) as unknown[];
      return { found: true, value };
    } catch (e) {
      return { found: false, message: `Invalid path '${text}': ${(e as Error).message}` };
    }
  }
  let cur: unknown = data;
  const tokens = parsed.tokens;
  for (let k = 0; k < tokens.length; k += 1) {
    const t = tokens[k] as Token;
    const last = k === tokens.length - 1;
    let next: unknown;
    let has = false;
    if (t.kind === 'prop') {
      if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && Object.hasOwn(cur, t.name)) {
        next = (cur as Record<string, unknown>)[t.name];
        has = true;
      }
    } else if (Array.isArray(cur)) {
      const idx = t.index < 0 ? cur.length + t.index : t.index;
      if (idx >= 0 && idx < cur.length) {
        next = cur[idx];
        has = true;
      }
    }
    if (!has) {
      const message = last
        ? `No results for path: ${printTokens(tokens)}`
        : `Missing property in path ${printTokens(tokens.slice(0, k + 1))}`;
      return { found: false, message };
    }
    cur = next;
  }
  return { found: true, value: cur };
}

/**
 * ResultPath: a copy of `target` with `value` placed at the (definite) path, creating objects on
 * the way. Returns an error message when the path cannot be written (e.g. through a scalar).
 */
export function writePath(target: unknown, text: string, value: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text === '$') return { ok: true, value };
  const tokens = parsePath(text).tokens;
  if (tokens === null || tokens.length === 0) return { ok: false, message: `Invalid path '${text}'` };
  const root = clone(target);
  if (root === null || typeof root !== 'object') {
    return { ok: false, message: `Invalid path '${text}' : Unable to set value, the input is not an object` };
  }
  let cur = root as Record<string, unknown> | unknown[];
  for (let k = 0; k < tokens.length; k += 1) {
    const t = tokens[k] as Token;
    const last = k === tokens.length - 1;
    if (t.kind === 'prop') {
      if (Array.isArray(cur)) return { ok: false, message: `Invalid path '${text}'` };
      if (last) {
        cur[t.name] = value;
      } else {
        let child = cur[t.name];
        if (child === null || typeof child !== 'object') {
          child = {};
          cur[t.name] = child;
        }
        cur = child as Record<string, unknown>;
      }
    } else {
      if (!Array.isArray(cur)) return { ok: false, message: `Invalid path '${text}'` };
      const idx = t.index < 0 ? cur.length + t.index : t.index;
      if (last) cur[idx] = value;
      else {
        let child = cur[idx];
        if (child === null || typeof child !== 'object') {
          child = {};
          cur[idx] = child;
        }
        cur = child as Record<string, unknown>;
      }
    }
  }
  return { ok: true, value: root };
}

/** Structured clone for JSON values (inputs are never shared between states). */
export function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  return JSON.parse(JSON.stringify(value)) as T;
}
