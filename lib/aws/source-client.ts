// One configured source's view of Step Functions and CloudWatch Logs: SDK clients created on
// first use, every request through the token bucket of its operation, the SDK's own retries off
// (maxAttempts 1) so a retry is always ours and always paid for with a token, throttles slowing
// the bucket down, and results returned as plain data (epoch ms, wire-form events).
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { PolledOperation, QuotaSettings, SourceConfig } from '../config/index.ts';
import { ApiStats } from './api-stats.ts';
import { mapAwsError } from './aws-error.ts';
import { effectiveBucket } from './quota-presets.ts';
import { suppressSdkNodeVersionWarning } from './suppress-sdk-warnings.ts';
import { TokenBucket, realClock, type BucketClock } from './token-bucket.ts';

export interface StateMachineListItem {
  stateMachineArn: string;
  name: string;
  type: string;
  creationDate: number | null;
}

export interface LoggingConfiguration {
  level: string;
  includeExecutionData: boolean;
  /** Log group ARNs (`arn:aws:logs:<region>:<account>:log-group:<name>:*`). */
  logGroupArns: string[];
}

export interface StateMachineDescription {
  stateMachineArn: string;
  name: string;
  type: string;
  definition: string;
  revisionId: string | null;
  loggingConfiguration: LoggingConfiguration | null;
  /** The LoggingConfiguration exactly as received (stored as JSON). */
  rawLoggingConfiguration: unknown;
}

export interface ExecutionDefinition {
  stateMachineArn: string;
  definition: string;
  revisionId: string | null;
  /** When this definition was last updated (epoch ms); null when the source does not say. */
  updateDate: number | null;
}

export interface ExecutionListEntry {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: number | null;
  stopDate: number | null;
  redriveCount: number;
  redriveDate: number | null;
}

export interface MapRunListItem {
  mapRunArn: string;
  executionArn: string;
  /** The children's state machine, `…:stateMachine:<parent>/<label>`. */
  stateMachineArn: string;
  startDate: number | null;
  stopDate: number | null;
}

/** DescribeMapRun's itemCounts / executionCounts. */
export interface MapRunCountsWire {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
  failuresNotRedrivable: number;
  pendingRedrive: number;
}

export interface MapRunDescription {
  mapRunArn: string;
  executionArn: string;
  status: string;
  startDate: number | null;
  stopDate: number | null;
  maxConcurrency: number;
  toleratedFailurePercentage: number;
  toleratedFailureCount: number;
  itemCounts: MapRunCountsWire;
  executionCounts: MapRunCountsWire;
  redriveCount: number;
  redriveDate: number | null;
}

export interface Page<T> {
  items: T[];
  nextToken: string | null;
}

/** A history event as on the wire: timestamp in epoch seconds, details under `<type>EventDetails`. */
export type WireHistoryEvent = Record<string, unknown> & { id: number; type: string };

export interface LogEventEntry {
  timestamp: number | null;
  message: string;
  logStreamName: string | null;
  eventId: string | null;
}

export interface SourceClientOptions {
  quota: QuotaSettings;
  stats?: ApiStats;
  buckets?: BucketRegistry;
  clock?: BucketClock;
  /** Our retries per request on throttling and transient failures (default 6). */
  maxRetries?: number;
  /** First backoff, ms (default 200); doubles per retry, with jitter, up to 20 s. */
  baseBackoffMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
  /** Per-request timeout, ms (default 30 s). */
  requestTimeoutMs?: number;
}

/** Buckets are per account and Region (AWS's unit), shared by every source that maps there. */
export class BucketRegistry {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(
    private readonly quota: QuotaSettings,
    private readonly clock: BucketClock = realClock,
  ) {}

  bucket(scope: string, operation: PolledOperation, region: string | null): TokenBucket {
    const key = `${scope}|${operation}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const figures = effectiveBucket(operation, region, this.quota);
      bucket = new TokenBucket({ capacity: figures.bucket, refillPerSecond: figures.refillPerSecond, clock: this.clock });
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

const MAX_BACKOFF_MS = 20_000;

export class SourceClient {
  readonly source: SourceConfig;
  readonly stats: ApiStats;
  /** Where calls go, for messages: the endpoint URL, or "AWS <region>". */
  readonly target: string;
  private readonly buckets: BucketRegistry;
  private readonly clock: BucketClock;
  private readonly maxRetries: number;
  private readonly baseBackoffMs: number;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly requestTimeoutMs: number;
  private sfnClient: Promise<SFNClient> | null = null;
  private logsClient: Promise<CloudWatchLogsClient> | null = null;

  constructor(source: SourceConfig, options: SourceClientOptions) {
    this.source = source;
    this.stats = options.stats ?? new ApiStats();
    this.clock = options.clock ?? realClock;
    this.buckets = options.buckets ?? new BucketRegistry(options.quota, this.clock);
    this.maxRetries = options.maxRetries ?? 6;
    this.baseBackoffMs = options.baseBackoffMs ?? 200;
    this.env = options.env ?? process.env;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.target = source.kind === 'endpoint' ? source.endpoint : `AWS ${source.region}`;
  }

  /** The account-Region scope of this source's buckets. */
  get bucketScope(): string {
    return this.source.kind === 'endpoint'
      ? `endpoint:${this.source.endpoint}:${this.source.region}`
      : `aws:${this.source.accountId ?? this.source.profile ?? 'default'}:${this.source.region}`;
  }

  async listStateMachines(nextToken?: string | null): Promise<Page<StateMachineListItem>> {
    const { ListStateMachinesCommand } = await import('@aws-sdk/client-sfn');
    const out = await this.sfn('ListStateMachines', (c) => c.send(new ListStateMachinesCommand({ maxResults: 1000, ...(nextToken ? { nextToken } : {}) })));
    return {
      items: (out.stateMachines ?? []).map((m) => ({
        stateMachineArn: m.stateMachineArn ?? '',
        name: m.name ?? '',
        type: m.type ?? 'STANDARD',
        creationDate: ms(m.creationDate),
      })),
      nextToken: out.nextToken ?? null,
    };
  }

  async describeStateMachine(stateMachineArn: string): Promise<StateMachineDescription> {
    const { DescribeStateMachineCommand } = await import('@aws-sdk/client-sfn');
    const out = await this.sfn('DescribeStateMachine', (c) => c.send(new DescribeStateMachineCommand({ stateMachineArn })));
    return {
      stateMachineArn: out.stateMachineArn ?? stateMachineArn,
      name: out.name ?? '',
      type: out.type ?? 'STANDARD',
      definition: out.definition ?? '',
      revisionId: out.revisionId ?? null,
      loggingConfiguration: out.loggingConfiguration
        ? {
            level: out.loggingConfiguration.level ?? 'OFF',
            includeExecutionData: out.loggingConfiguration.includeExecutionData === true,
            logGroupArns: (out.loggingConfiguration.destinations ?? [])
              .map((d) => d.cloudWatchLogsLogGroup?.logGroupArn)
              .filter((a): a is string => typeof a === 'string'),
          }
        : null,
      rawLoggingConfiguration: out.loggingConfiguration ? plain(out.loggingConfiguration) : null,
    };
  }

  async describeStateMachineForExecution(executionArn: string): Promise<ExecutionDefinition> {
    const { DescribeStateMachineForExecutionCommand } = await import('@aws-sdk/client-sfn');
    const out = await this.sfn('DescribeStateMachineForExecution', (c) => c.send(new DescribeStateMachineForExecutionCommand({ executionArn })));
    return {
      stateMachineArn: out.stateMachineArn ?? '',
      definition: out.definition ?? '',
      revisionId: out.revisionId ?? null,
      updateDate: ms(out.updateDate),
    };
  }

  async listExecutions(request: {
    /** Exactly one of stateMachineArn and mapRunArn (a Map Run's children). */
    stateMachineArn?: string;
    mapRunArn?: string;
    statusFilter?: string;
    redriveFilter?: 'REDRIVEN' | 'NOT_REDRIVEN';
    nextToken?: string | null;
    maxResults?: number;
  }): Promise<Page<ExecutionListEntry>> {
    const { ListExecutionsCommand } = await import('@aws-sdk/client-sfn');
    const input = {
      ...(request.mapRunArn !== undefined ? { mapRunArn: request.mapRunArn } : { stateMachineArn: request.stateMachineArn }),
      maxResults: request.maxResults ?? 1000,
      ...(request.statusFilter ? { statusFilter: request.statusFilter as never } : {}),
      ...(request.redriveFilter ? { redriveFilter: request.redriveFilter } : {}),
      ...(request.nextToken ? { nextToken: request.nextToken } : {}),
    };
    const out = await this.sfn('ListExecutions', (c) => c.send(new ListExecutionsCommand(input)));
    return {
      items: (out.executions ?? []).map((e) => ({
        executionArn: e.executionArn ?? '',
        stateMachineArn: e.stateMachineArn ?? request.stateMachineArn ?? '',
        name: e.name ?? '',
        status: e.status ?? 'RUNNING',
        startDate: ms(e.startDate),
        stopDate: ms(e.stopDate),
        redriveCount: e.redriveCount ?? 0,
        redriveDate: ms(e.redriveDate),
      })),
      nextToken: out.nextToken ?? null,
    };
  }

  /** One page of the Distributed Map runs an execution started. */
  async listMapRuns(request: { executionArn: string; nextToken?: string | null }): Promise<Page<MapRunListItem>> {
    const { ListMapRunsCommand } = await import('@aws-sdk/client-sfn');
    const input = { executionArn: request.executionArn, maxResults: 1000, ...(request.nextToken ? { nextToken: request.nextToken } : {}) };
    const out = await this.sfn('ListMapRuns', (c) => c.send(new ListMapRunsCommand(input)));
    return {
      items: (out.mapRuns ?? []).map((r) => ({
        mapRunArn: r.mapRunArn ?? '',
        executionArn: r.executionArn ?? request.executionArn,
        stateMachineArn: r.stateMachineArn ?? '',
        startDate: ms(r.startDate),
        stopDate: ms(r.stopDate),
      })),
      nextToken: out.nextToken ?? null,
    };
  }

  async describeMapRun(mapRunArn: string): Promise<MapRunDescription> {
    const { DescribeMapRunCommand } = await import('@aws-sdk/client-sfn');
    const out = await this.sfn('DescribeMapRun', (c) => c.send(new DescribeMapRunCommand({ mapRunArn })));
    const counts = (c: Record<string, unknown> | undefined): MapRunCountsWire => {
      const n = (k: string): number => (typeof c?.[k] === 'number' ? (c[k] as number) : 0);
      return {
        pending: n('pending'),
        running: n('running'),
        succeeded: n('succeeded'),
        failed: n('failed'),
        timedOut: n('timedOut'),
        aborted: n('aborted'),
        total: n('total'),
        resultsWritten: n('resultsWritten'),
        failuresNotRedrivable: n('failuresNotRedrivable'),
        pendingRedrive: n('pendingRedrive'),
      };
    };
    return {
      mapRunArn: out.mapRunArn ?? mapRunArn,
      executionArn: out.executionArn ?? '',
      status: out.status ?? 'RUNNING',
      startDate: ms(out.startDate),
      stopDate: ms(out.stopDate),
      maxConcurrency: out.maxConcurrency ?? 0,
      toleratedFailurePercentage: out.toleratedFailurePercentage ?? 0,
      toleratedFailureCount: out.toleratedFailureCount ?? 0,
      itemCounts: counts(out.itemCounts as Record<string, unknown> | undefined),
      executionCounts: counts(out.executionCounts as Record<string, unknown> | undefined),
      redriveCount: out.redriveCount ?? 0,
      redriveDate: ms(out.redriveDate),
    };
  }

  /** One page (≤ 1000 events) of an execution's history. */
  async getExecutionHistory(request: {
    executionArn: string;
    reverseOrder?: boolean;
    nextToken?: string | null;
    includeExecutionData?: boolean;
    maxResults?: number;
  }): Promise<Page<WireHistoryEvent>> {
    const { GetExecutionHistoryCommand } = await import('@aws-sdk/client-sfn');
    const input = {
      executionArn: request.executionArn,
      maxResults: request.maxResults ?? 1000,
      reverseOrder: request.reverseOrder === true,
      ...(request.includeExecutionData === false ? { includeExecutionData: false } : {}),
      ...(request.nextToken ? { nextToken: request.nextToken } : {}),
    };
    const out = await this.sfn('GetExecutionHistory', (c) => c.send(new GetExecutionHistoryCommand(input)));
    return { items: (out.events ?? []).map((e) => plain(e) as WireHistoryEvent), nextToken: out.nextToken ?? null };
  }

  async filterLogEvents(request: {
    logGroupName: string;
    startTime: number;
    endTime: number;
    nextToken?: string | null;
    filterPattern?: string;
  }): Promise<Page<LogEventEntry>> {
    const { FilterLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    const input = {
      logGroupName: request.logGroupName,
      startTime: request.startTime,
      endTime: request.endTime,
      limit: 10_000,
      ...(request.filterPattern ? { filterPattern: request.filterPattern } : {}),
      ...(request.nextToken ? { nextToken: request.nextToken } : {}),
    };
    const out = await this.logs('FilterLogEvents', (c) => c.send(new FilterLogEventsCommand(input)));
    return {
      items: (out.events ?? []).map((e) => ({
        timestamp: typeof e.timestamp === 'number' ? e.timestamp : null,
        message: e.message ?? '',
        logStreamName: e.logStreamName ?? null,
        eventId: e.eventId ?? null,
      })),
      nextToken: out.nextToken ?? null,
    };
  }

  /** Closes the SDK clients' sockets (they are recreated on next use). */
  async close(): Promise<void> {
    const clients = await Promise.allSettled([this.sfnClient, this.logsClient]);
    for (const c of clients) if (c.status === 'fulfilled' && c.value) c.value.destroy();
    this.sfnClient = null;
    this.logsClient = null;
  }

  private sfn<T>(operation: PolledOperation, send: (client: SFNClient) => Promise<T>): Promise<T> {
    this.sfnClient ??= this.createSfnClient();
    const client = this.sfnClient;
    return this.withQuota(operation, async () => send(await client));
  }

  private logs<T>(operation: PolledOperation, send: (client: CloudWatchLogsClient) => Promise<T>): Promise<T> {
    this.logsClient ??= this.createLogsClient();
    const client = this.logsClient;
    return this.withQuota(operation, async () => send(await client));
  }

  /** Token, request, classify; retries throttles and transient failures with backoff. */
  private async withQuota<T>(operation: PolledOperation, request: () => Promise<T>): Promise<T> {
    const region = this.source.kind === 'aws' ? this.source.region : null;
    const bucket = this.buckets.bucket(this.bucketScope, operation, region);
    for (let attempt = 0; ; attempt++) {
      await bucket.take();
      this.stats.countCall(operation);
      try {
        return await request();
      } catch (raw) {
        const error = mapAwsError(raw, { operation, target: this.target, region: this.source.region });
        if (error.kind === 'throttled') {
          this.stats.countThrottle();
          bucket.onThrottle();
        }
        if (!error.retryable || attempt >= this.maxRetries) {
          if (error.retryable) this.stats.countFailure();
          throw error;
        }
        const backoff = Math.min(MAX_BACKOFF_MS, this.baseBackoffMs * 2 ** attempt);
        await this.clock.sleep(backoff / 2 + Math.random() * (backoff / 2));
      }
    }
  }

  private clientConfig(endpoint: string | undefined): Record<string, unknown> {
    const source = this.source;
    const config: Record<string, unknown> = {
      region: source.region,
      // Our withQuota loop retries; the SDK's would spend requests outside our token buckets.
      maxAttempts: 1,
      requestHandler: { requestTimeout: this.requestTimeoutMs, connectionTimeout: 5_000 },
    };
    if (source.kind === 'aws') {
      if (source.profile) config.profile = source.profile;
      // Credentials: the SDK's default chain (env, shared config/SSO profiles, instance roles).
    } else {
      config.endpoint = endpoint ?? source.endpoint;
      if (source.credentials) config.credentials = source.credentials;
      else if (!this.env.AWS_ACCESS_KEY_ID) config.credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
    }
    return config;
  }

  private async createSfnClient(): Promise<SFNClient> {
    suppressSdkNodeVersionWarning();
    const { SFNClient } = await import('@aws-sdk/client-sfn');
    return new SFNClient(this.clientConfig(undefined));
  }

  private async createLogsClient(): Promise<CloudWatchLogsClient> {
    suppressSdkNodeVersionWarning();
    const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
    const endpoint = this.source.kind === 'endpoint' ? (this.source.logsEndpoint ?? this.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS ?? this.source.endpoint) : undefined;
    return new CloudWatchLogsClient(this.clientConfig(endpoint));
  }
}

function ms(date: Date | undefined): number | null {
  return date instanceof Date && Number.isFinite(date.getTime()) ? date.getTime() : null;
}

/**
 * SDK output → JSON as on the wire: Dates back to epoch seconds (Step Functions' own form),
 * undefined members dropped.
 */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = plain(v);
    return out;
  }
  return value;
}

