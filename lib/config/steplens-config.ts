// steplens.config.json: the only place (besides AWS_ENDPOINT_URL_SFN) where sources are
// configured (DESIGN.md §2.1). Ambient AWS credentials alone never make a source.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { redactionSection, type RedactionSection } from './redaction-section.ts';
import { alertRulesSchema, normalizeAlertRule, type AlertRule } from './alert-rules.ts';
import { retentionSection, retentionSettingsOf, type RetentionSettings } from './retention-section.ts';

/** Step Functions / CloudWatch Logs operations the poller calls (the token buckets' names). */
export const POLLED_OPERATIONS = [
  'ListStateMachines',
  'DescribeStateMachine',
  'DescribeStateMachineForExecution',
  'ListExecutions',
  'DescribeExecution',
  'GetExecutionHistory',
  'FilterLogEvents',
  'ListMapRuns',
  'DescribeMapRun',
] as const;
export type PolledOperation = (typeof POLLED_OPERATIONS)[number];

// Commercial, GovCloud, China and ISO partitions: `us-east-1`, `us-gov-west-1`, `cn-north-1`, `us-iso-east-1`.
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}$/;

const region = z.string().regex(REGION, { message: 'not an AWS region name (e.g. "us-east-1")' });
const url = z.string().refine((v) => /^https?:\/\/[^\s/]+/.test(v), { message: 'must be an http:// or https:// URL' });

const awsSource = z.strictObject({
  id: z.string().regex(ID, { message: 'letters, digits and ._:/@- only (at most 128)' }).optional(),
  kind: z.literal('aws'),
  region,
  profile: z.string().min(1).optional(),
  accountId: z.string().regex(/^\d{12}$/, { message: 'must be 12 digits' }).optional(),
  label: z.string().optional(),
});

const endpointSource = z.strictObject({
  id: z.string().regex(ID, { message: 'letters, digits and ._:/@- only (at most 128)' }).optional(),
  kind: z.literal('endpoint'),
  endpoint: url,
  /** CloudWatch Logs endpoint; default: the same as `endpoint` (our emulator serves both). */
  logsEndpoint: url.optional(),
  region: region.optional(),
  credentials: z.strictObject({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1), sessionToken: z.string().optional() }).optional(),
  label: z.string().optional(),
});

const bucketOverride = z.strictObject({
  bucket: z.number().positive().optional(),
  refillPerSecond: z.number().positive().optional(),
});

const configFile = z.strictObject({
  $schema: z.string().optional(),
  // Optional only in a file with alerts or redaction: then the demo (or AWS_ENDPOINT_URL_SFN) is the source.
  sources: z.array(z.discriminatedUnion('kind', [awsSource, endpointSource])).min(1, { message: 'needs at least one source' }).optional(),
  /** Alert rules (DESIGN.md §2.8; lib/config/alert-rules.ts). */
  alerts: alertRulesSchema.optional(),
  /** Where the dashboard is reached from outside: the base of the links in alert deliveries. */
  dashboardUrl: url.optional(),
  poll: z
    .strictObject({
      /** Between two poll cycles, ms. */
      intervalMs: z.number().int().min(100).optional(),
      /** How often a running execution's new events are read, ms. */
      runningRefreshMs: z.number().int().min(0).optional(),
      /** How often state machines are re-discovered, ms. */
      discoveryIntervalMs: z.number().int().min(0).optional(),
      /** CloudWatch Logs windows are re-read with this overlap (late records), ms. */
      logsOverlapMs: z.number().int().min(0).optional(),
      /** How far back the first CloudWatch Logs read goes, ms. */
      logsLookbackMs: z.number().int().min(0).optional(),
    })
    .optional(),
  quota: z
    .strictObject({
      /** Share of each AWS token bucket StepLens may use (0 < f ≤ 1). */
      fraction: z.number().gt(0).max(1).optional(),
      /** Per-operation bucket size / refill rate, replacing AWS's published figures. */
      operations: z.partialRecord(z.enum(POLLED_OPERATIONS), bucketOverride).optional(),
    })
    .optional(),
  /** What is replaced by "[redacted]" and where (redaction-section.ts; README "Redaction"). */
  redaction: redactionSection.optional(),
  /** How long finished executions' events are kept (retention-section.ts; README "Retention"). */
  retention: retentionSection.optional(),
}).superRefine((value, ctx) => {
  if (value.sources === undefined && value.alerts === undefined && value.redaction === undefined) {
    ctx.addIssue({ code: 'custom', path: ['sources'], message: 'required (array), unless the file has alerts or redaction' });
  }
});

export type AwsSourceConfig = z.infer<typeof awsSource> & { id: string };
export type EndpointSourceConfig = z.infer<typeof endpointSource> & { id: string; region: string };
export type SourceConfig = AwsSourceConfig | EndpointSourceConfig;

export interface PollSettings {
  intervalMs: number;
  runningRefreshMs: number;
  discoveryIntervalMs: number;
  logsOverlapMs: number;
  logsLookbackMs: number;
}

export interface QuotaSettings {
  fraction: number;
  operations: Partial<Record<PolledOperation, { bucket?: number; refillPerSecond?: number }>>;
}

export interface StepLensConfig {
  /** The file the configuration came from, or the environment variable. */
  origin: string;
  /** Empty only for a file with alerts and no sources (resolveSources then looks further). */
  sources: SourceConfig[];
  poll: PollSettings;
  quota: QuotaSettings;
  /** Alert rules, names unique, in file order. */
  alerts: AlertRule[];
  /** Base URL of the links in alert deliveries; null: the caller's default (lib/cli). */
  dashboardUrl: string | null;
  /** The validated "redaction" section, when the file has one (resolveRedaction applies it). */
  redaction?: RedactionSection;
  /** Retention of history events (the ingesting process prunes by it); null: events are kept forever. */
  retention: RetentionSettings | null;
}

export const DEFAULT_POLL: PollSettings = {
  intervalMs: 5_000,
  runningRefreshMs: 10_000,
  discoveryIntervalMs: 60_000,
  logsOverlapMs: 60_000,
  logsLookbackMs: 24 * 3_600_000,
};
export const DEFAULT_QUOTA_FRACTION = 0.5;
/** Region and credentials the built-in emulator and other endpoints get unless told otherwise. */
export const ENDPOINT_DEFAULT_REGION = 'us-east-1';

/** A configuration problem: one line naming the file and the field. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type ResolvedSources = { configured: true; config: StepLensConfig } | { configured: false; reason: string };

/**
 * Sources, in this order of precedence: the file `STEPLENS_CONFIG` names (must exist), else
 * `<cwd>/steplens.config.json` when present, else `AWS_ENDPOINT_URL_SFN` (with
 * `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS` for logs) as one endpoint source. Throws ConfigError for a
 * file that exists but is invalid; `configured: false` when there is nothing at all.
 */
export function resolveSources(env: Readonly<Record<string, string | undefined>> = process.env, cwd: string = process.cwd()): ResolvedSources {
  const named = env.STEPLENS_CONFIG?.trim();
  if (named) {
    // Chosen by the user at run time: keep Turbopack from tracing the project for it.
    const file = path.resolve(/*turbopackIgnore: true*/ cwd, named);
    if (!existsSync(file)) throw new ConfigError(`${named}: STEPLENS_CONFIG names a file that does not exist`);
    return withEnvironmentSource(loadConfigFile(file, cwd), env);
  }
  const file = path.join(cwd, 'steplens.config.json');
  if (existsSync(file)) return withEnvironmentSource(loadConfigFile(file, cwd), env);
  return withEnvironmentSource(null, env);
}

/**
 * A file with alerts but no sources keeps its alerts (and poll/quota settings) and takes its
 * source from AWS_ENDPOINT_URL_SFN, which is how `steplens start` hands over the demo emulator.
 */
function withEnvironmentSource(file: StepLensConfig | null, env: Readonly<Record<string, string | undefined>>): ResolvedSources {
  if (file !== null && file.sources.length > 0) return { configured: true, config: file };
  const sfnEndpoint = env.AWS_ENDPOINT_URL_SFN?.trim();
  if (sfnEndpoint) {
    const text = JSON.stringify({
      sources: [
        {
          kind: 'endpoint',
          endpoint: sfnEndpoint,
          ...(env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS?.trim() ? { logsEndpoint: env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS.trim() } : {}),
          ...(env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() ? { region: (env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim()) as string } : {}),
        },
      ],
    });
    const fromEnv = parseConfig(text, 'AWS_ENDPOINT_URL_SFN');
    return { configured: true, config: file === null ? fromEnv : { ...file, sources: fromEnv.sources } };
  }
  if (file !== null) return { configured: false, reason: `no source configured (${file.origin} has alerts but no sources)` };
  return { configured: false, reason: 'no source configured (no steplens.config.json, STEPLENS_CONFIG or AWS_ENDPOINT_URL_SFN)' };
}

/**
 * The alert rules of the configuration file (STEPLENS_CONFIG, else ./steplens.config.json),
 * whatever the sources: the dashboard's server reads them to show the rules. None without a file.
 */
export function resolveAlertRules(env: Readonly<Record<string, string | undefined>> = process.env, cwd: string = process.cwd()): Pick<StepLensConfig, 'alerts' | 'dashboardUrl'> & { origin: string | null } {
  const named = env.STEPLENS_CONFIG?.trim();
  const file = named ? path.resolve(/*turbopackIgnore: true*/ cwd, named) : path.join(cwd, 'steplens.config.json');
  if (!existsSync(file)) {
    if (named) throw new ConfigError(`${named}: STEPLENS_CONFIG names a file that does not exist`);
    return { origin: null, alerts: [], dashboardUrl: null };
  }
  const config = loadConfigFile(file, cwd);
  return { origin: config.origin, alerts: config.alerts, dashboardUrl: config.dashboardUrl };
}

export function loadConfigFile(file: string, cwd: string = process.cwd()): StepLensConfig {
  const shown = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${shown}: cannot read (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  return parseConfig(text, shown);
}

/** Validates configuration text; `origin` names it in error messages. */
export function parseConfig(text: string, origin: string): StepLensConfig {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new ConfigError(`${origin}: not valid JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  // reportInput: a wrong type is told apart from a missing field (issue.input is set only then).
  const result = configFile.safeParse(value, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? fieldPath(issue.path) : '';
    throw new ConfigError(`${origin}: ${where ? `${where}: ` : ''}${issue ? issueMessage(issue) : 'invalid'}`);
  }
  const data = result.data;
  const sources: SourceConfig[] = (data.sources ?? []).map((source) =>
    source.kind === 'aws'
      ? { ...source, id: source.id ?? ['aws', source.profile, source.region, source.accountId].filter(Boolean).join(':') }
      : { ...source, region: source.region ?? ENDPOINT_DEFAULT_REGION, id: source.id ?? `endpoint:${source.endpoint}` },
  );
  const seen = new Set<string>();
  sources.forEach((source, i) => {
    if (seen.has(source.id)) throw new ConfigError(`${origin}: sources[${i}].id: duplicate source id "${source.id}"`);
    seen.add(source.id);
  });
  const alerts = (data.alerts ?? []).map(normalizeAlertRule);
  const names = new Set<string>();
  alerts.forEach((rule, i) => {
    if (names.has(rule.name)) throw new ConfigError(`${origin}: alerts[${i}].name: duplicate rule name "${rule.name}"`);
    names.add(rule.name);
  });
  return {
    origin,
    sources,
    poll: { ...DEFAULT_POLL, ...stripUndefined(data.poll ?? {}) },
    quota: { fraction: data.quota?.fraction ?? DEFAULT_QUOTA_FRACTION, operations: data.quota?.operations ?? {} },
    alerts,
    dashboardUrl: data.dashboardUrl ?? null,
    retention: data.retention !== undefined ? retentionSettingsOf(data.retention) : null,
    ...(data.redaction !== undefined ? { redaction: data.redaction } : {}),
  };
}

function fieldPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union' && 'discriminator' in issue) return 'kind must be "aws" or "endpoint"';
  // A record's key (retention.stateMachines): the key's own rule says what is wrong.
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? issue.message;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `required (${issue.expected})`;
  return issue.message;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
