// Key factory: every query of a resource shares its prefix, so invalidating `executionKeys.all`
// refreshes lists and details together.
export const executionKeys = {
  all: ['executions'] as const,
  list: (filters: Record<string, string | undefined>) => ['executions', 'list', filters] as const,
  detail: (executionArn: string) => ['executions', 'detail', executionArn] as const,
};

export const stateMachineKeys = {
  all: ['state-machines'] as const,
  /** The health page's queries of one machine (per-state stats, series, a state's detail). */
  health: (stateMachineArn: string, ...rest: readonly unknown[]) => ['state-machines', 'health', stateMachineArn, ...rest] as const,
};

export const healthKeys = {
  all: ['health'] as const,
};

export const failureClusterKeys = {
  all: ['failure-clusters'] as const,
  list: (params: Record<string, string | undefined>) => ['failure-clusters', 'list', params] as const,
};

export const compareKeys = {
  all: ['compare'] as const,
  of: (params: Record<string, string | undefined>) => ['compare', params] as const,
};

export const alertKeys = {
  all: ['alerts'] as const,
  rules: ['alerts', 'rules'] as const,
  deliveries: (params: Record<string, string | undefined>) => ['alerts', 'deliveries', params] as const,
};
