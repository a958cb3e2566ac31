// lib/alerts: rules evaluated after each ingestion cycle; webhook delivery (JSON, Slack) from an
// outbox with retries and a delivery log (DESIGN.md §1, §2.8).
export { ALERTS_LEASE, createAlertRunner, type AlertEvaluation, type AlertRunner, type AlertRunnerOptions } from './alert-runner.ts';
export { alertHeadline, alertUrl, deliveryBody, formatAlertValue, jsonAlertBody, slackAlertBody, slackEscape, SLACK_CAUSE_EXCERPT, type DeliveryFormat, type JsonAlertBody } from './delivery-body.ts';
export {
  MINUTE_MS,
  alertFiguresRequest,
  alertKey,
  evaluateAlerts,
  isConditionRule,
  type AlertMessage,
  type AlertStateWord,
  type AlertTransition,
  type FiringEpisode,
} from './evaluate.ts';
export { matchesError, matchesGlob, matchesStateMachine } from './name-pattern.ts';
export { postWebhook, type WebhookAnswer } from './post-webhook.ts';
export { alertRedactor, redactAlertMessage, type AlertRedactor } from './redact-alert.ts';
export { DEFAULT_RETRY_POLICY, attemptVerdict, backoffMs, isRetryableStatus, nextSendSlot, type AttemptOutcome, type AttemptVerdict, type RetryPolicy } from './retry-policy.ts';
export { deliveryHeadline, describeRule, eventHorizonMs, ruleViews, webhookDisplay, type AlertRuleView, type FiringSubjectView } from './rule-summary.ts';
