// Alert rule evaluation (DESIGN.md §2.8), pure: rules × the figures the store computed in SQL
// (lib/store queryAlertFigures) × the episodes that are firing → the transitions to record.
// No I/O, no clock: `figures.now` is the moment evaluated.
//
// Two families of rules:
// - Event rules fire once per subject and never resolve: an execution that ended FAILED or
//   TIMED_OUT (`status`; subject = the execution) and a new failure cluster (`newFailureCluster`;
//   subject = the cluster id). "Already fired" is the subject's delivery (figures' firedRules).
// - Condition rules fire when a condition starts to hold and resolve when it stops: a failure
//   rate or a p95 duration above a threshold over a window (subject = the state machine, each
//   machine the pattern selects is its own episode) and an execution running longer than a limit
//   (subject = the execution; resolved when it is no longer running). Episodes are numbered per
//   (rule, subject); the store assigns the next number when it records a firing.
import type { AlertRule, AlertRuleKind } from '../config/index.ts';
import { stateMachineNameFromArn } from '../arn/state-machine-arn.ts';
import { failureRate, finishedCount } from '../metrics/index.ts';
import type { AlertFigures, AlertFiguresRequest, FailingRun, MachineWindowFigures } from '../store/index.ts';
import { matchesError, matchesStateMachine } from './name-pattern.ts';

export type AlertStateWord = 'firing' | 'resolved';

/** An episode of a condition rule that is firing (an AlertState row). */
export interface FiringEpisode {
  rule: string;
  subject: string;
  episode: number;
  /** Epoch ms it fired. */
  since: number;
  stateMachineArn: string | null;
}

/** What one delivery says; both formats (delivery-body.ts) are made from it. */
export interface AlertMessage {
  rule: string;
  kind: AlertRuleKind;
  state: AlertStateWord;
  /** The execution, state machine or cluster id the episode is about. */
  subject: string;
  /** The execution the alert is about, where there is one (execution-ended, running-longer rules). */
  executionArn: string | null;
  stateMachineArn: string | null;
  stateMachineName: string | null;
  /** The failing state (analysis.failure.stateName), for failures. */
  stateName: string | null;
  error: string | null;
  cause: string | null;
  /** The run the link opens (`?state=&run=`). */
  failingRun: FailingRun | null;
  clusterId: string | null;
  /** Members of the failure cluster (last 24 h for an ended execution, the window for a new cluster). */
  clusterSize: number | null;
  /** Window rules: the window's newest failure (error, cause and state above are its). */
  sampleExecutionArn: string | null;
  /** The figure compared: failure rate (fraction), p95 or running time (ms). */
  value: number | null;
  threshold: number | null;
  windowMinutes: number | null;
  /** Epoch ms of the evaluation that produced it. */
  at: number;
  /** Condition rules: when the episode fired. */
  since: number | null;
}

export type AlertTransition =
  /** An event rule fires for a subject (once: episode 1). */
  | { type: 'event'; rule: AlertRule; message: AlertMessage }
  /** A condition starts to hold: the next episode of (rule, subject). */
  | { type: 'fire'; rule: AlertRule; message: AlertMessage }
  /** A firing episode ends. */
  | { type: 'resolve'; rule: AlertRule; episode: number; message: AlertMessage };

export const MINUTE_MS = 60_000;

/** The delivery key of (rule, subject, episode, state): unique in the store. */
export function alertKey(rule: string, subject: string, episode: number, state: AlertStateWord): string {
  return `${rule}|${subject}|${episode}|${state}`;
}

/** The condition rule kinds (the others are event rules). */
export function isConditionRule(rule: AlertRule): boolean {
  return rule.kind === 'failureRate' || rule.kind === 'durationP95Ms' || rule.kind === 'runningLongerThanMs';
}

/** Which figures the rules need at `now`. */
export function alertFiguresRequest(rules: readonly AlertRule[], now: Date): AlertFiguresRequest {
  let lookback = 0;
  let running: number | null = null;
  const windows = new Set<number>();
  const clusters = new Set<number>();
  for (const rule of rules) {
    if (rule.kind === 'status') lookback = Math.max(lookback, rule.lookbackMinutes * MINUTE_MS);
    else if (rule.kind === 'failureRate' || rule.kind === 'durationP95Ms') windows.add(rule.windowMinutes * MINUTE_MS);
    else if (rule.kind === 'runningLongerThanMs') running = Math.min(running ?? rule.limitMs, rule.limitMs);
    else clusters.add(rule.windowMinutes * MINUTE_MS);
  }
  return {
    now,
    endedSince: lookback > 0 ? new Date(now.getTime() - lookback) : null,
    windowsMs: [...windows].sort((a, b) => a - b),
    runningLongerThanMs: running,
    newClusterWindowsMs: [...clusters].sort((a, b) => a - b),
  };
}

function emptyMessage(rule: AlertRule, state: AlertStateWord, subject: string, at: number): AlertMessage {
  return {
    rule: rule.name,
    kind: rule.kind,
    state,
    subject,
    executionArn: null,
    stateMachineArn: null,
    stateMachineName: null,
    stateName: null,
    error: null,
    cause: null,
    failingRun: null,
    clusterId: null,
    clusterSize: null,
    sampleExecutionArn: null,
    value: null,
    threshold: null,
    windowMinutes: null,
    at,
    since: null,
  };
}

/** The condition a window rule compares for one machine: its figure, or null when the rule cannot hold (too few executions). */
function windowValue(rule: AlertRule & { kind: 'failureRate' | 'durationP95Ms' }, figures: MachineWindowFigures): number | null {
  if (rule.kind === 'failureRate') return finishedCount(figures.counts) >= rule.minExecutions ? failureRate(figures.counts) : null;
  return figures.knownDurations >= rule.minExecutions ? figures.p95Ms : null;
}

/**
 * The transitions of every rule at `figures.now`, in rule order (then the store's subject
 * order). `firing` holds the firing episodes of the condition rules (other rules' rows are ignored).
 */
export function evaluateAlerts(rules: readonly AlertRule[], figures: AlertFigures, firing: readonly FiringEpisode[]): AlertTransition[] {
  const now = figures.now;
  const out: AlertTransition[] = [];
  const firingByRule = new Map<string, Map<string, FiringEpisode>>();
  for (const episode of firing) {
    let subjects = firingByRule.get(episode.rule);
    if (subjects === undefined) firingByRule.set(episode.rule, (subjects = new Map()));
    subjects.set(episode.subject, episode);
  }
  for (const rule of rules) {
    if (rule.kind === 'status') {
      const since = now - rule.lookbackMinutes * MINUTE_MS;
      for (const failure of figures.ended) {
        if (failure.stopDate < since || failure.firedRules.includes(rule.name)) continue;
        if (!rule.statuses.includes(failure.status as (typeof rule.statuses)[number])) continue;
        if (!matchesStateMachine(rule.stateMachine, failure) || !matchesError(rule.error, failure.error)) continue;
        out.push({
          type: 'event',
          rule,
          message: {
            ...emptyMessage(rule, 'firing', failure.executionArn, now),
            executionArn: failure.executionArn,
            stateMachineArn: failure.stateMachineArn,
            stateMachineName: failure.stateMachineName,
            stateName: failure.stateName,
            error: failure.error,
            cause: failure.cause,
            failingRun: failure.failingRun,
            clusterId: failure.clusterId,
            clusterSize: failure.clusterSize,
          },
        });
      }
      continue;
    }
    if (rule.kind === 'newFailureCluster') {
      const clusters = figures.newClusters.find((w) => w.windowMs === rule.windowMinutes * MINUTE_MS)?.clusters ?? [];
      for (const cluster of clusters) {
        if (cluster.firedRules.includes(rule.name) || !matchesStateMachine(rule.stateMachine, cluster) || !matchesError(rule.error, cluster.error)) continue;
        out.push({
          type: 'event',
          rule,
          message: {
            ...emptyMessage(rule, 'firing', cluster.clusterId, now),
            executionArn: cluster.sample.executionArn,
            stateMachineArn: cluster.stateMachineArn,
            stateMachineName: cluster.stateMachineName,
            stateName: cluster.stateName,
            error: cluster.error,
            cause: cluster.sample.cause,
            failingRun: cluster.sample.failingRun,
            clusterId: cluster.clusterId,
            clusterSize: cluster.count,
            windowMinutes: rule.windowMinutes,
          },
        });
      }
      continue;
    }

    // Condition rules: the subjects for which the condition holds now, with their message.
    const holding = new Map<string, AlertMessage>();
    if (rule.kind === 'runningLongerThanMs') {
      for (const execution of figures.running) {
        const runningMs = now - execution.startDate;
        if (runningMs <= rule.limitMs || !matchesStateMachine(rule.stateMachine, execution)) continue;
        holding.set(execution.executionArn, {
          ...emptyMessage(rule, 'firing', execution.executionArn, now),
          executionArn: execution.executionArn,
          stateMachineArn: execution.stateMachineArn,
          stateMachineName: execution.stateMachineName,
          value: runningMs,
          threshold: rule.limitMs,
        });
      }
    } else {
      const machines = figures.windows.find((w) => w.windowMs === rule.windowMinutes * MINUTE_MS)?.machines ?? [];
      for (const machine of machines) {
        if (!matchesStateMachine(rule.stateMachine, machine)) continue;
        const value = windowValue(rule, machine);
        if (value === null || !(value > rule.above)) continue;
        holding.set(machine.stateMachineArn, {
          ...emptyMessage(rule, 'firing', machine.stateMachineArn, now),
          stateMachineArn: machine.stateMachineArn,
          stateMachineName: machine.stateMachineName,
          stateName: machine.latestFailure?.stateName ?? null,
          error: machine.latestFailure?.error ?? null,
          cause: machine.latestFailure?.cause ?? null,
          sampleExecutionArn: machine.latestFailure?.executionArn ?? null,
          value,
          threshold: rule.above,
          windowMinutes: rule.windowMinutes,
        });
      }
    }
    const current = firingByRule.get(rule.name) ?? new Map<string, FiringEpisode>();
    for (const [subject, message] of holding) {
      if (!current.has(subject)) out.push({ type: 'fire', rule, message: { ...message, since: now } });
    }
    for (const [subject, episode] of current) {
      if (holding.has(subject)) continue;
      out.push({
        type: 'resolve',
        rule,
        episode: episode.episode,
        message: {
          ...emptyMessage(rule, 'resolved', subject, now),
          executionArn: rule.kind === 'runningLongerThanMs' ? subject : null,
          stateMachineArn: episode.stateMachineArn,
          stateMachineName: episode.stateMachineArn === null ? null : stateMachineNameFromArn(episode.stateMachineArn),
          value: resolvedValue(figures, rule, episode),
          threshold: rule.kind === 'runningLongerThanMs' ? rule.limitMs : rule.above,
          windowMinutes: rule.kind === 'runningLongerThanMs' ? null : rule.windowMinutes,
          since: episode.since,
        },
      });
    }
  }
  return out;
}

function windowFiguresOf(figures: AlertFigures, rule: AlertRule, stateMachineArn: string | null): MachineWindowFigures | null {
  if (rule.kind !== 'failureRate' && rule.kind !== 'durationP95Ms') return null;
  const machines = figures.windows.find((w) => w.windowMs === rule.windowMinutes * MINUTE_MS)?.machines ?? [];
  return machines.find((m) => m.stateMachineArn === stateMachineArn) ?? null;
}

/** The figure when a window episode resolves (null: too few executions now to compute it). */
function resolvedValue(figures: AlertFigures, rule: AlertRule, episode: FiringEpisode): number | null {
  if (rule.kind !== 'failureRate' && rule.kind !== 'durationP95Ms') return null;
  const machine = windowFiguresOf(figures, rule, episode.stateMachineArn);
  return machine === null ? null : windowValue(rule, machine);
}
