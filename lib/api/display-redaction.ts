// Display redaction (README "Redaction"): the rules applied to everything that carries payloads on
// its way out of the server — the execution detail and its runs, the events pages (and so the
// export, which is made of those two), the diff, the executions list and its text search, the
// home page's last failures, failure-cluster patterns, definitions. Runs in modes "display" and
// "store" (for rows written before the rules); mode "off" turns it off. Every reader in lib/api
// takes its data through these functions, so a new reader has one place to look.
import { resolveRedaction } from '../config/index.ts';
import { redactDefinition, redactDefinitionText, redactEvents, redactPayloadText, type RedactionRules } from '../history/index.ts';
import type { ExecutionListItem, StoredExecution, StoredExecutionHistory } from '../store/index.ts';

/** The rules to apply before display in this process; null when nothing is to be redacted. */
export function displayRedaction(): RedactionRules | null {
  const settings = resolveRedaction();
  return settings.mode === 'off' || !settings.rules.active ? null : settings.rules;
}

/** A stored payload column (JSON text, or any text AWS returned) redacted; null stays null. */
export function redactStoredText(text: string | null, rules: RedactionRules | null): string | null {
  return text === null || rules === null ? text : redactPayloadText(text, rules);
}

/** An execution's input, output and cause redacted (error names are AWS's or the task's own words: kept). */
export function redactExecution<T extends StoredExecution | ExecutionListItem>(execution: T, rules: RedactionRules | null): T {
  if (rules === null) return execution;
  const cause = redactStoredText(execution.cause, rules);
  if (!('input' in execution)) return cause === execution.cause ? execution : { ...execution, cause };
  const input = redactStoredText(execution.input, rules);
  const output = redactStoredText(execution.output, rules);
  return cause === execution.cause && input === execution.input && output === execution.output ? execution : { ...execution, cause, input, output };
}

/** A stored execution with its events (what the analysis, the events pages and the diff read) redacted. */
export function redactStoredHistory(stored: StoredExecutionHistory, rules: RedactionRules | null): StoredExecutionHistory {
  if (rules === null) return stored;
  const events = redactEvents(stored.events, rules);
  const execution = redactExecution(stored.execution, rules);
  return events === stored.events && execution === stored.execution ? stored : { ...stored, execution, events: [...events] };
}

/** A parsed definition with its payload templates redacted (redactDefinition). */
export function redactDisplayedDefinition(definition: unknown, rules: RedactionRules | null): unknown {
  return rules === null ? definition : redactDefinition(definition, rules);
}

/** Definition text (as the store keeps it) redacted (redactDefinitionText). */
export function redactStoredDefinition(text: string | null, rules: RedactionRules | null): string | null {
  return rules === null ? text : redactDefinitionText(text, rules);
}
