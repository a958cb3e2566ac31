// Task tokens and activities (DESIGN.md §2.4): the callback half of Step Functions.
//  - `.waitForTaskToken` tasks: after the integration call was submitted (TaskSubmitted), the task
//    waits until SendTaskSuccess / SendTaskFailure answers its token; SendTaskHeartbeat restarts its
//    HeartbeatSeconds clock.
//  - Activities: CreateActivity / DescribeActivity / ListActivities / DeleteActivity, and
//    GetActivityTask, the workers' long poll, which hands a scheduled activity task (its token and
//    input) to a worker, writing ActivityStarted. Workers answer with the same SendTask* calls.
// Timeouts stay with the interpreter (its timer writes *TimedOut and aborts the request); a token
// whose task has ended answers TaskTimedOut, as AWS does for a task that no longer waits.
import type { EmulatorClock, TaskRequest, TaskResult } from '../engine-contract.ts';
import { ApiError, decodeToken, encodeToken, isPosition, optionalInt, optionalString, requiredString, validationError } from './api-error.ts';
import { ACCOUNT_ID, expectArn, isValidName } from './arn.ts';
import { toEpochSeconds } from './history-wire.ts';

/** AWS's long poll of GetActivityTask: it answers without a task after 60 s (emulated time). */
export const ACTIVITY_POLL_MS = 60_000;
/** Ended tokens remembered so that a late SendTask* answers TaskTimedOut rather than TaskDoesNotExist. */
const MAX_ENDED_TOKENS = 100_000;
/** AWS's limits (API reference): taskToken 1–2048, output 256 KiB, error 256, cause 32768 characters. */
const MAX_TOKEN_LENGTH = 2048;
const MAX_OUTPUT_BYTES = 262_144;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A task waiting for its token to be answered. */
interface PendingTask {
  request: TaskRequest;
  settle: (result: TaskResult) => void;
  /** Activities: set once a worker has taken the task. */
  taken: boolean;
}

interface ActivityRecord {
  arn: string;
  name: string;
  creationDate: number;
  seq: number;
  /** Scheduled tasks no worker has taken yet, oldest first. */
  queue: PendingTask[];
  /** Workers waiting in GetActivityTask, oldest first; `take` is false when the worker has gone. */
  pollers: { take: (task: PendingTask | undefined) => boolean }[];
}

export const isActivityArn = (arn: string): boolean => /^arn:[^:]+:states:[^:]*:[^:]*:activity:[^:]+$/.test(arn);
const isCallback = (resource: string): boolean => resource.endsWith('.waitForTaskToken');

const activityDoesNotExist = (arn: string): ApiError => new ApiError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);
const taskTimedOut = (): ApiError => new ApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");

export class CallbackService {
  private readonly pending = new Map<string, PendingTask>();
  private readonly ended = new Set<string>();
  private readonly activities = new Map<string, ActivityRecord>();
  private seq = 0;
  private closed = false;
  /** Aborts every long poll in flight (shutdown). */
  private readonly shutdown = new AbortController();

  constructor(private readonly clock: EmulatorClock) {}

  activityExists(arn: string): boolean {
    return this.activities.has(arn);
  }

  /** Whether this service answers the request itself (an activity task, or waiting on a callback token). */
  handles(request: TaskRequest): boolean {
    return request.taskToken !== undefined && (isActivityArn(request.resource) || isCallback(request.resource));
  }

  /**
   * Waits for the request's token to be answered (or the request to be aborted: then the token
   * ends). For an activity the task is queued for a worker first. Call `handles` first.
   */
  wait(request: TaskRequest): Promise<TaskResult> {
    const token = request.taskToken as string;
    return new Promise<TaskResult>((resolve) => {
      const signal = request.signal;
      const end = (): void => {
        this.pending.delete(token);
        this.ended.add(token);
        if (this.ended.size > MAX_ENDED_TOKENS) {
          const oldest = this.ended.values().next().value;
          if (oldest !== undefined) this.ended.delete(oldest);
        }
      };
      const onAbort = (): void => {
        end();
        const activity = this.activities.get(request.resource);
        if (activity) activity.queue = activity.queue.filter((t) => t !== task);
        resolve({ ok: false, error: 'States.TaskFailed', cause: 'The task was cancelled' });
      };
      const task: PendingTask = {
        request,
        taken: false,
        settle: (result) => {
          signal.removeEventListener('abort', onAbort);
          end();
          resolve(result);
        },
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(token, task);
      if (isActivityArn(request.resource)) this.schedule(request.resource, task);
    });
  }

  /** Answers a waiting token from inside the emulator (the integration call carrying it failed). */
  settle(token: string, result: TaskResult): void {
    this.pending.get(token)?.settle(result);
  }

  private schedule(activityArn: string, task: PendingTask): void {
    const activity = this.activities.get(activityArn);
    // Deleted after the interpreter checked it: the task waits for nobody and times out.
    if (!activity) return;
    for (let poller = activity.pollers.shift(); poller; poller = activity.pollers.shift()) {
      if (poller.take(task)) return;
    }
    activity.queue.push(task);
  }

  /** Stops every long poll (they answer with no task). */
  close(): void {
    this.closed = true;
    this.shutdown.abort({ reason: 'emulator shut down' });
  }

  // ---- the API ----------------------------------------------------------------------------

  private activity(arn: string): ActivityRecord {
    expectArn(arn, 'activity');
    const activity = this.activities.get(arn);
    if (!activity) throw activityDoesNotExist(arn);
    return activity;
  }

  /** The waiting task of a token, or AWS's error for a token that does not name one. */
  private task(body: Record<string, unknown>): PendingTask {
    const token = requiredString(body, 'taskToken');
    if (token.length < 1 || token.length > MAX_TOKEN_LENGTH) {
      throw validationError('taskToken', token.length > 64 ? '…' : token, `Member must have length between 1 and ${MAX_TOKEN_LENGTH}`);
    }
    const task = this.pending.get(token);
    if (task) return task;
    if (this.ended.has(token)) throw taskTimedOut();
    if (!UUID.test(token)) throw new ApiError('InvalidToken', 'Invalid Token: The provided task token is malformed');
    throw new ApiError('TaskDoesNotExist', 'Task Does Not Exist: the task token names no task');
  }

  private describe(activity: ActivityRecord): Record<string, unknown> {
    return { activityArn: activity.arn, name: activity.name, creationDate: toEpochSeconds(activity.creationDate) };
  }

  /** Workers waiting in GetActivityTask on `activityArn` now (0 for an unknown activity). */
  waitingWorkers(activityArn: string): number {
    return this.activities.get(activityArn)?.pollers.length ?? 0;
  }

  readonly operations: Record<string, (body: Record<string, unknown>, ctx: { region: string; signal?: AbortSignal }) => unknown> = {
    CreateActivity: (body, ctx) => {
      const name = requiredString(body, 'name');
      if (!isValidName(name)) throw new ApiError('InvalidName', `Invalid Name: '${name}'`);
      const arn = `arn:aws:states:${ctx.region}:${ACCOUNT_ID}:activity:${name}`;
      // CreateActivity is idempotent: the same name answers the existing activity.
      let activity = this.activities.get(arn);
      if (!activity) {
        activity = { arn, name, creationDate: this.clock.now(), seq: ++this.seq, queue: [], pollers: [] };
        this.activities.set(arn, activity);
      }
      return { activityArn: activity.arn, creationDate: toEpochSeconds(activity.creationDate) };
    },

    DescribeActivity: (body) => this.describe(this.activity(requiredString(body, 'activityArn'))),

    ListActivities: (body) => {
      const maxResults = optionalInt(body, 'maxResults', 0, 1000) || 100;
      const after = decodeToken(optionalString(body, 'nextToken'), 'act', 'InvalidToken', isPosition) as number | undefined;
      const all = [...this.activities.values()].filter((a) => after === undefined || a.seq > after).sort((a, b) => a.seq - b.seq);
      const page = all.slice(0, maxResults);
      const last = page.at(-1);
      return {
        activities: page.map((a) => this.describe(a)),
        ...(all.length > maxResults && last ? { nextToken: encodeToken('act', last.seq) } : {}),
      };
    },

    DeleteActivity: (body) => {
      const arn = requiredString(body, 'activityArn');
      expectArn(arn, 'activity');
      const activity = this.activities.get(arn);
      if (activity) {
        this.activities.delete(arn);
        // Workers still polling the deleted activity get no task; queued tasks wait until they time out.
        for (const poller of activity.pollers.splice(0)) poller.take(undefined);
      }
      return {};
    },

    GetActivityTask: async (body, ctx) => {
      const activity = this.activity(requiredString(body, 'activityArn'));
      const workerName = optionalString(body, 'workerName');
      if (workerName !== undefined && (workerName.length < 1 || workerName.length > 80)) {
        throw validationError('workerName', workerName, 'Member must have length between 1 and 80');
      }
      const start = (task: PendingTask | undefined): Record<string, unknown> => {
        if (!task) return {};
        task.taken = true;
        task.request.reportStarted?.(workerName === undefined ? {} : { workerName });
        return { taskToken: task.request.taskToken, input: JSON.stringify(task.request.parameters ?? null) };
      };
      const client = ctx.signal;
      if (client?.aborted) return {};
      const queued = activity.queue.shift();
      if (queued) return start(queued);
      if (this.closed) return {};
      const poll = new AbortController();
      const onShutdown = (): void => poll.abort(this.shutdown.signal.reason);
      this.shutdown.signal.addEventListener('abort', onShutdown, { once: true });
      // A worker that disconnects stops polling: a task scheduled later goes to another worker.
      const onGone = (): void => poll.abort({ reason: 'worker disconnected' });
      client?.addEventListener('abort', onGone, { once: true });
      try {
        const task = await new Promise<PendingTask | undefined>((resolve) => {
          const poller = {
            take: (t: PendingTask | undefined): boolean => {
              if (client?.aborted) return false;
              poll.abort({ reason: 'task taken' });
              resolve(t);
              return true;
            },
          };
          activity.pollers.push(poller);
          this.clock.sleep(ACTIVITY_POLL_MS, poll.signal).then(
            () => resolve(undefined),
            () => resolve(undefined),
          );
          poll.signal.addEventListener(
            'abort',
            () => {
              activity.pollers = activity.pollers.filter((p) => p !== poller);
            },
            { once: true },
          );
        });
        return start(task);
      } finally {
        this.shutdown.signal.removeEventListener('abort', onShutdown);
        client?.removeEventListener('abort', onGone);
        poll.abort({ reason: 'poll answered' });
      }
    },

    SendTaskSuccess: (body) => {
      const task = this.task(body);
      const output = requiredString(body, 'output');
      if (Buffer.byteLength(output) > MAX_OUTPUT_BYTES) throw validationError('output', '…', `Member must have length less than or equal to ${MAX_OUTPUT_BYTES}`);
      let value: unknown;
      try {
        value = JSON.parse(output) as unknown;
      } catch (error) {
        throw new ApiError('InvalidOutput', `Invalid Output: '${(error as Error).message}'`);
      }
      task.settle({ ok: true, output: value });
      return {};
    },

    SendTaskFailure: (body) => {
      const task = this.task(body);
      const error = optionalString(body, 'error');
      const cause = optionalString(body, 'cause');
      if (error !== undefined && error.length > 256) throw validationError('error', error, 'Member must have length less than or equal to 256');
      if (cause !== undefined && cause.length > 32768) throw validationError('cause', '…', 'Member must have length less than or equal to 32768');
      const result: TaskResult = { ok: false, error: error ?? '' };
      if (cause !== undefined) result.cause = cause;
      task.settle(result);
      return {};
    },

    SendTaskHeartbeat: (body) => {
      const task = this.task(body);
      task.request.reportHeartbeat?.();
      return {};
    },
  };
}
