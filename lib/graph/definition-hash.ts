// A stable hash of an ASL definition: the memo key of its layout (DESIGN.md §1). Keys are sorted
// so two serialisations of the same definition hash alike. Not cryptographic: a cache key only.

function canonical(value: unknown, out: string[], depth: number): void {
  if (depth > 200) {
    out.push('"…"');
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((v, i) => {
      if (i > 0) out.push(',');
      canonical(v, out, depth + 1);
    });
    out.push(']');
  } else if (typeof value === 'object' && value !== null) {
    out.push('{');
    Object.keys(value)
      .sort()
      .forEach((k, i) => {
        if (i > 0) out.push(',');
        out.push(JSON.stringify(k), ':');
        canonical((value as Record<string, unknown>)[k], out, depth + 1);
      });
    out.push('}');
  } else {
    out.push(JSON.stringify(value) ?? 'null');
  }
}

/** cyrb53: a fast 53-bit string hash with good dispersion, as 14 hex digits. */
function cyrb53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return n.toString(16).padStart(14, '0');
}

/** Hash of the canonical JSON of `definition` (JSON text is parsed first when it parses). */
export function definitionHash(definition: unknown): string {
  let value = definition;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      // Hash the text itself: still stable for the same input.
    }
  }
  const out: string[] = [];
  canonical(value, out, 0);
  return cyrb53(out.join(''));
}
