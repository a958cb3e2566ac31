// The write side of one source (lib/actions: Stop, Redrive, Start again) and the two reads its
// checks need (DescribeExecution, DescribeStateMachine). Separate from SourceClient on purpose:
// its own token buckets, so an operator's action never waits behind the poller's backfill and a
// script looping over the action routes cannot eat the poller's share; the same rules otherwise
// (the SDK's retries off, ours paid for with a token; throttles slow the bucket down).
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { QuotaSettings, SourceConfig } from '../config/index.ts';
import { AwsError, mapAwsError } from './aws-error.ts';
import { LARGE_REGIONS } from './quota-presets.ts';
import { suppressSdkNodeVersionWarning } from './suppress-sdk-warnings.ts';
import { TokenBucket, realClock, type BucketClock } from './token-bucket.ts';

export const ACTION_OPERATIONS = ['StopExecution', 'RedriveExecution', 'StartExecution', 'DescribeExecution', 'DescribeStateMachine'] as const;
export type ActionOperation = (typeof ACTION_OPERATIONS)[number];

interface BucketFigures {
  bucket: number;
  refillPerSecond: number;
}

// AWS's published buckets (reference/sfn-facts.md §3.1; large Regions · others), of which the
// actions take the quota fraction like the poller does. DescribeExecution/DescribeStateMachine
// here are the actions' own reads (eligibility, the original input), beside the poller's.
const LARGE: Record<ActionOperation, BucketFigures> = {
  StopExecution: { bucket: 1000, refillPerSecond: 200 },
  RedriveExecution: { bucket: 1300, refillPerSecond: 300 },
  StartExecution: { bucket: 1300, refillPerSecond: 300 },
  DescribeExecution: { bucket: 300, refillPerSecond: 15 },
  DescribeStateMachine: { bucket: 200, refillPerSecond: 20 },
};
const OTHER: Record<ActionOperation, BucketFigures> = {
  StopExecution: { bucket: 500, refillPerSecond: 25 },
  RedriveExecution: { bucket: 800, refillPerSecond: 150 },
  StartExecution: { bucket: 800, refillPerSecond: 150 },
  DescribeExecution: { bucket: 250, refillPerSecond: 10 },
  DescribeStateMachine: { bucket: 200, refillPerSecond: 20 },
};

/** The actions' share of AWS's bucket for `operation` (at least one request of burst). */
export function actionBucket(operation: ActionOperation, region: string | null, fraction: number): BucketFigures {
  const published = (region === null || LARGE_REGIONS.has(region) ? LARGE : OTHER)[operation];
  return { bucket: Math.max(1, published.bucket * fraction), refillPerSecond: published.refillPerSecond * fraction };
}

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  status: string;
  /** The execution's input exactly as AWS holds it (never redacted); null when not included. */
  input: string | null;
  startDate: number | null;
  stopDate: number | null;
  redriveCount: number;
  redriveStatus: 'REDRIVABLE' | 'NOT_REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN' | null;
  redriveStatusReason: string | null;
  mapRunArn: string | null;
}

export interface ActionClientOptions {
  quota: QuotaSettings;
  clock?: BucketClock;
  /** Our retries per request on throttling and transient failures (default 3: a person is waiting). */
  maxRetries?: number;
  baseBackoffMs?: number;
  env?: Readonly<Record<string, string | undefined>>;
  requestTimeoutMs?: number;
}

export class ActionClient {
  readonly source: SourceConfig;
  readonly target: string;
  private readonly quota: QuotaSettings;
  private readonly clock: BucketClock;
  private readonly maxRetries: number;
  private readonly baseBackoffMs: number;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly requestTimeoutMs: number;
  private readonly buckets = new Map<ActionOperation, TokenBucket>();
  private client: Promise<SFNClient> | null = null;
  /** Requests sent per operation (retries included), for tests and the log. */
  readonly calls = new Map<ActionOperation, number>();

  constructor(source: SourceConfig, options: ActionClientOptions) {
    this.source = source;
    this.quota = options.quota;
    this.clock = options.clock ?? realClock;
    this.maxRetries = options.maxRetries ?? 3;
    this.baseBackoffMs = options.baseBackoffMs ?? 200;
    this.env = options.env ?? process.env;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.target = source.kind === 'endpoint' ? source.endpoint : `AWS ${source.region}`;
  }

  /** The bucket of one operation (created on first use). */
  bucket(operation: ActionOperation): TokenBucket {
    let bucket = this.buckets.get(operation);
    if (!bucket) {
      const figures = actionBucket(operation, this.source.kind === 'aws' ? this.source.region : null, this.quota.fraction);
      bucket = new TokenBucket({ capacity: figures.bucket, refillPerSecond: figures.refillPerSecond, clock: this.clock });
      this.buckets.set(operation, bucket);
    }
    return bucket;
  }

  async stopExecution(request: { executionArn: string; error?: string; cause?: string }): Promise<{ stopDate: number | null }> {
    const { StopExecutionCommand } = await import('@aws-sdk/client-sfn');
    const out = await this.send('StopExecution', (c) => c.send(new StopExecutionCommand(request)));
    return { stopDate: ms(out.stopDate) };
  }

  /** `clientToken` makes a retried request the same redrive (AWS and the emulator honour it). */
  async redriveExecution(request: { executionArn: string; clientToken: string }): Promise<{ redriveDate: number | null }> {
    const { RedriveExecutionCommand } = await import('@aws-sdk/client-sfn');
    const out = await this.send('RedriveExecution', (c) => c.send(new RedriveExecutionCommand(request)));
    return { redriveDate: ms(out.redriveDate) };
  }

  /** With a `name`, a retried request is the same start (AWS: same name and input while running → the same execution). */
  async startExecution(request: { stateMachineArn: string; name: string; input: string }): Promise<{ executionArn: string; startDate: number | null }> {
    const { StartExecutionCommand } = await import('@aws-sdk/client-sfn');
    const out = await this.send('StartExecution', (c) => c.send(new StartExecutionCommand(request)));
    return { executionArn: out.executionArn ?? '', startDate: ms(out.startDate) };
  }

  async describeExecution(executionArn: string): Promise<ExecutionDescription> {
    const { DescribeExecutionCommand } = await import('@aws-sdk/client-sfn');
    const out = await this.send('DescribeExecution', (c) => c.send(new DescribeExecutionCommand({ executionArn })));
    const redriveStatus = out.redriveStatus === 'REDRIVABLE' || out.redriveStatus === 'NOT_REDRIVABLE' || out.redriveStatus === 'REDRIVABLE_BY_MAP_RUN' ? out.redriveStatus : null;
    return {
      executionArn: out.executionArn ?? executionArn,
      stateMachineArn: out.stateMachineArn ?? '',
      status: out.status ?? 'RUNNING',
      input: out.input ?? null,
      startDate: ms(out.startDate),
      stopDate: ms(out.stopDate),
      redriveCount: out.redriveCount ?? 0,
      redriveStatus,
      redriveStatusReason: out.redriveStatusReason ?? null,
      mapRunArn: out.mapRunArn ?? null,
    };
  }

  /** ACTIVE | DELETING, or DELETED when AWS answers StateMachineDoesNotExist. */
  async stateMachineStatus(stateMachineArn: string): Promise<string> {
    const { DescribeStateMachineCommand } = await import('@aws-sdk/client-sfn');
    try {
      const out = await this.send('DescribeStateMachine', (c) => c.send(new DescribeStateMachineCommand({ stateMachineArn })));
      return out.status ?? 'ACTIVE';
    } catch (error) {
      if (error instanceof AwsError && error.code === 'StateMachineDoesNotExist') return 'DELETED';
      throw error;
    }
  }

  async close(): Promise<void> {
    const client = await this.client?.catch(() => null);
    client?.destroy();
    this.client = null;
  }

  /** Token, request, classify; retries throttles and transient failures with backoff. */
  private async send<T>(operation: ActionOperation, request: (client: SFNClient) => Promise<T>): Promise<T> {
    this.client ??= this.createClient();
    const client = await this.client;
    const bucket = this.bucket(operation);
    for (let attempt = 0; ; attempt++) {
      await bucket.take();
      this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
      try {
        return await request(client);
      } catch (raw) {
        const error = mapAwsError(raw, { operation, target: this.target, region: this.source.region });
        if (error.kind === 'throttled') bucket.onThrottle();
        if (!error.retryable || attempt >= this.maxRetries) throw error;
        const backoff = Math.min(5_000, this.baseBackoffMs * 2 ** attempt);
        await this.clock.sleep(backoff / 2 + Math.random() * (backoff / 2));
      }
    }
  }

  private async createClient(): Promise<SFNClient> {
    suppressSdkNodeVersionWarning();
    const { SFNClient } = await import('@aws-sdk/client-sfn');
    const source = this.source;
    const config: Record<string, unknown> = {
      region: source.region,
      // Our loop retries; the SDK's would spend requests outside the token bucket.
      maxAttempts: 1,
      requestHandler: { requestTimeout: this.requestTimeoutMs, connectionTimeout: 5_000 },
    };
    if (source.kind === 'aws') {
      if (source.profile) config.profile = source.profile;
    } else {
      config.endpoint = source.endpoint;
      if (source.credentials) config.credentials = source.credentials;
      else if (!this.env.AWS_ACCESS_KEY_ID) config.credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
    }
    return new SFNClient(config);
  }
}

function ms(date: Date | undefined): number | null {
  return date instanceof Date && Number.isFinite(date.getTime()) ? date.getTime() : null;
}
