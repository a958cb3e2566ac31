// RedactionRules applied to history events: the payload fields of each event's details (and of
// the same details inside `raw`, the event as received), never the fields AWS defines (ids, types,
// state names, resources, error names), so a redacted history analyses exactly like the original:
// same runs, statuses, attempts and failures, with "[redacted]" in the payloads.
import { redactPayload } from './redact-payload.ts';
import { REDACTED, type RedactionRules } from './redaction-rules.ts';
import type { HistoryEvent } from './types.ts';

/**
 * Detail fields that carry execution data (DESIGN.md §2.2; reference/sfn-facts.md §2.3): state and
 * execution input/output, a task's resolved parameters, the raw result of an integration (a
 * Task/Lambda/Activity *Succeeded `output`) and error causes.
 */
export const PAYLOAD_DETAIL_FIELDS: readonly string[] = ['input', 'output', 'parameters', 'cause'];

type Details = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One event's details with the rules applied to its payload fields and to `assignedVariables`
 * (JSONata variables: a variable whose name matches a key pattern is redacted whole, the others'
 * JSON values as payloads). The same object when nothing matched.
 */
export function redactEventDetails(details: Details, rules: RedactionRules): Details {
  if (!rules.active) return details;
  let copy: Details | null = null;
  const set = (key: string, value: unknown) => {
    copy ??= { ...details };
    copy[key] = value;
  };
  for (const field of PAYLOAD_DETAIL_FIELDS) {
    if (!(field in details)) continue;
    const value = details[field];
    const redacted = redactPayload(value, rules);
    if (redacted !== value) set(field, redacted);
  }
  const variables = details.assignedVariables;
  if (isRecord(variables)) {
    let changed: Details | null = null;
    for (const [name, value] of Object.entries(variables)) {
      const redacted = rules.keyMatches(name) ? REDACTED : redactPayload(value, rules);
      if (redacted !== value) (changed ??= { ...variables })[name] = redacted;
    }
    if (changed !== null) set('assignedVariables', changed);
  }
  return copy ?? details;
}

/**
 * The event with its details redacted, in `details` and in `raw` alike (the API form's
 * `<type>EventDetails`, a CloudWatch Logs record's `details`); the same event when nothing matched.
 */
export function redactEvent(event: HistoryEvent, rules: RedactionRules): HistoryEvent {
  if (!rules.active) return event;
  const details = redactEventDetails(event.details, rules);
  const raw = redactRaw(event.raw, event.details, details, rules);
  return details === event.details && raw === event.raw ? event : { ...event, details, raw };
}

/** Every event redacted (redactEvent); the same array when nothing matched. */
export function redactEvents(events: readonly HistoryEvent[], rules: RedactionRules): readonly HistoryEvent[] {
  if (!rules.active) return events;
  let out: HistoryEvent[] | null = null;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as HistoryEvent;
    const redacted = redactEvent(event, rules);
    if (redacted !== event) (out ??= events.slice())[i] = redacted;
  }
  return out ?? events;
}

function redactRaw(raw: unknown, original: Details, redacted: Details, rules: RedactionRules): unknown {
  if (!isRecord(raw)) return raw;
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(raw)) {
    if (key !== 'details' && !key.endsWith('EventDetails')) continue;
    const value = raw[key];
    if (!isRecord(value)) continue;
    // parseHistory hands the event's own details object over as `details`: reuse its redaction.
    const next = value === original ? redacted : redactEventDetails(value, rules);
    if (next !== value) (copy ??= { ...raw })[key] = next;
  }
  return copy ?? raw;
}
