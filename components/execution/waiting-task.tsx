// What a Task run waiting on a callback or an activity worker shows in the step panel (issue 13
// item 6): what it waits for and since when, its heartbeat timeout and timeout, and what the
// history says of heartbeats (lib/history waitingTask computes it; this draws).
import { formatTimestamp } from '@/components/format';
import type { WaitingFor, WaitingTask } from '@/lib/history/waiting-task';

const WAITING_FOR: Record<WaitingFor, string> = {
  callback: 'a callback: SendTaskSuccess or SendTaskFailure with its task token',
  'activity-worker': 'an activity worker to take the task (GetActivityTask)',
  'activity-result': 'the activity worker’s answer (SendTaskSuccess or SendTaskFailure)',
};

function when(ms: number | null): string {
  return ms === null ? '—' : formatTimestamp(new Date(ms));
}

export function WaitingTaskFacts({ waiting }: { waiting: WaitingTask }) {
  return (
    <section data-testid="waiting-task" data-waiting-for={waiting.waitingFor}>
      <h3>Waiting</h3>
      <dl className="facts">
        <dt>For</dt>
        <dd>{WAITING_FOR[waiting.waitingFor]}</dd>
        {waiting.workerName !== null ? (
          <>
            <dt>Worker</dt>
            <dd className="mono" data-testid="waiting-worker">
              {waiting.workerName}
            </dd>
          </>
        ) : null}
        <dt>Since</dt>
        <dd className="mono" data-testid="waiting-since" data-at={waiting.since ?? undefined}>
          {when(waiting.since)}
        </dd>
        <dt>Heartbeat timeout</dt>
        <dd data-testid="waiting-heartbeat-timeout" data-seconds={waiting.heartbeatSeconds ?? undefined}>
          {waiting.heartbeatSeconds !== null ? `${waiting.heartbeatSeconds} s` : 'none (no HeartbeatSeconds)'}
        </dd>
        <dt>Last heartbeat</dt>
        <dd data-testid="waiting-last-heartbeat" data-due={waiting.firstHeartbeatDue ?? undefined}>
          {waiting.heartbeatSeconds === null
            ? 'none expected'
            : waiting.firstHeartbeatDue === null
              ? `the heartbeat clock starts when a worker takes the task`
              : `not in the history (Step Functions records no event for SendTaskHeartbeat); the first was due by ${when(waiting.firstHeartbeatDue)} — still waiting after that means heartbeats arrive, the last within ${waiting.heartbeatSeconds} s`}
        </dd>
        <dt>Timeout</dt>
        <dd data-testid="waiting-timeout" data-at={waiting.timeoutAt ?? undefined}>
          {waiting.timeoutSeconds !== null ? `${waiting.timeoutSeconds} s (at ${when(waiting.timeoutAt)})` : 'none'}
        </dd>
      </dl>
    </section>
  );
}
