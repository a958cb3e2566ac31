// Human-readable summaries of Choice rules for edge labels: `$.status == "OK"`, `And(…)`,
// `Not($.type == "Private")`, or the text of a JSONata `Condition` without its `{% %}`.

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Comparison operator keys of JSONPath Choice rules -> infix symbol. */
const OPERATORS: Array<[string, string]> = [
  ['StringEquals', '=='],
  ['StringLessThan', '<'],
  ['StringGreaterThan', '>'],
  ['StringLessThanEquals', '<='],
  ['StringGreaterThanEquals', '>='],
  ['StringMatches', 'matches'],
  ['NumericEquals', '=='],
  ['NumericLessThan', '<'],
  ['NumericGreaterThan', '>'],
  ['NumericLessThanEquals', '<='],
  ['NumericGreaterThanEquals', '>='],
  ['BooleanEquals', '=='],
  ['TimestampEquals', '=='],
  ['TimestampLessThan', '<'],
  ['TimestampGreaterThan', '>'],
  ['TimestampLessThanEquals', '<='],
  ['TimestampGreaterThanEquals', '>='],
];

function literal(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return '?';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Strips the `{% … %}` JSONata delimiters. */
export function jsonataText(expr: string): string {
  const m = /^\s*\{%([\s\S]*)%\}\s*$/.exec(expr);
  return (m ? (m[1] ?? '') : expr).trim();
}

function summarizeRule(rule: unknown, depth: number): string {
  if (!isRecord(rule)) return '?';
  if (depth > 20) return '…';
  if (typeof rule.Condition === 'string') return jsonataText(rule.Condition);
  if (typeof rule.Condition === 'boolean') return String(rule.Condition);
  if (Array.isArray(rule.And)) return `And(${rule.And.map((r) => summarizeRule(r, depth + 1)).join(', ')})`;
  if (Array.isArray(rule.Or)) return `Or(${rule.Or.map((r) => summarizeRule(r, depth + 1)).join(', ')})`;
  if (rule.Not !== undefined) return `Not(${summarizeRule(rule.Not, depth + 1)})`;
  const variable = typeof rule.Variable === 'string' ? rule.Variable : '?';
  for (const [key, op] of OPERATORS) {
    if (key in rule) return `${variable} ${op} ${literal(rule[key])}`;
    const pathKey = `${key}Path`;
    if (pathKey in rule) return `${variable} ${op} ${typeof rule[pathKey] === 'string' ? rule[pathKey] : literal(rule[pathKey])}`;
  }
  if ('IsPresent' in rule) return rule.IsPresent === false ? `${variable} absent` : `${variable} present`;
  if ('IsNull' in rule) return rule.IsNull === false ? `${variable} not null` : `${variable} is null`;
  for (const kind of ['String', 'Numeric', 'Boolean', 'Timestamp']) {
    const key = `Is${kind}`;
    if (key in rule) return `${variable} ${rule[key] === false ? 'is not' : 'is'} ${kind.toLowerCase()}`;
  }
  return variable === '?' ? 'rule' : `${variable} ?`;
}

/** One-line summary of a Choice rule (untruncated; callers cut it to fit). */
export function choiceLabel(rule: unknown): string {
  return summarizeRule(rule, 0).replace(/\s+/g, ' ');
}
