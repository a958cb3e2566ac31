// The JSONPath intrinsic functions (States.Format, States.Array, ...). An expression such as
// `States.Format('x={}', $.a)` is parsed once into a small tree and evaluated against a resolver
// for its path arguments ($.x, $$.x, $variable). Failures raise States.Runtime, as AWS does.
import { createHash, randomUUID } from 'node:crypto';
import { StatesError } from './states-error.ts';

type Arg =
  | { kind: 'literal'; value: unknown }
  | { kind: 'path'; path: string }
  | { kind: 'call'; name: string; args: Arg[] };

export type PathResolver = (path: string) => unknown;

const cache = new Map<string, Arg>();

export function isIntrinsic(text: string): boolean {
  return /^States\.[A-Za-z0-9]+\s*\(/.test(text.trim());
}

export function evaluateIntrinsic(text: string, resolve: PathResolver): unknown {
  let tree = cache.get(text);
  if (!tree) {
    tree = parseIntrinsic(text);
    if (cache.size > 2000) cache.clear();
    cache.set(text, tree);
  }
  return evaluate(tree, resolve);
}

export function parseIntrinsic(text: string): Arg {
  const p = new Parser(text.trim());
  const node = p.call();
  p.skipSpace();
  if (!p.done()) throw new StatesError('States.Runtime', `Invalid intrinsic function '${text}'`);
  return node;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}
  done(): boolean {
    return this.i >= this.s.length;
  }
  skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] as string)) this.i += 1;
  }
  private fail(): never {
    throw new StatesError('States.Runtime', `Invalid intrinsic function '${this.s}'`);
  }
  call(): Arg {
    const m = /^States\.[A-Za-z0-9]+/.exec(this.s.slice(this.i));
    if (!m) this.fail();
    const name = m[0];
    this.i += name.length;
    this.skipSpace();
    if (this.s[this.i] !== '(') this.fail();
    this.i += 1;
    const args: Arg[] = [];
    this.skipSpace();
    if (this.s[this.i] === ')') {
      this.i += 1;
      return { kind: 'call', name, args };
    }
    for (;;) {
      this.skipSpace();
      args.push(this.arg());
      this.skipSpace();
      const c = this.s[this.i];
      this.i += 1;
      if (c === ')') break;
      if (c !== ',') this.fail();
    }
    return { kind: 'call', name, args };
  }
  private arg(): Arg {
    const rest = this.s.slice(this.i);
    if (rest.startsWith("'")) return { kind: 'literal', value: this.string() };
    if (rest.startsWith('States.')) return this.call();
    if (rest.startsWith('$')) return { kind: 'path', path: this.path() };
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      this.i += num[0].length;
      return { kind: 'literal', value: Number(num[0]) };
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (rest.startsWith(word)) {
        this.i += word.length;
        return { kind: 'literal', value };
      }
    }
    this.fail();
  }
  /** 'text' with \' \{ \} \\ escapes; `\{`/`\}` stay escaped so States.Format sees them. */
  private string(): string {
    this.i += 1;
    let out = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i] as string;
      if (c === '\\') {
        const n = this.s[this.i + 1] ?? '';
        out += n === '{' || n === '}' ? `\\${n}` : n;
        this.i += 2;
        continue;
      }
      if (c === "'") {
        this.i += 1;
        return out;
      }
      out += c;
      this.i += 1;
    }
    this.fail();
  }
  /** A path runs to the next top-level comma or closing parenthesis. */
  private path(): string {
    const start = this.i;
    let depth = 0;
    let quote: string | null = null;
    while (this.i < this.s.length) {
      const c = this.s[this.i] as string;
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth += 1;
      else if (c === ']' || (c === ')' && depth > 0)) depth -= 1;
      else if ((c === ',' || c === ')') && depth === 0) break;
      this.i += 1;
    }
    return this.s.slice(start, this.i).trim();
  }
}

function evaluate(node: Arg, resolve: PathResolver): unknown {
  if (node.kind === 'literal') return typeof node.value === 'string' ? unescapeBraces(node.value) : node.value;
  if (node.kind === 'path') return resolve(node.path);
  const fn = FUNCTIONS[node.name];
  if (!fn) throw new StatesError('States.Runtime', `The intrinsic function '${node.name}' is not supported`);
  // States.Format needs its template with the brace escapes still visible.
  const args = node.args.map((a, i) =>
    node.name === 'States.Format' && i === 0 && a.kind === 'literal' ? a.value : evaluate(a, resolve),
  );
  return fn(args, node.name);
}

function unescapeBraces(s: string): string {
  return s.replace(/\\([{}])/g, '$1');
}

function bad(name: string, message: string): never {
  throw new StatesError('States.Runtime', `The function '${name}' failed: ${message}`);
}

function arity(args: unknown[], name: string, min: number, max = min): void {
  if (args.length < min || args.length > max) bad(name, `expected ${min === max ? min : `${min}-${max}`} arguments, got ${args.length}`);
}

function asArray(v: unknown, name: string): unknown[] {
  if (!Array.isArray(v)) bad(name, 'expected an array argument');
  return v;
}

function asNumber(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(name, 'expected a number argument');
  return v;
}

function asInteger(v: unknown, name: string): number {
  const n = asNumber(v, name);
  if (!Number.isInteger(n)) bad(name, 'expected an integer argument');
  return n;
}

function asString(v: unknown, name: string): string {
  if (typeof v !== 'string') bad(name, 'expected a string argument');
  return v;
}

/** Deep equality of JSON values (ArrayContains, ArrayUnique). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b as object, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function formatArg(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  return JSON.stringify(v);
}

/** Seeded generator for States.MathRandom(start, end, seed): same seed, same number. */
function seededRandom(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

const FUNCTIONS: Record<string, (args: unknown[], name: string) => unknown> = {
  'States.Format': (args, name) => {
    if (args.length < 1) bad(name, 'expected a template');
    const template = asString(args[0], name);
    let next = 1;
    let out = '';
    for (let i = 0; i < template.length; i += 1) {
      const c = template[i];
      if (c === '\\' && (template[i + 1] === '{' || template[i + 1] === '}')) {
        out += template[i + 1];
        i += 1;
      } else if (c === '{' && template[i + 1] === '}') {
        if (next >= args.length) bad(name, 'not enough arguments for the template');
        out += formatArg(args[next]);
        next += 1;
        i += 1;
      } else out += c;
    }
    if (next !== args.length) bad(name, 'too many arguments for the template');
    return out;
  },
  'States.StringToJson': (args, name) => {
    arity(args, name, 1);
    try {
      const text = asString(args[0], name);
      // AWS answers null for an empty string.
      return text.trim() === '' ? null : (JSON.parse(text) as unknown);
    } catch {
      return bad(name, 'the argument is not valid JSON');
    }
  },
  'States.JsonToString': (args, name) => {
    arity(args, name, 1);
    return JSON.stringify(args[0]);
  },
  'States.Array': (args) => [...args],
  'States.ArrayPartition': (args, name) => {
    arity(args, name, 2);
    const arr = asArray(args[0], name);
    const size = asInteger(args[1], name);
    if (size <= 0) bad(name, 'chunk size must be greater than 0');
    const out: unknown[][] = [];
    for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));
    return out;
  },
  'States.ArrayContains': (args, name) => {
    arity(args, name, 2);
    return asArray(args[0], name).some((v) => jsonEqual(v, args[1]));
  },
  'States.ArrayRange': (args, name) => {
    arity(args, name, 3);
    const [start, end, step] = [asInteger(args[0], name), asInteger(args[1], name), asInteger(args[2], name)];
    if (step === 0) bad(name, 'step cannot be 0');
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
      out.push(v);
      if (out.length > 1000) bad(name, 'the result has more than 1000 elements');
    }
    return out;
  },
  'States.ArrayGetItem': (args, name) => {
    arity(args, name, 2);
    const arr = asArray(args[0], name);
    const idx = asInteger(args[1], name);
    if (idx < 0 || idx >= arr.length) bad(name, `index ${idx} out of bounds`);
    return arr[idx];
  },
  'States.ArrayLength': (args, name) => {
    arity(args, name, 1);
    return asArray(args[0], name).length;
  },
  'States.ArrayUnique': (args, name) => {
    arity(args, name, 1);
    const out: unknown[] = [];
    for (const v of asArray(args[0], name)) if (!out.some((u) => jsonEqual(u, v))) out.push(v);
    return out;
  },
  'States.Base64Encode': (args, name) => {
    arity(args, name, 1);
    return Buffer.from(asString(args[0], name), 'utf8').toString('base64');
  },
  'States.Base64Decode': (args, name) => {
    arity(args, name, 1);
    return Buffer.from(asString(args[0], name), 'base64').toString('utf8');
  },
  'States.Hash': (args, name) => {
    arity(args, name, 2);
    const algo = HASHES[asString(args[1], name)];
    if (!algo) bad(name, `unsupported hash algorithm '${String(args[1])}'`);
    const data = typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0]);
    return createHash(algo).update(data, 'utf8').digest('hex');
  },
  'States.JsonMerge': (args, name) => {
    arity(args, name, 3);
    const [a, b, deep] = args;
    if (a === null || typeof a !== 'object' || Array.isArray(a) || b === null || typeof b !== 'object' || Array.isArray(b)) {
      bad(name, 'expected two objects');
    }
    if (deep !== false) bad(name, 'only shallow merge (false) is supported');
    return { ...(a as object), ...(b as object) };
  },
  'States.MathRandom': (args, name) => {
    arity(args, name, 2, 3);
    // AWS: "If you specify a non-integer value for the start number or end number argument, Step
    // Functions will round it off to the nearest integer" (the seed likewise); not numbers are errors.
    const start = Math.round(asNumber(args[0], name));
    const end = Math.round(asNumber(args[1], name));
    const r = args.length === 3 ? seededRandom(Math.round(asNumber(args[2], name))) : Math.random();
    return start + Math.floor(r * (end - start));
  },
  'States.MathAdd': (args, name) => {
    arity(args, name, 2);
    return asNumber(args[0], name) + asNumber(args[1], name);
  },
  'States.StringSplit': (args, name) => {
    arity(args, name, 2);
    const str = asString(args[0], name);
    const delims = asString(args[1], name);
    if (delims === '') return [str];
    const parts: string[] = [];
    let cur = '';
    for (const c of str) {
      if (delims.includes(c)) {
        parts.push(cur);
        cur = '';
      } else cur += c;
    }
    parts.push(cur);
    return parts.filter((p) => p !== '');
  },
  'States.UUID': (args, name) => {
    arity(args, name, 0);
    return randomUUID();
  },
};
