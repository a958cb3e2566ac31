// The demo's simulated Lambda functions: how long each takes, how often and how it fails, and
// what it returns. Rates are per call (each retry attempt is a fresh call); the figures are the
// "advertised mix" the unit tests check statistically.
import type { LambdaRuntime } from './aws-shapes.ts';
import { FN, type DemoFunctionName } from './functions.ts';
import { hash32, type Rng } from './prng.ts';

export interface FailureMode {
  /** errorType the function throws (a Lambda function error). */
  error: string;
  /** Probability per call. */
  rate: number;
  message(event: Event, rng: Rng): string;
  /**
   * 'runtime': the runtime itself died (out of memory, crash), so Lambda writes a bare
   * {errorType, errorMessage} with no stack. Default: the function threw.
   */
  origin?: 'runtime';
}

export interface LatencyProfile {
  /** Median duration of a warm call. */
  medianMs: number;
  /** Log-normal spread: 0.3 is tight, 0.8 is a noisy downstream dependency. */
  sigma: number;
}

export interface SimulatedFunction {
  name: DemoFunctionName;
  runtime: LambdaRuntime;
  latency: LatencyProfile;
  failures: FailureMode[];
  respond(event: Event, rng: Rng): unknown;
}

export type Event = Record<string, unknown>;

/**
 * Lambda itself throttling the invoke (account concurrency), on every function: the error the
 * standard Workflow Studio retrier exists for. Decided before the function "runs".
 */
export const LAMBDA_THROTTLE_RATE = 0.005;
/** A cold start adds an init phase of 200–900 ms. */
export const COLD_START_RATE = 0.03;
/** A slow downstream dependency multiplies a call's duration by 4–12: the long tail. */
export const SLOW_CALL_RATE = 0.01;
/** No simulated call runs longer than Lambda's 15-minute limit. */
export const MAX_LATENCY_MS = 900_000;

function field(event: Event, key: string): unknown {
  return event[key];
}
function str(event: Event, key: string, fallback = ''): string {
  const v = field(event, key);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}
function num(event: Event, key: string, fallback = 0): number {
  const v = field(event, key);
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
function obj(value: unknown): Event {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Event) : {};
}
function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
function orderItems(order: Event): { sku: string; quantity: number; unitPrice: number }[] {
  return list(order.items).map((i) => {
    const item = obj(i);
    return { sku: str(item, 'sku', 'UNKNOWN'), quantity: num(item, 'quantity', 1), unitPrice: num(item, 'unitPrice') };
  });
}

const CARRIERS = ['UPS', 'DHL Express', 'FedEx', 'USPS', 'DPD'] as const;
const DECLINE_CODES = ['insufficient_funds', 'do_not_honor', 'expired_card', 'incorrect_cvc', 'card_velocity_exceeded'] as const;
const REVIEWERS = ['maria.gonzalez', 'tom.becker', 'aiko.tanaka', 'sam.okafor'] as const;
const SITES = ['plant-rotterdam', 'warehouse-lyon', 'dc-columbus', 'plant-pune', 'coldstore-oslo'] as const;

export const SIMULATED_FUNCTIONS: readonly SimulatedFunction[] = [
  {
    name: FN.validateOrder,
    runtime: 'nodejs20.x',
    latency: { medianMs: 120, sigma: 0.4 },
    failures: [
      {
        error: 'Order.InvalidOrder',
        rate: 0.02,
        message: (e, rng) => {
          const order = obj(e.order);
          const address = obj(order.shippingAddress);
          return rng.chance(0.5)
            ? `Address verification failed: no deliverable address matches '${str(address, 'line1')}, ${str(address, 'postalCode')} ${str(address, 'city')}'`
            : `SKU '${orderItems(order)[0]?.sku ?? 'UNKNOWN'}' has been discontinued`;
        },
      },
    ],
    respond: (e, rng) => {
      const order = obj(e.order);
      const total = round2(orderItems(order).reduce((sum, i) => sum + i.quantity * i.unitPrice, 0));
      return { orderId: str(order, 'orderId'), valid: true, total, riskScore: rng.int(1, 60) };
    },
  },
  {
    name: FN.reserveInventory,
    runtime: 'nodejs20.x',
    latency: { medianMs: 220, sigma: 0.5 },
    failures: [
      {
        error: 'Inventory.OutOfStock',
        rate: 0.03,
        message: (e, rng) => {
          const item = orderItems({ items: e.items })[0];
          return `Insufficient stock for SKU ${item?.sku ?? 'UNKNOWN'}: requested ${item?.quantity ?? 1}, available ${rng.int(0, (item?.quantity ?? 1) - 1)}`;
        },
      },
    ],
    respond: (_e, rng) => ({ reservationId: `rsv-${rng.hex(12)}`, warehouse: rng.pick(['FRA1', 'AMS2', 'CMH1', 'DUB3']), holdMinutes: 30 }),
  },
  {
    name: FN.chargeCard,
    runtime: 'nodejs20.x',
    latency: { medianMs: 450, sigma: 0.6 },
    failures: [
      // Throttling first: it is retried by the workflow, so it shows up as attempts, not failures.
      { error: 'Payment.Throttled', rate: 0.08, message: () => 'Payment provider rate limit exceeded (HTTP 429); retry after 2 seconds' },
      {
        error: 'Payment.Declined',
        rate: 0.05,
        message: (e, rng) => `Card ${str(obj(e.paymentMethod), 'brand', 'card')} ending ${str(obj(e.paymentMethod), 'last4', '0000')} was declined: ${rng.pick(DECLINE_CODES)}`,
      },
    ],
    respond: (e, rng) => ({
      chargeId: `ch_${rng.hex(24)}`,
      authorizationCode: rng.hex(6).toUpperCase(),
      status: 'captured',
      amount: num(e, 'amount'),
      currency: str(e, 'currency', 'EUR'),
    }),
  },
  {
    name: FN.createShipment,
    runtime: 'nodejs20.x',
    latency: { medianMs: 900, sigma: 0.7 },
    failures: [{ error: 'Shipping.CarrierUnavailable', rate: 0.03, message: (_e, rng) => `Carrier API ${rng.pick(CARRIERS)} returned 503 Service Unavailable` }],
    respond: (_e, rng) => ({
      trackingNumber: `1Z${rng.hex(16).toUpperCase()}`,
      carrier: rng.pick(CARRIERS),
      estimatedDeliveryDays: rng.int(1, 6),
      labelUrl: `https://labels.example.com/${rng.hex(20)}.pdf`,
    }),
  },
  {
    name: FN.releaseInventory,
    runtime: 'nodejs20.x',
    latency: { medianMs: 150, sigma: 0.4 },
    failures: [],
    respond: (e) => ({ released: true, reservationId: e.reservationId ?? null }),
  },
  {
    name: FN.refundPayment,
    runtime: 'nodejs20.x',
    latency: { medianMs: 500, sigma: 0.5 },
    failures: [],
    respond: (e, rng) => ({ refundId: `re_${rng.hex(24)}`, chargeId: e.chargeId ?? null, status: 'succeeded' }),
  },
  {
    name: FN.etlExtract,
    runtime: 'nodejs20.x',
    latency: { medianMs: 2500, sigma: 0.5 },
    failures: [{ error: 'Extract.SourceUnavailable', rate: 0.02, message: (e) => `s3://${str(obj(e.source), 'bucket')}/${str(obj(e.source), 'prefix')} is not readable yet (export still running)` }],
    respond: (e, rng) => {
      const batchId = str(e, 'batchId');
      const regions = ['eu-west', 'eu-central', 'us-east', 'ap-south'];
      const records = Array.from({ length: Math.max(1, Math.min(60, num(e, 'recordCount', 20))) }, (_v, i) => ({
        lineId: `${batchId}-${String(i).padStart(4, '0')}`,
        sku: `SKU-${rng.int(1000, 9999)}`,
        quantity: rng.int(1, 12),
        amount_cents: rng.int(199, 49_999),
        region: rng.pick(regions),
      }));
      const partitions = Array.from({ length: Math.max(1, Math.min(40, num(e, 'partitionCount', 8))) }, (_v, i) => ({
        key: `region=${regions[i % regions.length] ?? 'eu-west'}/part-${String(i).padStart(5, '0')}`,
        rows: rng.int(5_000, 250_000),
      }));
      return { batchId, source: e.source ?? null, target: e.target ?? null, records, partitions };
    },
  },
  {
    name: FN.etlTransform,
    runtime: 'python3.12',
    latency: { medianMs: 140, sigma: 0.5 },
    failures: [
      {
        error: 'SchemaMismatchError',
        rate: 0.04,
        message: (e, rng) =>
          `Record ${str(obj(e.record), 'lineId')}: field '${rng.pick(['amount_cents', 'quantity', 'sku'])}' does not match schema sales_v3 (got ${rng.pick(["str '12,50'", 'null', "float 1.5"])})`,
      },
      // Rare, uncaught: fails the inline Map and aborts its sibling iterations.
      { error: 'Runtime.ExitError', rate: 0.004, origin: 'runtime', message: (_e, rng) => `RequestId: ${rng.uuid()} Error: Runtime exited with error: signal: killed` },
    ],
    respond: (e) => {
      const record = obj(e.record);
      return { status: 'OK', lineId: str(record, 'lineId'), sku: str(record, 'sku'), quantity: num(record, 'quantity'), amount: num(record, 'amount_cents') / 100, region: str(record, 'region').toUpperCase() };
    },
  },
  {
    name: FN.etlLoad,
    runtime: 'python3.12',
    latency: { medianMs: 3000, sigma: 0.6 },
    failures: [
      { error: 'ConnectionResetError', rate: 0.06, message: () => '[Errno 104] Connection reset by peer' },
      { error: 'IntegrityError', rate: 0.01, message: (e) => `duplicate key value violates unique constraint "sales_fact_pkey" (partition ${str(obj(e.partition), 'key')})` },
    ],
    respond: (e, rng) => {
      const partition = obj(e.partition);
      return { partition: str(partition, 'key'), rowsWritten: num(partition, 'rows'), warehouseMs: rng.int(800, 9000) };
    },
  },
  {
    name: FN.approvalCreate,
    runtime: 'nodejs20.x',
    latency: { medianMs: 180, sigma: 0.4 },
    failures: [],
    respond: (e, rng) => {
      const amount = num(obj(e.expense), 'amount');
      return {
        requestId: `apr-${rng.hex(10)}`,
        approver: amount > 2000 ? 'finance-director' : rng.pick(REVIEWERS),
        // How long the approver has before the request escalates (the task's TimeoutSeconds).
        reviewWindowSeconds: rng.pick([300, 600, 900]),
      };
    },
  },
  {
    name: FN.schedulePayout,
    runtime: 'nodejs20.x',
    latency: { medianMs: 300, sigma: 0.4 },
    failures: [],
    respond: (_e, rng) => ({ payoutId: `po-${rng.hex(10)}`, scheduledFor: 'NEXT_PAYROLL_RUN' }),
  },
  {
    name: FN.thumbnails,
    runtime: 'nodejs20.x',
    latency: { medianMs: 1800, sigma: 0.5 },
    failures: [{ error: 'UnsupportedMediaError', rate: 0.015, message: (e) => `Cannot decode ${str(e, 'key')}: unsupported or corrupt ${str(e, 'contentType')} stream` }],
    respond: (e) => ({
      thumbnails: list(obj(e).sizes).map((size) => ({ size, key: `thumbnails/${str(e, 'assetId')}/${String(size)}.webp` })),
    }),
  },
  {
    name: FN.metadata,
    runtime: 'python3.12',
    latency: { medianMs: 600, sigma: 0.5 },
    failures: [],
    respond: (e, rng) => {
      const video = str(e, 'contentType').startsWith('video/');
      return {
        width: rng.pick([1280, 1920, 3840]),
        height: rng.pick([720, 1080, 2160]),
        durationSeconds: video ? rng.int(5, 900) : 0,
        codec: video ? rng.pick(['h264', 'hevc', 'vp9']) : 'n/a',
        exif: !video,
      };
    },
  },
  {
    name: FN.virusScan,
    runtime: 'nodejs20.x',
    latency: { medianMs: 2500, sigma: 0.6 },
    failures: [
      { error: 'VirusScan.EngineUnavailable', rate: 0.06, message: () => 'clamd is reloading its signature database; try again shortly' },
      { error: 'VirusScan.InfectedFileDetected', rate: 0.02, message: (e) => `Win.Test.EICAR_HDB-1 FOUND in s3://${str(e, 'bucket')}/${str(e, 'key')}` },
    ],
    respond: (_e, rng) => ({ verdict: 'CLEAN', engine: 'ClamAV 1.3.1', signatures: String(rng.int(27_300, 27_400)) }),
  },
  {
    name: FN.quarantine,
    runtime: 'nodejs20.x',
    latency: { medianMs: 350, sigma: 0.4 },
    failures: [],
    respond: (e) => ({ quarantinedKey: `quarantine/${str(e, 'assetId')}`, notified: 'security@example.com' }),
  },
  {
    name: FN.deviceRegistry,
    runtime: 'nodejs20.x',
    latency: { medianMs: 40, sigma: 0.5 },
    failures: [{ error: 'DeviceNotFound', rate: 0.01, message: (e) => `Device ${str(e, 'deviceId')} is not registered` }],
    // A registry answers the same for the same device: derive its fields from the id.
    respond: (e) => {
      const id = str(e, 'deviceId');
      const h = hash32(id);
      return { deviceId: id, site: SITES[h % SITES.length] ?? 'plant-rotterdam', alertThresholdC: [40, 45, 50][(h >>> 8) % 3] ?? 45, model: (h >>> 16) % 2 === 0 ? 'TH-200' : 'TH-300X' };
    },
  },
];
