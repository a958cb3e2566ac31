// Rules for the alerts tests, validated by the config's own schema.
import { alertRuleSchema, normalizeAlertRule, type AlertRule } from '../../../lib/config/alert-rules.ts';

export const HOOK = 'http://127.0.0.1:9/hook';

export function rule(name: string, when: Record<string, unknown>, extra: Record<string, unknown> = {}): AlertRule {
  return normalizeAlertRule(alertRuleSchema.parse({ name, when, webhook: HOOK, ...extra }));
}
