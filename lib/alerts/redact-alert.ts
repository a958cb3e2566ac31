// REDACTION HOOK for alert deliveries. A delivery leaves StepLens for a third party (a Slack
// channel, a webhook receiver), so the redaction rules must apply to what it carries from
// execution payloads: the cause (and the error name, which a Lambda may fill with anything).
// Every message goes through an AlertRedactor before it is formatted and written to the outbox
// (alert-runner.ts), so the stored body is the redacted one and a resend cannot leak more.
//
// The redaction core (lib/history redact-payload.ts and the "redaction" config section) had not
// landed when alerts did: `redactAlertMessage` is the pass-through until it is wired here.
import type { AlertMessage } from './evaluate.ts';

/** Returns the message with payload-derived text redacted (never mutates it). */
export type AlertRedactor = (message: AlertMessage) => AlertMessage;

/** The redactor alert runners use unless given another. Pass-through until the redaction rules are wired (see above). */
export const redactAlertMessage: AlertRedactor = (message) => message;
