// The "retention" section of steplens.config.json (README "Retention"): how long the history
// events of finished executions are kept. Validated with the rest of the file by parseConfig;
// the settings it gives are what the ingesting process prunes by (lib/store/retention).
//
// An execution keeps its events while ANY rule keeps it: ended within `eventsDays` days, or
// among the `keepNewest` newest executions of its state machine. With both rules set an
// execution loses its events only when it is older than the days AND beyond the newest N.
// Summaries (the Execution row, its StateRun rows and the hourly rollups) are never pruned.
import { z } from 'zod';

/** Minimum time between two pruning passes, ms (a pass is an index range scan per state machine). */
const MIN_INTERVAL_MS = 1_000;

// null in an override switches that rule off for the state machine; absent inherits the default.
const days = z.number().gt(0, { message: 'must be a number of days > 0' });
const newest = z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' });

const override = z
  .strictObject({
    /** Events of executions that ended more than this many days ago are pruned; null: no age limit for this machine. */
    eventsDays: days.nullable().optional(),
    /** The newest N executions of the machine keep their events; null: no count rule for this machine. */
    keepNewest: newest.nullable().optional(),
  })
  .refine((v) => v.eventsDays !== undefined || v.keepNewest !== undefined, { message: 'set eventsDays or keepNewest (null switches a rule off)' });

// A state machine name (1-80 characters, AWS's rule) or a whole state machine ARN.
const MACHINE_KEY = /^(arn:[a-z-]+:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_./-]+|[A-Za-z0-9_.-]{1,80})$/;

/** The "retention" object of steplens.config.json. */
export const retentionSection = z
  .strictObject({
    /** Days after an execution ended that its events are kept. */
    eventsDays: days.optional(),
    /** The newest N executions of every state machine keep their events whatever their age. */
    keepNewest: newest.optional(),
    /** Per state machine (its name or ARN) overrides of eventsDays / keepNewest. */
    stateMachines: z.record(z.string().regex(MACHINE_KEY, { message: 'a state machine name or ARN' }), override).optional(),
    /** Executions whose events one transaction deletes (default 100). */
    batchExecutions: z.number().int().min(1).max(10_000).optional(),
    /** Events one transaction deletes at most (default 20,000; an execution bigger than that is deleted alone). */
    batchEvents: z.number().int().min(1).optional(),
    /** Time between two pruning passes, ms (default 10 minutes). */
    intervalMs: z.number().int().min(MIN_INTERVAL_MS, { message: `must be at least ${MIN_INTERVAL_MS} ms` }).optional(),
    /** Pause between two batches, ms, so that ingestion's transactions take turns (default 50). */
    pauseMs: z.number().int().min(0).optional(),
  })
  .refine((v) => v.eventsDays !== undefined || v.keepNewest !== undefined || Object.keys(v.stateMachines ?? {}).length > 0, {
    message: 'set eventsDays, keepNewest or stateMachines (an empty section prunes nothing)',
  });

export type RetentionSection = z.infer<typeof retentionSection>;

/** One state machine's rules; null: that rule does not limit it. */
export interface RetentionRule {
  eventsDays: number | null;
  keepNewest: number | null;
}

export interface RetentionSettings {
  /** The rules of every state machine without an override. */
  defaults: RetentionRule;
  /** Overrides by state machine name or ARN (an ARN wins over a name); fields already merged with the defaults. */
  stateMachines: Record<string, RetentionRule>;
  batchExecutions: number;
  batchEvents: number;
  intervalMs: number;
  pauseMs: number;
}

export const RETENTION_DEFAULTS = { batchExecutions: 100, batchEvents: 20_000, intervalMs: 600_000, pauseMs: 50 } as const;

/** The settings a validated section gives. */
export function retentionSettingsOf(section: RetentionSection): RetentionSettings {
  const defaults: RetentionRule = { eventsDays: section.eventsDays ?? null, keepNewest: section.keepNewest ?? null };
  const stateMachines: Record<string, RetentionRule> = {};
  for (const [key, rule] of Object.entries(section.stateMachines ?? {})) {
    stateMachines[key] = {
      eventsDays: rule.eventsDays === undefined ? defaults.eventsDays : rule.eventsDays,
      keepNewest: rule.keepNewest === undefined ? defaults.keepNewest : rule.keepNewest,
    };
  }
  return {
    defaults,
    stateMachines,
    batchExecutions: section.batchExecutions ?? RETENTION_DEFAULTS.batchExecutions,
    batchEvents: section.batchEvents ?? RETENTION_DEFAULTS.batchEvents,
    intervalMs: section.intervalMs ?? RETENTION_DEFAULTS.intervalMs,
    pauseMs: section.pauseMs ?? RETENTION_DEFAULTS.pauseMs,
  };
}
