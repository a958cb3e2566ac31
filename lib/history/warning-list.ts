// Warnings are grouped by kind: a 25,000-event history with one recurring oddity must give one
// readable line ("1200 events: unknown type \"Foo\" (ids 4, 9, 12, …)"), not 1200 lines.

const MAX_EXAMPLES = 3;

interface Group {
  count: number;
  examples: string[];
}

export class WarningList {
  private readonly groups = new Map<string, Group>();

  /** Records one occurrence of `message`; `example` (an id or position) is shown for the first few. */
  add(message: string, example?: string | number): void {
    let group = this.groups.get(message);
    if (!group) {
      group = { count: 0, examples: [] };
      this.groups.set(message, group);
    }
    group.count += 1;
    if (example !== undefined && group.examples.length < MAX_EXAMPLES) group.examples.push(String(example));
  }

  toArray(): string[] {
    const out: string[] = [];
    for (const [message, { count, examples }] of this.groups) {
      const more = count > examples.length ? ', …' : '';
      const where = examples.length > 0 ? ` (${examples.join(', ')}${more})` : '';
      out.push(count > 1 ? `${count} events: ${message}${where}` : `${message}${where}`);
    }
    return out;
  }
}
