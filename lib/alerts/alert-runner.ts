// The alert runner of the process that ingests (the poller's afterCycle hook, lib/cli wires it):
// after each ingestion cycle it evaluates the rules over figures the store computes in SQL,
// records what changed together with the deliveries (the outbox), and sends them in the
// background with retries, backoff and a per-rule rate limit, logging every attempt.
//
// Exactly one process evaluates and sends: the "alerts" lease (lib/store poller leases, the
// pollers' own mechanism on a shared PostgreSQL database) is taken before evaluating and renewed
// before each batch of sends; a process without it does neither.
//
// Never twice, and its limit. A firing and its delivery row are one transaction with a unique
// key (lib/store alert-outbox.ts), so a firing is recorded once whatever crashes or repeats. A row
// is sent until an attempt's outcome is committed: if the process dies after the receiver got
// the request but before the outcome is written (between the HTTP answer and the row update),
// the next run sends the same body again with the same Idempotency-Key header (and, in JSON,
// `idempotencyKey`). The receiver then sees that key twice; it never sees two keys for one
// (rule, execution) or (rule, episode), and no recorded firing is lost.
import type { AlertRule } from '../config/index.ts';
import {
  acquirePollerLease,
  listAlertStates,
  listDueAlertDeliveries,
  nextAlertDeliveryDue,
  postponeAlertDelivery,
  queryAlertFigures,
  recordAlertChanges,
  recordAlertDeliveryAttempt,
  type AlertChange,
  type DueAlertDelivery,
  type Store,
} from '../store/index.ts';
import { deliveryBody } from './delivery-body.ts';
import { alertFiguresRequest, alertKey, evaluateAlerts, isConditionRule, type AlertTransition } from './evaluate.ts';
import { postWebhook } from './post-webhook.ts';
import { redactAlertMessage, type AlertRedactor } from './redact-alert.ts';
import { DEFAULT_RETRY_POLICY, attemptVerdict, nextSendSlot, type RetryPolicy } from './retry-policy.ts';

/** The lease name: one evaluator and sender per database. */
export const ALERTS_LEASE = 'alerts';

export interface AlertRunnerOptions {
  store: Store;
  rules: readonly AlertRule[];
  /** Base URL of the links in deliveries. */
  dashboardUrl: string;
  /** Lease owner: the poller's id, so the poller's clean stop releases it too. */
  owner: string;
  /** Lease time-to-live, ms (default 60 s; renewed every evaluation and batch of sends). */
  leaseTtlMs?: number;
  retry?: Partial<RetryPolicy>;
  /** One attempt's timeout, ms (default 10 s). */
  timeoutMs?: number;
  redact?: AlertRedactor;
  fetch?: typeof fetch;
  log?: (line: string) => void;
  /** Epoch ms now (tests). */
  clock?: () => number;
  /** False: evaluate() does not wake the background sender; sendDue() still sends (benchmarks). Default true. */
  autoSend?: boolean;
}

export interface AlertEvaluation {
  /** False: another process holds the lease (it evaluates). */
  leased: boolean;
  transitions: number;
  /** Delivery rows written. */
  written: number;
  /** Evaluation time, ms: figures, rules and the transaction. */
  ms: number;
}

export interface AlertRunner {
  readonly rules: readonly AlertRule[];
  /** Evaluates (when leased), records the changes and wakes the sender. */
  evaluate(): Promise<AlertEvaluation>;
  /** One pass over the deliveries due now (each gets one attempt); resolves when done. */
  sendDue(): Promise<number>;
  /** Stops the background sender after the attempt in flight. */
  stop(): Promise<void>;
}

/** Deliveries read per batch of sends. */
const SEND_BATCH = 20;
/** The sender looks again at least this often while deliveries are pending, ms. */
const MAX_SLEEP_MS = 30_000;

export function createAlertRunner(options: AlertRunnerOptions): AlertRunner {
  const { store, rules } = options;
  const clock = options.clock ?? Date.now;
  const log = options.log ?? (() => {});
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const leaseTtlMs = options.leaseTtlMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const redact = options.redact ?? redactAlertMessage;
  const byName = new Map(rules.map((rule) => [rule.name, rule]));
  const conditionRules = rules.filter(isConditionRule).map((rule) => rule.name);
  /** Epoch ms of each rule's sends in the last minute (the rate limit; a restart forgets it). */
  const sentAt = new Map<string, number[]>();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let sending: Promise<void> | null = null;
  let again = false;
  /** Send passes run one at a time (the background sender and sendDue()), so no row is sent twice at once. */
  let passes: Promise<unknown> = Promise.resolve();
  const exclusive = <T,>(work: () => Promise<T>): Promise<T> => {
    const run = passes.then(work);
    passes = run.catch(() => undefined);
    return run;
  };

  const lease = () => acquirePollerLease(store, ALERTS_LEASE, options.owner, leaseTtlMs, new Date(clock()));

  function changeOf(transition: AlertTransition): AlertChange {
    const message = redact(transition.message);
    const rule = transition.rule;
    const delivery = {
      executionArn: message.executionArn,
      stateMachineArn: message.stateMachineArn,
      format: rule.format,
      webhook: rule.webhook,
      key: (episode: number) => alertKey(rule.name, message.subject, episode, message.state),
      body: (_episode: number, key: string) => deliveryBody(rule.format, message, key, options.dashboardUrl),
    };
    if (transition.type === 'event') return { type: 'event', rule: rule.name, subject: message.subject, delivery };
    if (transition.type === 'fire') return { type: 'fire', rule: rule.name, subject: message.subject, value: message.value, stateMachineArn: message.stateMachineArn, delivery };
    return { type: 'resolve', rule: rule.name, subject: message.subject, episode: transition.episode, value: message.value, delivery };
  }

  async function evaluate(): Promise<AlertEvaluation> {
    const started = performance.now();
    if (stopped || rules.length === 0) return { leased: false, transitions: 0, written: 0, ms: 0 };
    if (!(await lease())) return { leased: false, transitions: 0, written: 0, ms: performance.now() - started };
    const now = new Date(clock());
    const [figures, firing] = await Promise.all([
      queryAlertFigures(store, alertFiguresRequest(rules, now)),
      conditionRules.length > 0 ? listAlertStates(store, { rules: conditionRules, firingOnly: true }) : Promise.resolve([]),
    ]);
    const transitions = evaluateAlerts(rules, figures, firing);
    const { written } = await recordAlertChanges(store, transitions.map(changeOf), now);
    if (options.autoSend !== false) wake();
    return { leased: true, transitions: transitions.length, written, ms: performance.now() - started };
  }

  async function sendOne(delivery: DueAlertDelivery): Promise<void> {
    const now = clock();
    const rule = byName.get(delivery.rule);
    const recent = (sentAt.get(delivery.rule) ?? []).filter((t) => t > now - 60_000);
    const slot = nextSendSlot(recent, rule?.maxPerMinute ?? 20, now);
    if (slot > now) {
      await postponeAlertDelivery(store, delivery.id, new Date(slot));
      return;
    }
    recent.push(now);
    sentAt.set(delivery.rule, recent);
    const attempt = delivery.attempts + 1;
    const startedAt = new Date(clock());
    const answer = await postWebhook(delivery.webhook, delivery.body, delivery.key, { timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) });
    const verdict = attemptVerdict(policy, attempt, { httpStatus: answer.httpStatus, retryAfterSeconds: answer.retryAfterSeconds });
    const finished = startedAt.getTime() + answer.durationMs;
    await recordAlertDeliveryAttempt(store, {
      id: delivery.id,
      attempt,
      startedAt,
      durationMs: answer.durationMs,
      httpStatus: answer.httpStatus,
      error: verdict.next === 'give-up' ? `${answer.error ?? 'no answer'}; ${verdict.reason}` : answer.error,
      status: verdict.next === 'delivered' ? 'delivered' : verdict.next === 'retry' ? 'pending' : 'failed',
      nextAttemptAt: verdict.next === 'retry' ? new Date(finished + verdict.delayMs) : null,
    });
    if (verdict.next === 'give-up') log(`steplens alerts: ${delivery.rule}: delivery ${delivery.key} failed: ${answer.error ?? 'no answer'}; ${verdict.reason}`);
  }

  async function sendPass(): Promise<number> {
    let sent = 0;
    const seen = new Set<number>();
    while (!stopped) {
      if (!(await lease())) break;
      const due = (await listDueAlertDeliveries(store, new Date(clock()), SEND_BATCH)).filter((d) => !seen.has(d.id));
      if (due.length === 0) break;
      for (const delivery of due) {
        if (stopped) break;
        seen.add(delivery.id);
        await sendOne(delivery);
        sent += 1;
      }
    }
    return sent;
  }

  function wake(): void {
    if (stopped) return;
    if (sending !== null) {
      again = true;
      return;
    }
    if (timer !== null) clearTimeout(timer);
    timer = null;
    sending = (async () => {
      try {
        await exclusive(sendPass);
        const next = stopped ? null : await nextAlertDeliveryDue(store);
        if (next !== null) schedule(Math.min(MAX_SLEEP_MS, Math.max(0, next - clock())));
      } catch (error) {
        log(`steplens alerts: sending failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        schedule(5_000);
      }
    })().finally(() => {
      sending = null;
      if (again && !stopped) {
        again = false;
        wake();
      }
    });
  }

  function schedule(ms: number): void {
    if (stopped) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(wake, ms);
    // The sender never keeps a process alive on its own (the poller's loop does).
    timer.unref?.();
  }

  return {
    rules,
    evaluate,
    sendDue: () => exclusive(sendPass),
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await sending;
    },
  };
}
