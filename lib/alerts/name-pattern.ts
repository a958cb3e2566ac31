// The `stateMachine` and `error` patterns of alert rules (DESIGN.md §2.8): an exact name, an
// ARN, or a glob where `*` is any run of characters and `?` one character. A pattern that starts
// with "arn:" is compared with the state machine's ARN, any other with its name. Case-sensitive,
// as AWS names are.

const cache = new Map<string, RegExp>();

function globRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (re === undefined) {
    const body = [...glob].map((ch) => (ch === '*' ? '[\\s\\S]*' : ch === '?' ? '[\\s\\S]' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
    re = new RegExp(`^${body}$`);
    if (cache.size > 1_000) cache.clear();
    cache.set(glob, re);
  }
  return re;
}

/** Whether `text` matches the glob `pattern` (`*`, `?`; everything else literal). */
export function matchesGlob(pattern: string, text: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === text;
  return globRegExp(pattern).test(text);
}

/** Whether a rule's `stateMachine` pattern selects this machine (by ARN when it starts with "arn:"). */
export function matchesStateMachine(pattern: string, machine: { stateMachineArn: string; stateMachineName: string }): boolean {
  return matchesGlob(pattern, pattern.startsWith('arn:') ? machine.stateMachineArn : machine.stateMachineName);
}

/** Whether a rule's `error` pattern (null: any) selects this error name (null never matches a pattern). */
export function matchesError(pattern: string | null, error: string | null): boolean {
  return pattern === null || (error !== null && matchesGlob(pattern, error));
}
