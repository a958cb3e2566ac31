// Workflow variables (Assign). A Map iteration or Parallel branch reads the variables of the scope
// it was started from, but its own assignments stay local: AWS gives each a child scope.

export class VariableScope {
  private readonly values = new Map<string, unknown>();
  constructor(private readonly parent: VariableScope | null = null) {}

  child(): VariableScope {
    return new VariableScope(this);
  }

  has(name: string): boolean {
    return this.values.has(name) || (this.parent?.has(name) ?? false);
  }

  get(name: string): unknown {
    if (this.values.has(name)) return this.values.get(name);
    return this.parent?.get(name);
  }

  /** All assignments of one state take effect together, after all were evaluated. */
  assign(values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) this.values.set(k, v);
  }

  /** Every visible variable, inner scopes shadowing outer ones (for JSONata bindings). */
  flatten(into: Record<string, unknown> = {}): Record<string, unknown> {
    this.parent?.flatten(into);
    for (const [k, v] of this.values) into[k] = v;
    return into;
  }
}
