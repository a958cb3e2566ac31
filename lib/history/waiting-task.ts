// A Task run that waits on something outside the execution (issue 13 item 6): a `.waitForTaskToken`
// call waiting for SendTaskSuccess/SendTaskFailure, or an activity waiting for a worker
// (GetActivityTask) or for the worker's answer. What the history says about it: since when, its
// timeouts, and what it says of heartbeats — Step Functions writes no event for SendTaskHeartbeat,
// so a history cannot name the time of the last heartbeat; it can only say when, without one, the
// task times out (the heartbeat clock starts when the task starts: TaskStarted, or ActivityStarted
// when a worker took an activity task). A task still open past that moment has had heartbeats.
import type { StateRun, TaskAttempt } from './types.ts';

export type WaitingFor =
  /** A `.waitForTaskToken` call: the token's holder must call SendTaskSuccess or SendTaskFailure. */
  | 'callback'
  /** An activity task no worker has taken yet (no ActivityStarted). */
  | 'activity-worker'
  /** An activity task a worker took: its answer (SendTaskSuccess/Failure) is awaited. */
  | 'activity-result';

export interface WaitingTask {
  waitingFor: WaitingFor;
  /** Epoch ms it waits since: TaskSubmitted (else TaskStarted, else TaskScheduled) for a callback; ActivityScheduled, then ActivityStarted. */
  since: number | null;
  /** The activity worker's name (ActivityStarted.workerName). */
  workerName: string | null;
  /** HeartbeatSeconds as scheduled; null: none (only TimeoutSeconds applies). */
  heartbeatSeconds: number | null;
  timeoutSeconds: number | null;
  /** Epoch ms the heartbeat clock started (TaskStarted / ActivityStarted); null while it has not (an activity waiting for a worker). */
  heartbeatClockFrom: number | null;
  /** Epoch ms the task times out without any heartbeat (heartbeatClockFrom + HeartbeatSeconds); null without either. */
  firstHeartbeatDue: number | null;
  /** Epoch ms the task times out whatever the heartbeats (scheduled + TimeoutSeconds); null without it. */
  timeoutAt: number | null;
}

/**
 * The waiting task of a run, or null when the run does not wait on a callback or activity (not a
 * Task, ended, or its last attempt is closed).
 */
export function waitingTask(run: StateRun): WaitingTask | null {
  if (run.stateType !== 'Task' || run.status !== 'RUNNING') return null;
  const attempts = run.taskAttempts ?? [];
  const open: TaskAttempt | undefined = attempts[attempts.length - 1];
  if (open === undefined || open.closedEventId !== null || open.status !== 'RUNNING') return null;
  if (open.waitsOn === undefined) return null;
  const activity = open.waitsOn === 'activity';
  const startedAt = open.startedAt ?? null;
  const waitingFor: WaitingFor = !activity ? 'callback' : startedAt === null ? 'activity-worker' : 'activity-result';
  const since = waitingFor === 'callback' ? (open.submittedAt ?? startedAt ?? open.scheduledAt) : waitingFor === 'activity-result' ? startedAt : open.scheduledAt;
  const heartbeatSeconds = open.heartbeatSeconds ?? null;
  const timeoutSeconds = open.timeoutSeconds ?? null;
  // A callback task's clock runs from TaskStarted (its TaskScheduled when a recording lacks it).
  const heartbeatClockFrom = activity ? startedAt : (startedAt ?? open.scheduledAt);
  const firstHeartbeatDue = heartbeatSeconds !== null && heartbeatClockFrom !== null ? heartbeatClockFrom + heartbeatSeconds * 1000 : null;
  const timeoutAt = timeoutSeconds !== null && open.scheduledAt !== null ? open.scheduledAt + timeoutSeconds * 1000 : null;
  return {
    waitingFor,
    since,
    workerName: open.workerName ?? null,
    heartbeatSeconds,
    timeoutSeconds,
    heartbeatClockFrom,
    firstHeartbeatDue,
    timeoutAt,
  };
}
