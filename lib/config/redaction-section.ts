// The "redaction" section of steplens.config.json (README "Redaction"): its schema, validated with
// the rest of the file by parseConfig, and the settings it gives. See redaction-config.ts for
// how a process finds its settings.
import { z } from 'zod';
import { compileRedactionRules, parsePath, RedactionRuleError, type RedactionRules } from '../history/index.ts';

export const REDACTION_MODES = ['display', 'store', 'off'] as const;
export type RedactionMode = (typeof REDACTION_MODES)[number];

const keyPattern = z.string().refine((v) => /[\p{L}\p{N}]/u.test(v), { message: 'a key pattern needs a letter or digit' });
const jsonPath = z.string().superRefine((value, ctx) => {
  try {
    parsePath(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof RedactionRuleError ? error.message : String(error) });
  }
});

/** The "redaction" object of steplens.config.json. */
export const redactionSection = z.strictObject({
  /** "display" (default), "store" or "off". */
  mode: z.enum(REDACTION_MODES, { message: 'must be "display", "store" or "off"' }).optional(),
  /** Key-name patterns (case-insensitive; word-wise, or a glob with *), added to the defaults. */
  keys: z.array(keyPattern).optional(),
  /** JSONPath-like paths from each payload's root ($.customer.email, $..password, $.items[*].card). */
  paths: z.array(jsonPath).optional(),
  /** Include the default key patterns (password, secret, token, authorization, apiKey, ssn, card, …); default true. */
  defaults: z.boolean().optional(),
});

export type RedactionSection = z.infer<typeof redactionSection>;

export interface RedactionSettings {
  mode: RedactionMode;
  /** Compiled rules; inactive (no rule) when mode is "off". */
  rules: RedactionRules;
  /** Where the settings came from, for messages: the file, STEPLENS_REDACTION, or "defaults". */
  origin: string;
}

const OFF = compileRedactionRules({ defaults: false });

/** The settings a validated section gives (no section: the defaults). */
export function redactionSettingsOf(section: RedactionSection | undefined, origin: string, modeOverride?: RedactionMode): RedactionSettings {
  const mode = modeOverride ?? section?.mode ?? 'display';
  if (mode === 'off') return { mode, rules: OFF, origin };
  return { mode, rules: compileRedactionRules({ keys: section?.keys ?? [], paths: section?.paths ?? [], defaults: section?.defaults ?? true }), origin };
}

