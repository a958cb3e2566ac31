/**
 * CloudWatch Logs filter patterns, the subset the dashboard and tests use:
 *  - JSON patterns: `{ $.a.b = "value" }`, `!=`, `<`, `<=`, `>`, `>=` against numbers, `*`
 *    wildcards in string values, `IS NULL`, `NOT EXISTS`, `IS TRUE|FALSE`, `&&`, `||`, parentheses;
 *  - term patterns: `ERROR`, `"exact phrase"`, several terms (all must appear), `?a ?b` (any),
 *    `-term` (must not appear).
 * An unsupported pattern throws an Error whose message becomes InvalidParameterException.
 */
export type LogMatcher = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): LogMatcher {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{')) {
    if (!text.endsWith('}')) throw new Error('Invalid filter pattern: unbalanced braces');
    const expr = new JsonPatternParser(text.slice(1, -1)).parseAll();
    return (message) => {
      let value: unknown;
      try {
        value = JSON.parse(message);
      } catch {
        return false;
      }
      return expr(value);
    };
  }
  return compileTerms(text);
}

function compileTerms(text: string): LogMatcher {
  const terms = [...text.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)].map((m) => ({
    prefix: m[1] ?? '',
    term: m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''),
  }));
  const optional = terms.filter((t) => t.prefix === '?').map((t) => t.term);
  const required = terms.filter((t) => t.prefix === '').map((t) => t.term);
  const excluded = terms.filter((t) => t.prefix === '-').map((t) => t.term);
  return (message) =>
    required.every((t) => message.includes(t)) &&
    !excluded.some((t) => message.includes(t)) &&
    (optional.length === 0 || optional.some((t) => message.includes(t)));
}

type Expr = (value: unknown) => boolean;

class JsonPatternParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parseAll(): Expr {
    const expr = this.parseOr();
    this.skip();
    if (this.pos < this.src.length) this.fail(`unexpected "${this.src.slice(this.pos)}"`);
    return expr;
  }

  private fail(what: string): never {
    throw new Error(`Invalid filter pattern: ${what}`);
  }

  private skip(): void {
    while (this.pos < this.src.length && /\s/.test(this.src.charAt(this.pos))) this.pos++;
  }

  private eat(token: string): boolean {
    this.skip();
    if (this.src.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.eat('||')) {
      const a = left;
      const b = this.parseAnd();
      left = (v) => a(v) || b(v);
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseTerm();
    while (this.eat('&&')) {
      const a = left;
      const b = this.parseTerm();
      left = (v) => a(v) && b(v);
    }
    return left;
  }

  private parseTerm(): Expr {
    if (this.eat('(')) {
      const inner = this.parseOr();
      if (!this.eat(')')) this.fail('missing ")"');
      return inner;
    }
    this.skip();
    const selector = /^\$((?:\.[A-Za-z0-9_@-]+|\[\d+\])*)/.exec(this.src.slice(this.pos));
    if (!selector || selector[0] === '$') this.fail('expected a selector like $.field');
    this.pos += selector[0].length;
    const path = [...(selector[1] ?? '').matchAll(/\.([A-Za-z0-9_@-]+)|\[(\d+)\]/g)].map((m) => m[1] ?? Number(m[2]));
    const get = (value: unknown): { found: boolean; value: unknown } => {
      let current: unknown = value;
      for (const key of path) {
        if (current === null || typeof current !== 'object') return { found: false, value: undefined };
        if (!(key in (current as object))) return { found: false, value: undefined };
        current = (current as Record<string | number, unknown>)[key];
      }
      return { found: true, value: current };
    };
    this.skip();
    const rest = this.src.slice(this.pos);
    const keyword = /^(IS\s+NULL|NOT\s+EXISTS|IS\s+TRUE|IS\s+FALSE)/i.exec(rest);
    if (keyword) {
      this.pos += keyword[0].length;
      const kw = keyword[0].toUpperCase().replace(/\s+/g, ' ');
      if (kw === 'IS NULL') return (v) => { const r = get(v); return r.found && r.value === null; };
      if (kw === 'NOT EXISTS') return (v) => !get(v).found;
      const want = kw === 'IS TRUE';
      return (v) => get(v).value === want;
    }
    const op = /^(=|!=|<=|>=|<|>)/.exec(rest);
    if (!op) this.fail('expected a comparison operator');
    this.pos += op[0].length;
    this.skip();
    const literal = this.parseLiteral();
    const operator = op[0];
    if (typeof literal === 'number') {
      return (v) => {
        const { value } = get(v);
        if (typeof value !== 'number') return operator === '!=' ? true : false;
        switch (operator) {
          case '=': return value === literal;
          case '!=': return value !== literal;
          case '<': return value < literal;
          case '<=': return value <= literal;
          case '>': return value > literal;
          default: return value >= literal;
        }
      };
    }
    if (operator !== '=' && operator !== '!=') this.fail(`"${operator}" needs a number`);
    const regex = new RegExp(`^${literal.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
    return (v) => {
      const { found, value } = get(v);
      const matches = found && value !== null && typeof value !== 'object' && regex.test(String(value));
      return operator === '=' ? matches : !matches;
    };
  }

  private parseLiteral(): string | number {
    const rest = this.src.slice(this.pos);
    const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
    if (quoted) {
      this.pos += quoted[0].length;
      return (quoted[1] ?? '').replace(/\\(.)/g, '$1');
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w*])/.exec(rest);
    if (number) {
      this.pos += number[0].length;
      return Number(number[0]);
    }
    const bare = /^[^\s()&|]+/.exec(rest);
    if (!bare) this.fail('expected a value');
    this.pos += bare[0].length;
    return bare[0];
  }
}
