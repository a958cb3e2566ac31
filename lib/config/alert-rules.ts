// Alert rules in steplens.config.json under "alerts" (DESIGN.md §2.8): what each rule watches
// (`when`, exactly one kind), where it is delivered (`webhook`, `format`) and how often at most.
// Validation only; lib/alerts evaluates the rules and delivers them.
import { z } from 'zod';

/** The rule kinds, by the `when` key that selects each. */
export const ALERT_RULE_KINDS = ['status', 'failureRate', 'durationP95Ms', 'runningLongerThanMs', 'newFailureCluster'] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

/** Statuses an execution-ended rule may name: the two that carry a failure (§2.2 `failure`). */
export const ALERTABLE_STATUSES = ['FAILED', 'TIMED_OUT'] as const;
export type AlertableStatus = (typeof ALERTABLE_STATUSES)[number];

/** Defaults of the optional rule fields. */
export const ALERT_DEFAULTS = {
  /** Execution-ended rules look at executions that ended at most this long ago, minutes. */
  lookbackMinutes: 60,
  /** A new failure cluster: its first member started at most this long ago, minutes. */
  newClusterWindowMinutes: 60,
  /** Deliveries per rule and minute; later ones wait for a slot (never dropped). */
  maxPerMinute: 20,
  /** Window rules: fewer finished executions (or known durations) than this never fire. */
  minExecutions: 1,
} as const;

const NAME = /^[^\s|][^|]{0,119}$/;
const url = z.string().refine((v) => /^https?:\/\/[^\s/]+/.test(v), { message: 'must be an http:// or https:// URL' });
/** Name, ARN or glob (`*` any run of characters, `?` one) of a state machine. */
const machinePattern = z.string().min(1, { message: 'must not be empty' });
// A refinement, not .int(): a fraction would be reported as an invalid type, not by this message.
const minutes = z.number().refine(Number.isInteger, { message: 'must be a whole number of minutes' }).pipe(z.number().min(1).max(43_200));

const when = z
  .strictObject({
    /** Name, ARN or glob of the state machines the rule watches; default every machine. */
    stateMachine: machinePattern.optional(),
    /** Execution-ended rule: these statuses. */
    status: z.array(z.enum(ALERTABLE_STATUSES, { message: 'must be "FAILED" or "TIMED_OUT"' })).min(1, { message: 'needs at least one status' }).optional(),
    /** Execution-ended and new-cluster rules: only failures with this error name (or glob). */
    error: z.string().min(1).optional(),
    /** Execution-ended rules: executions that ended at most this long ago (minutes). */
    lookbackMinutes: minutes.optional(),
    failureRate: z
      .strictObject({
        /** A fraction of finished executions, not a percentage. */
        above: z.number().min(0, { message: 'must be a fraction between 0 and 1' }).lt(1, { message: 'must be a fraction below 1 (0.1 = 10 %)' }),
        windowMinutes: minutes,
        minExecutions: z.number().int().min(1).optional(),
      })
      .optional(),
    durationP95Ms: z
      .strictObject({
        above: z.number().int().min(0),
        windowMinutes: minutes,
        minExecutions: z.number().int().min(1).optional(),
      })
      .optional(),
    runningLongerThanMs: z.number().int().min(1_000, { message: 'must be at least 1000 (ms)' }).optional(),
    newFailureCluster: z
      .strictObject({
        /** The cluster's first member started at most this long ago (minutes). */
        windowMinutes: minutes.optional(),
      })
      .optional(),
  })
  .superRefine((value, ctx) => {
    const kinds = ALERT_RULE_KINDS.filter((kind) => value[kind] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `needs exactly one of ${ALERT_RULE_KINDS.join(', ')}${kinds.length > 1 ? ` (has ${kinds.join(' and ')})` : ''}`,
      });
      return;
    }
    if (value.error !== undefined && kinds[0] !== 'status' && kinds[0] !== 'newFailureCluster') {
      ctx.addIssue({ code: 'custom', path: ['error'], message: 'only with status or newFailureCluster' });
    }
    if (value.lookbackMinutes !== undefined && kinds[0] !== 'status') {
      ctx.addIssue({ code: 'custom', path: ['lookbackMinutes'], message: 'only with status' });
    }
  });

export const alertRuleSchema = z.strictObject({
  name: z.string().regex(NAME, { message: '1–120 characters, no "|", not starting with a space' }),
  when,
  webhook: url,
  format: z.enum(['json', 'slack'], { message: 'must be "json" or "slack"' }).optional(),
  /** Deliveries of this rule per minute at most; the rest wait their turn. */
  maxPerMinute: z.number().int().min(1).max(600).optional(),
});

export const alertRulesSchema = z.array(alertRuleSchema);

export type AlertRuleInput = z.infer<typeof alertRuleSchema>;

interface RuleBase {
  name: string;
  /** Glob of state machine names or ARNs; "*" = every machine. */
  stateMachine: string;
  webhook: string;
  format: 'json' | 'slack';
  maxPerMinute: number;
}

/** One rule, validated, its defaults filled in and its kind made explicit. */
export type AlertRule =
  | (RuleBase & { kind: 'status'; statuses: AlertableStatus[]; error: string | null; lookbackMinutes: number })
  | (RuleBase & { kind: 'failureRate'; above: number; windowMinutes: number; minExecutions: number })
  | (RuleBase & { kind: 'durationP95Ms'; above: number; windowMinutes: number; minExecutions: number })
  | (RuleBase & { kind: 'runningLongerThanMs'; limitMs: number })
  | (RuleBase & { kind: 'newFailureCluster'; error: string | null; windowMinutes: number });

/** The validated rule with its kind and defaults (input already passed alertRuleSchema). */
export function normalizeAlertRule(input: AlertRuleInput): AlertRule {
  const base: RuleBase = {
    name: input.name,
    stateMachine: input.when.stateMachine ?? '*',
    webhook: input.webhook,
    format: input.format ?? 'json',
    maxPerMinute: input.maxPerMinute ?? ALERT_DEFAULTS.maxPerMinute,
  };
  const w = input.when;
  if (w.status) return { ...base, kind: 'status', statuses: [...new Set(w.status)], error: w.error ?? null, lookbackMinutes: w.lookbackMinutes ?? ALERT_DEFAULTS.lookbackMinutes };
  if (w.failureRate) return { ...base, kind: 'failureRate', above: w.failureRate.above, windowMinutes: w.failureRate.windowMinutes, minExecutions: w.failureRate.minExecutions ?? ALERT_DEFAULTS.minExecutions };
  if (w.durationP95Ms) return { ...base, kind: 'durationP95Ms', above: w.durationP95Ms.above, windowMinutes: w.durationP95Ms.windowMinutes, minExecutions: w.durationP95Ms.minExecutions ?? ALERT_DEFAULTS.minExecutions };
  if (w.runningLongerThanMs !== undefined) return { ...base, kind: 'runningLongerThanMs', limitMs: w.runningLongerThanMs };
  return { ...base, kind: 'newFailureCluster', error: w.error ?? null, windowMinutes: w.newFailureCluster?.windowMinutes ?? ALERT_DEFAULTS.newClusterWindowMinutes };
}
