// Redaction of alert deliveries (README "Redaction"). A delivery leaves StepLens for a third party
// (a Slack channel, a webhook receiver), so the redaction rules apply to what it carries from
// execution payloads: the cause, and the error name (which a Lambda may fill with anything: the
// key=value rule only). Every message goes through an AlertRedactor before it is formatted and
// written to the outbox (alert-runner.ts), so the stored body is the redacted one and a resend
// cannot leak more. Applied in every mode but "off": in mode "store" the causes read from the
// store are redacted already, except on rows written before the rules.
import { resolveRedaction } from '../config/index.ts';
import { redactPayloadText, redactText, type RedactionRules } from '../history/index.ts';
import type { AlertMessage } from './evaluate.ts';

/** Returns the message with payload-derived text redacted (never mutates it). */
export type AlertRedactor = (message: AlertMessage) => AlertMessage;

/** The redactor of fixed rules (tests; a runner with its own settings). */
export function alertRedactor(rules: RedactionRules): AlertRedactor {
  return (message) => {
    if (!rules.active) return message;
    const cause = message.cause === null ? null : redactPayloadText(message.cause, rules);
    const error = message.error === null ? null : redactText(message.error, rules);
    return cause === message.cause && error === message.error ? message : { ...message, cause, error };
  };
}

/** The redactor alert runners use unless given another: this process's settings (resolveRedaction), read per message. */
export const redactAlertMessage: AlertRedactor = (message) => {
  const settings = resolveRedaction();
  return settings.mode === 'off' ? message : alertRedactor(settings.rules)(message);
};
