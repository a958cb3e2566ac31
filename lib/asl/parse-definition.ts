// A definition, given as JSON text, an object or nothing, parsed once. Real AWS and the emulators
// hand over odd definitions (empty text, truncated JSON, no States), so this never throws: it
// degrades to what it can use and says what is wrong at the root. Problems further in (nested
// scopes, states) are the state index's: finding them needs the walk.
import type { AslObject, DefinitionParse, DefinitionParseStatus, ParsedDefinition } from './types.ts';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Text memo, least recently used first. The same revision's text comes back for every execution
 * the poller ingests and every page that shows one, and JSON.parse is the cost worth saving. Keys
 * are the texts themselves (a definition is at most 1 MB at AWS), bounded in count and in total
 * characters so a few huge definitions cannot pin much memory.
 */
const MEMO_ENTRIES = 32;
const MEMO_CHARS = 4_000_000;
const memo = new Map<string, DefinitionParse>();
let memoChars = 0;

/** Results this module made, so a second parseDefinition of one is free. */
const ownParses = new WeakSet<DefinitionParse>();
/** ParsedDefinition -> the parse that made it, so passing `parse.definition` on works too. */
const parseOf = new WeakMap<ParsedDefinition, DefinitionParse>();

/**
 * What is wrong with one state machine object (the root, a branch or an item processor), in the
 * order a reader checks it: the object, its States, its StartAt. `location` starts each message.
 */
export function machineWarnings(machine: unknown, location: string): string[] {
  if (!isRecord(machine)) return [`${location}: not an object`];
  if (!isRecord(machine.States)) return [`${location}: States is missing or not an object`];
  if (typeof machine.StartAt !== 'string') return [`${location}: StartAt is missing`];
  if (!Object.hasOwn(machine.States, machine.StartAt)) return [`${location}: StartAt "${machine.StartAt}" is not a state here`];
  return [];
}

function result(status: DefinitionParseStatus, value: unknown, definition: ParsedDefinition | null, warnings: string[]): DefinitionParse {
  const parse: DefinitionParse = Object.freeze({ definition, status, value, warnings: Object.freeze(warnings) });
  ownParses.add(parse);
  if (definition) parseOf.set(definition, parse);
  return parse;
}

function fromValue(value: unknown): DefinitionParse {
  if (value === undefined || value === null) return result('absent', value, null, []);
  if (!isRecord(value)) return result('not-an-object', value, null, ['Definition: not an object']);
  const root: AslObject = value;
  const definition: ParsedDefinition = Object.freeze({
    root,
    states: isRecord(root.States) ? root.States : null,
    startAt: typeof root.StartAt === 'string' ? root.StartAt : null,
    queryLanguage: root.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath',
  });
  return result('parsed', value, definition, machineWarnings(root, 'Definition'));
}

function fromText(text: string): DefinitionParse {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    // V8 quotes the text in its message; keep one short line of it.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200) ?? '';
    return result('invalid-json', null, null, [`Definition: not valid JSON (${message})`]);
  }
  // JSON text `null` is a broken definition, not an absent one: someone stored it.
  if (value === null) return result('not-an-object', null, null, ['Definition: not an object']);
  return fromValue(value);
}

function remember(text: string, parse: DefinitionParse): void {
  if (text.length > MEMO_CHARS) return;
  memo.set(text, parse);
  memoChars += text.length;
  for (const [key] of memo) {
    if (memo.size <= MEMO_ENTRIES && memoChars <= MEMO_CHARS) break;
    memo.delete(key);
    memoChars -= key.length;
  }
}

/**
 * Parses an ASL definition: JSON text, an object (used as is, not copied), null/undefined (absent),
 * or something parseDefinition returned (a DefinitionParse or its `definition`), which comes back
 * unchanged. Never throws. Text is memoised (bounded LRU), so the same text gives the same,
 * frozen result; objects are not, because their owner may still change them.
 */
export function parseDefinition(input: unknown): DefinitionParse {
  if (typeof input === 'string') {
    const known = memo.get(input);
    if (known) {
      memo.delete(input);
      memo.set(input, known);
      return known;
    }
    const parse = fromText(input);
    remember(input, parse);
    return parse;
  }
  if (typeof input === 'object' && input !== null) {
    if (ownParses.has(input as DefinitionParse)) return input as DefinitionParse;
    const made = parseOf.get(input as ParsedDefinition);
    if (made) return made;
  }
  return fromValue(input);
}
