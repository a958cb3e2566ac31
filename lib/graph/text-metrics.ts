// Text width estimates for the layout. lib/graph is pure (no DOM), so labels are sized from
// per-character advance widths instead of being measured; the renderer draws exactly the
// truncated strings the layout chose, so boxes fit (checked in Chromium by render-graph.test.ts).

/**
 * Advance widths of ASCII 32..126 in hundredths of an em, measured in Chromium with the app's
 * font stack as Debian resolves it (DejaVu Sans, regular and weight 600). DejaVu is wider than
 * Segoe UI, San Francisco and Roboto, so text sized with it fits on those too.
 */
const REGULAR = [32,40,46,84,64,95,78,27,39,39,50,84,32,36,32,34,64,64,64,64,64,64,64,64,64,64,34,34,84,84,84,53,100,71,69,70,77,63,58,77,75,29,29,66,56,86,75,79,60,79,69,63,60,73,68,99,69,61,69,39,34,39,84,50,50,61,63,55,63,62,34,63,63,28,28,58,28,97,63,61,63,63,40,52,39,63,59,82,59,59,52,64,34,64,84];
const BOLD = [35,46,52,84,70,100,87,31,46,46,52,84,38,42,38,37,70,70,70,70,70,70,70,70,70,70,40,40,84,84,84,58,100,77,76,73,83,68,68,82,84,37,37,77,64,100,84,85,73,85,77,68,70,81,77,110,77,72,73,46,37,46,84,50,50,67,72,59,72,68,41,72,71,34,34,67,34,104,71,69,72,72,49,60,48,71,65,92,65,65,58,71,37,71,84];

/** Advance width of one character, in em. */
function charEm(code: number, bold: boolean): number {
  if (code >= 32 && code <= 126) return ((bold ? BOLD : REGULAR)[code - 32] ?? 64) / 100;
  if (code >= 0x1100) return 1; // CJK, emoji and other wide glyphs
  return bold ? 0.72 : 0.66;
}

/** Display form of a label: whitespace runs (newlines, tabs) become one space; at most 400 characters kept. */
export function displayText(text: string): string {
  const cut = text.length > 400 ? text.slice(0, 400) : text;
  return cut.replace(/\s+/g, ' ').trim();
}

/** Estimated width in px of `text` at `fontSize` px (`bold`: weight 600). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (let i = 0; i < text.length; i++) em += charEm(text.charCodeAt(i), bold);
  return em * fontSize;
}

/** `text` cut with '…' so that it fits `maxWidth` px at `fontSize` px. */
export function fitText(text: string, maxWidth: number, fontSize: number, bold = false): string {
  const clean = displayText(text);
  if (textWidth(clean, fontSize, bold) <= maxWidth) return clean;
  const ellipsis = fontSize; // '…' is 1 em in DejaVu Sans
  let width = 0;
  let end = 0;
  // Iterate by code point so a surrogate pair is never split.
  const chars = Array.from(clean);
  for (const ch of chars) {
    const w = charEm(ch.codePointAt(0) ?? 0, bold) * fontSize;
    if (width + w + ellipsis > maxWidth) break;
    width += w;
    end++;
  }
  return `${chars.slice(0, end).join('').trimEnd()}…`;
}

/** `text` cut to at most `max` characters, with '…'. */
export function truncateChars(text: string, max: number): string {
  const clean = displayText(text);
  const chars = Array.from(clean);
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
