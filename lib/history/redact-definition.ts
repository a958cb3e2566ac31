// RedactionRules applied to a state machine definition (parsed ASL) before it is shown: secrets
// written into a definition sit in its payload templates (an HTTP Task's `Authorization` header,
// an API key in `Parameters`, a literal `Result`). Only those templates are touched — never state
// names, `Type`, `Next`, `Resource` or any other field the graph and the analysis read — and
// within them only the key-name patterns apply (paths are relative to execution payloads).
// A template member `name.$` whose value is a plain JSONPath (`"token.$": "$.auth.token"`) says
// where a value comes from, not what it is, and stays. Iterative, like redactPayload.
import { redactPayload, redactPayloadText } from './redact-payload.ts';
import { compileRedactionRules, REDACTED, type RedactionRules } from './redaction-rules.ts';

/** State fields holding payload templates or literal data (JSONPath and JSONata states). */
export const DEFINITION_TEMPLATE_FIELDS: readonly string[] = ['Parameters', 'Arguments', 'Result', 'ResultSelector', 'ItemSelector', 'Output', 'Assign'];

const PLAIN_PATH = /^\$\$?(?:\.[\w-]+|\[\d+\]|\[\*\]|\['[^']*'\])*$/;

type Json = Record<string, unknown> | unknown[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The definition with its templates redacted; the same object when nothing matched. */
export function redactDefinition(definition: unknown, rules: RedactionRules): unknown {
  if (!rules.active || typeof definition !== 'object' || definition === null) return definition;
  const keysOnly = keyRulesOf(rules);
  // Post-order copy-on-write over the whole document: states sit at any depth (Map ItemProcessor,
  // Parallel Branches), and a changed template must copy each of its ancestors.
  interface Frame {
    source: Json;
    names: string[] | null;
    next: number;
    copy: Json | null;
    key: string | number;
    state: boolean;
  }
  const frameOf = (source: Json, key: string | number): Frame => ({
    source,
    names: Array.isArray(source) ? null : Object.keys(source),
    next: 0,
    copy: null,
    key,
    state: !Array.isArray(source) && typeof source.Type === 'string',
  });
  const set = (frame: Frame, key: string | number, value: unknown) => {
    frame.copy ??= Array.isArray(frame.source) ? frame.source.slice() : { ...frame.source };
    (frame.copy as Record<string | number, unknown>)[key] = value;
  };
  const stack: Frame[] = [frameOf(definition as Json, 0)];
  while (true) {
    const frame = stack[stack.length - 1] as Frame;
    const size = frame.names === null ? (frame.source as unknown[]).length : frame.names.length;
    if (frame.next >= size) {
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent === undefined) return frame.copy ?? frame.source;
      if (frame.copy !== null) set(parent, frame.key, frame.copy);
      continue;
    }
    const key = frame.names === null ? frame.next : (frame.names[frame.next] as string);
    frame.next += 1;
    const child = (frame.source as Record<string | number, unknown>)[key];
    if (frame.state && typeof key === 'string' && DEFINITION_TEMPLATE_FIELDS.includes(key)) {
      const redacted = redactTemplate(child, rules, keysOnly);
      if (redacted !== child) set(frame, key, redacted);
    } else if (typeof child === 'object' && child !== null) {
      stack.push(frameOf(child as Json, key));
    }
  }
}

/** Templates deeper than this are redacted as plain payloads (iteratively, `.$` paths included). */
const TEMPLATE_DEPTH = 32;

/** A template: `name.$` members holding a plain path stay, everything else as a payload. */
function redactTemplate(template: unknown, rules: RedactionRules, keysOnly: RedactionRules, depth = 0): unknown {
  if (!isObject(template) || depth >= TEMPLATE_DEPTH) return redactPayload(template, keysOnly);
  let copy: Record<string, unknown> | null = null;
  for (const [name, value] of Object.entries(template)) {
    let next: unknown;
    if (name.endsWith('.$') && typeof value === 'string' && PLAIN_PATH.test(value)) next = value;
    else if (rules.keyMatches(name.endsWith('.$') ? name.slice(0, -2) : name)) next = REDACTED;
    else next = redactTemplate(value, rules, keysOnly, depth + 1);
    if (next !== value) (copy ??= { ...template })[name] = next;
  }
  return copy ?? template;
}

/**
 * Definition text (as AWS returns it and the store keeps it) with its templates redacted; the
 * same text when nothing matched or it does not parse (the parser's warning says so then).
 * Re-serialised compactly when changed.
 */
export function redactDefinitionText(text: string | null, rules: RedactionRules): string | null {
  if (text === null || !rules.active) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  const redacted = redactDefinition(parsed, rules);
  if (redacted === parsed) return text;
  try {
    return JSON.stringify(redacted);
  } catch {
    // Too deep to serialise: redact the text as a payload instead (may cost the graph, never a value).
    return redactPayloadText(text, rules);
  }
}

const keysOnlyCache = new WeakMap<RedactionRules, RedactionRules>();

/** The same key patterns without the paths (a template's root is not a payload's root). */
function keyRulesOf(rules: RedactionRules): RedactionRules {
  let keysOnly = keysOnlyCache.get(rules);
  if (keysOnly === undefined) {
    keysOnly = compileRedactionRules({ defaults: false, keys: rules.keys });
    keysOnlyCache.set(rules, keysOnly);
  }
  return keysOnly;
}
