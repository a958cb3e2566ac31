/** Actions are off unless the server runs with STEPLENS_ACTIONS=on (DESIGN.md §2.7). */
export function actionsEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env.STEPLENS_ACTIONS?.trim().toLowerCase() === 'on';
}
