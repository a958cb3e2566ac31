// JSON text of a value, like JSON.stringify, without its depth limit. V8's JSON.stringify recurses
// once per nesting level and throws "Maximum call stack size exceeded" somewhere past a few
// thousand levels, while JSON.parse takes any depth: an execution input nested 10,000 levels
// deep (50 KB, well inside AWS's 256 KiB) parses, and then cannot be stored or answered. AWS sets
// no nesting limit, so neither do we: the native serialiser runs first (fast, and almost always
// enough), and a stack overflow falls back to the iterative serialiser below, which gives the
// same text.

/**
 * JSON.stringify(value) (no replacer, no indentation) for values of any depth: the same text, and
 * the same TypeError for a cycle or a BigInt; undefined where JSON.stringify gives undefined.
 */
export function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) throw error;
  }
  return iterativeJsonText(value);
}

type Frame =
  | { kind: 'array'; array: readonly unknown[]; index: number }
  | { kind: 'object'; object: Record<string, unknown>; keys: string[]; index: number; wrote: boolean };

/** JSON.stringify's algorithm with an explicit stack instead of recursion. Exported for tests. */
export function iterativeJsonText(root: unknown): string | undefined {
  const out: string[] = [];
  const stack: Frame[] = [];
  // The containers being written (the path from the root): a value met again here is a cycle.
  const open = new Set<object>();

  /** Writes a serialisable value (a container is opened and pushed); false for undefined, functions, symbols. */
  const write = (value: unknown): boolean => {
    if (value === null) {
      out.push('null');
      return true;
    }
    switch (typeof value) {
      case 'string':
        out.push(JSON.stringify(value));
        return true;
      case 'number':
        out.push(Number.isFinite(value) ? String(value) : 'null');
        return true;
      case 'boolean':
        out.push(value ? 'true' : 'false');
        return true;
      case 'bigint':
        throw new TypeError('Do not know how to serialize a BigInt');
      case 'object': {
        if (open.has(value)) throw new TypeError('Converting circular structure to JSON');
        open.add(value);
        if (Array.isArray(value)) {
          out.push('[');
          stack.push({ kind: 'array', array: value, index: 0 });
        } else {
          out.push('{');
          const object = value as Record<string, unknown>;
          stack.push({ kind: 'object', object, keys: Object.keys(object), index: 0, wrote: false });
        }
        return true;
      }
      default:
        return false;
    }
  };

  if (!write(prepared(root, ''))) return undefined;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.kind === 'array') {
      if (frame.index >= frame.array.length) {
        out.push(']');
        open.delete(frame.array);
        stack.pop();
        continue;
      }
      const index = frame.index++;
      if (index > 0) out.push(',');
      // Inside an array, what JSON cannot hold becomes null.
      if (!write(prepared(frame.array[index], String(index)))) out.push('null');
    } else {
      if (frame.index >= frame.keys.length) {
        out.push('}');
        open.delete(frame.object);
        stack.pop();
        continue;
      }
      const key = frame.keys[frame.index++] as string;
      const value = prepared(frame.object[key], key);
      // Inside an object, a member JSON cannot hold is left out.
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      out.push(`${frame.wrote ? ',' : ''}${JSON.stringify(key)}:`);
      frame.wrote = true;
      write(value);
    }
  }
  return out.join('');
}

/** A value as JSON.stringify sees it: toJSON applied (Dates become strings), boxed primitives unboxed. */
function prepared(value: unknown, key: string): unknown {
  let current = value;
  if ((typeof current === 'object' && current !== null) || typeof current === 'bigint') {
    const toJSON = (current as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') current = (toJSON as (key: string) => unknown).call(current, key);
  }
  if (current instanceof Number) return Number(current);
  if (current instanceof String) return String(current);
  if (current instanceof Boolean) return current.valueOf();
  return current;
}

// ── Deep values across a boundary that recurses ─────────────────────────────────────────────────
// React's server-to-client serialiser (the execution page hands its detail to the client tree)
// recurses per nesting level too, and a definition or cause nested 10,000 levels deep overflows it.
// foldDeepValues carries each container found at FOLD_DEPTH as its JSON text in a marker object;
// unfoldDeepValues parses them back. Both recurse at most FOLD_DEPTH + 1 levels.

/** Nesting level at which foldDeepValues carries a container as JSON text (the root is level 0). */
export const FOLD_DEPTH = 100;

/** The one key of a folded value's marker: `{ [FOLDED_JSON_KEY]: "<JSON text>" }`. */
export const FOLDED_JSON_KEY = '$steplens.foldedJson';

/**
 * `value` with every container at nesting level `maxDepth` replaced by a marker holding its JSON
 * text, and whether any was (the value itself, not a copy, when none is that deep).
 */
export function foldDeepValues<T>(value: T, maxDepth = FOLD_DEPTH): { value: T; folded: boolean } {
  if (!deeperThan(value, maxDepth, 0)) return { value, folded: false };
  return { value: fold(value, maxDepth, 0) as T, folded: true };
}

/** The value foldDeepValues folded, with every marker parsed back. */
export function unfoldDeepValues<T>(value: T): T {
  return unfold(value) as T;
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

function deeperThan(value: unknown, maxDepth: number, depth: number): boolean {
  if (!isContainer(value)) return false;
  if (depth >= maxDepth) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => deeperThan(child, maxDepth, depth + 1));
}

function fold(value: unknown, maxDepth: number, depth: number): unknown {
  if (!isContainer(value)) return value;
  if (depth >= maxDepth) return { [FOLDED_JSON_KEY]: jsonText(value) ?? 'null' };
  if (Array.isArray(value)) return value.map((child) => fold(child, maxDepth, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, fold(child, maxDepth, depth + 1)]));
}

function unfold(value: unknown): unknown {
  if (!isContainer(value)) return value;
  if (Array.isArray(value)) return value.map(unfold);
  const keys = Object.keys(value);
  const text = value[FOLDED_JSON_KEY];
  if (keys.length === 1 && typeof text === 'string') return JSON.parse(text) as unknown;
  return Object.fromEntries(keys.map((key) => [key, unfold(value[key])]));
}

/** Containers this far down are written whole (jsonText); above it, member by member. */
const CHUNKED_LEVELS = 4;

/**
 * jsonText(value) in pieces of about `chunkChars` characters (joined, the same text), so that a
 * big answer (the runs of a 48,000-event execution) is sent as it is written instead of first
 * becoming one string as large as the whole response. The top CHUNKED_LEVELS levels are walked
 * member by member, anything deeper is written by jsonText at once. Like JSON.stringify: toJSON
 * is honoured, undefined / functions / symbols are left out of objects and become null in
 * arrays, and a cycle or a BigInt throws a TypeError (before the piece that would hold it).
 */
export function* jsonTextChunks(value: unknown, chunkChars = 1 << 16): Generator<string, void, undefined> {
  let buffer = '';
  const open = new Set<object>();
  function* emit(text: string): Generator<string, void, undefined> {
    buffer += text;
    if (buffer.length >= chunkChars) {
      yield buffer;
      buffer = '';
    }
  }
  /** Writes `value`, already through prepared() and not undefined/function/symbol. */
  function* write(value: unknown, level: number): Generator<string, void, undefined> {
    if (level >= CHUNKED_LEVELS || value === null || typeof value !== 'object') {
      yield* emit(jsonText(value) ?? 'null');
      return;
    }
    if (open.has(value)) throw new TypeError('Converting circular structure to JSON');
    open.add(value);
    if (Array.isArray(value)) {
      yield* emit('[');
      for (let i = 0; i < value.length; i++) {
        if (i > 0) yield* emit(',');
        const item = prepared(value[i], String(i));
        if (omitted(item)) yield* emit('null');
        else yield* write(item, level + 1);
      }
      yield* emit(']');
    } else {
      yield* emit('{');
      let first = true;
      for (const name of Object.keys(value)) {
        const child = prepared((value as Record<string, unknown>)[name], name);
        if (omitted(child)) continue;
        yield* emit(`${first ? '' : ','}${JSON.stringify(name)}:`);
        first = false;
        yield* write(child, level + 1);
      }
      yield* emit('}');
    }
    open.delete(value);
  }
  const root = prepared(value, '');
  if (omitted(root)) return;
  yield* write(root, 0);
  if (buffer.length > 0) yield buffer;
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}
