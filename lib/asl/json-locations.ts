// Where a definition's parts are in its text, for errors shown at their line ("Try a fix"): the
// 1-based line of every member, keyed by the path validateDefinition names it by
// (`$.States.A`, `$.States.P.Branches[0].States.B`, `$.States.M.ItemProcessor`). Also the line and
// column of a JSON syntax error. One pass over the text; no recursion (any nesting depth).

export interface TextLocation {
  line: number;
  column: number;
}

/** The location of character offset `offset` in `text` (1-based line and column). */
export function locationAt(text: string, offset: number): TextLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Path → line of each member (object key or array element) of a JSON text; {} for text that is not JSON. */
export function jsonMemberLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  // Each open container: its path, whether it is an array, the next element index.
  const stack: Array<{ path: string; array: boolean; index: number }> = [];
  let line = 1;
  let pendingKey: string | null = null;
  let expectKey = false;
  const memberPath = (): string | null => {
    const top = stack[stack.length - 1];
    if (!top) return '$';
    if (top.array) return `${top.path}[${top.index}]`;
    return pendingKey === null ? null : `${top.path}.${pendingKey}`;
  };
  const valueStarts = (): void => {
    const top = stack[stack.length - 1];
    const path = memberPath();
    if (path !== null && top?.array) lines.set(path, line);
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (c === '\n') line += 1;
    else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') {
          value += text.slice(j, j + 2);
          j += 2;
        } else value += text[j++];
      }
      const top = stack[stack.length - 1];
      if (expectKey && top && !top.array) {
        let key = value;
        try {
          key = JSON.parse(`"${value}"`) as string;
        } catch {
          // not a valid string: keep it raw
        }
        pendingKey = key;
        lines.set(`${top.path}.${key}`, line);
        expectKey = false;
      } else valueStarts();
      i = j;
    } else if (c === '{' || c === '[') {
      valueStarts();
      const path = memberPath() ?? '$';
      stack.push({ path, array: c === '[', index: 0 });
      expectKey = c === '{';
      pendingKey = null;
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.array) top.index += 1;
      else {
        expectKey = true;
        pendingKey = null;
      }
    } else if (!/\s|:/.test(c)) {
      valueStarts();
      while (i + 1 < text.length && /[^\s,\]}]/.test(text[i + 1] as string)) i += 1;
    }
  }
  return lines;
}

/** The line of `path` or of its nearest enclosing member that has one (the root: line 1). */
export function lineOfPath(lines: Map<string, number>, path: string | undefined): number {
  let current = path ?? '$';
  while (current.length > 1) {
    const line = lines.get(current);
    if (line !== undefined) return line;
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
    if (cut <= 0) break;
    current = current.slice(0, cut);
  }
  return 1;
}
