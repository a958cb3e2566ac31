// The "redaction" section of steplens.config.json and STEPLENS_REDACTION (README "Redaction"):
// which payload values StepLens replaces by "[redacted]", and where.
// - mode "display" (the default): the store keeps payloads as received; every response that
//   carries payloads (pages, API, search, diff, export) is redacted on its way out.
// - mode "store": the one ingest path redacts events before anything is written, so the store,
//   its search index and its backups never hold the values; display redaction still runs, for
//   rows written before the rules (or under other rules).
// - mode "off": nothing is redacted.
// Default with no configuration: mode "display" with DEFAULT_REDACTED_KEYS, because StepLens is
// pointed at production data and a secret shown once cannot be taken back.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { redactionSection, redactionSettingsOf, REDACTION_MODES, type RedactionMode, type RedactionSection, type RedactionSettings } from './redaction-section.ts';
import { ConfigError } from './steplens-config.ts';

let memo: { key: string; settings: RedactionSettings } | null = null;

/**
 * The redaction settings of this process: the "redaction" section of the file STEPLENS_CONFIG
 * names (else ./steplens.config.json), with STEPLENS_REDACTION=display|store|off overriding its
 * mode. Re-read when the file changes (checked with one stat per call). Throws ConfigError (one
 * line naming the file and field) for an invalid section or variable, so that a bad rule stops
 * ingestion and display alike rather than letting values through.
 */
export function resolveRedaction(env: Readonly<Record<string, string | undefined>> = process.env, cwd: string = process.cwd()): RedactionSettings {
  const named = env.STEPLENS_CONFIG?.trim();
  const file = named ? path.resolve(/*turbopackIgnore: true*/ cwd, named) : path.join(/*turbopackIgnore: true*/ cwd, 'steplens.config.json');
  const override = env.STEPLENS_REDACTION?.trim().toLowerCase() || undefined;
  if (override !== undefined && !(REDACTION_MODES as readonly string[]).includes(override)) {
    throw new ConfigError(`STEPLENS_REDACTION: must be "display", "store" or "off" (got "${env.STEPLENS_REDACTION}")`);
  }
  const stat = existsSync(file) ? statSync(file) : null;
  const key = JSON.stringify([file, stat?.mtimeMs ?? null, stat?.size ?? null, override ?? null]);
  if (memo !== null && memo.key === key) return memo.settings;
  const shown = path.relative(cwd, file) || file;
  let section: RedactionSection | undefined;
  if (stat !== null) {
    let value: unknown;
    try {
      const text = readFileSync(file, 'utf8');
      value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (error) {
      throw new ConfigError(`${shown}: cannot read the redaction settings (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
    const raw = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).redaction : undefined;
    if (raw !== undefined) {
      const parsed = redactionSection.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ConfigError(`${shown}: redaction${issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? ''}: ${issue?.message ?? 'invalid'}`);
      }
      section = parsed.data;
    }
  }
  const origin = override !== undefined ? 'STEPLENS_REDACTION' : section !== undefined ? shown : 'defaults';
  const settings = redactionSettingsOf(section, origin, override as RedactionMode | undefined);
  memo = { key, settings };
  return settings;
}
