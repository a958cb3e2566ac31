// Realistic execution inputs and names for each demo workflow, drawn from a seeded stream.
// Names are unique within one generator run (a sequence number is part of each) and use only
// [0-9A-Za-z-_], which CloudWatch logging and metrics need (sfn-facts.md §2.1).
import type { Rng } from './prng.ts';
import { EXPENSE_APPROVAL, IOT_INGESTION, IOT_INGESTION_STANDARD, MEDIA_PIPELINE, ORDER_FULFILMENT, SALES_ETL } from './workflows/index.ts';

export interface GeneratedStart {
  name: string;
  input: Record<string, unknown>;
}

export interface InputContext {
  rng: Rng;
  /** 1, 2, 3… per workflow. */
  seq: number;
  /** Emulated now, epoch ms (timestamps inside inputs). */
  now: number;
}

export type InputGenerator = (ctx: InputContext) => GeneratedStart;

const FIRST_NAMES = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Emeka', 'Fatima', 'Giulia', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam'] as const;
const LAST_NAMES = ['Silva', 'Meyer', 'Dubois', 'Ivanov', 'Okafor', 'Haddad', 'Rossi', 'Sato', 'García', 'Berg', 'Iyer', 'Walsh'] as const;
const CATALOGUE = [
  { sku: 'KB-2201', name: 'Mechanical keyboard', unitPrice: 129.0 },
  { sku: 'MS-0410', name: 'Wireless mouse', unitPrice: 39.9 },
  { sku: 'MN-2740', name: '27" 4K monitor', unitPrice: 349.0 },
  { sku: 'HS-1180', name: 'Noise-cancelling headset', unitPrice: 189.5 },
  { sku: 'CB-0032', name: 'USB-C cable 2 m', unitPrice: 12.99 },
  { sku: 'DK-5500', name: 'Docking station', unitPrice: 219.0 },
  { sku: 'WC-0900', name: '1080p webcam', unitPrice: 74.95 },
] as const;
const ADDRESSES = [
  { city: 'Berlin', postalCode: '10115', country: 'DE' },
  { city: 'Lyon', postalCode: '69002', country: 'FR' },
  { city: 'Columbus', postalCode: '43215', country: 'US' },
  { city: 'Manchester', postalCode: 'M1 1AE', country: 'GB' },
  { city: 'Utrecht', postalCode: '3511 LX', country: 'NL' },
] as const;
const CURRENCY: Record<string, string> = { DE: 'EUR', FR: 'EUR', NL: 'EUR', US: 'USD', GB: 'GBP' };
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'Support'] as const;
const EXPENSE_CATEGORIES = ['Travel', 'Meals', 'Software', 'Conference', 'Equipment'] as const;
const SITES = ['rtm', 'lys', 'cmh', 'pnq', 'osl'] as const;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export const orderInput: InputGenerator = ({ rng, seq, now }) => {
  const orderNo = 100_000 + seq;
  const address = rng.pick(ADDRESSES);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const lines = rng.int(1, 4);
  const items = Array.from({ length: lines }, () => {
    const product = rng.pick(CATALOGUE);
    return { sku: product.sku, name: product.name, quantity: rng.chance(0.8) ? 1 : rng.int(2, 5), unitPrice: product.unitPrice };
  });
  return {
    name: `order-${orderNo}-${rng.hex(6)}`,
    input: {
      orderId: `ORD-${orderNo}`,
      createdAt: iso(now),
      customer: {
        id: `cus_${rng.hex(14)}`,
        email: `${first.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${last.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@example.com`,
        tier: rng.pick(['standard', 'standard', 'standard', 'plus', 'business']),
      },
      items,
      currency: CURRENCY[address.country] ?? 'EUR',
      paymentMethod: { type: 'card', brand: rng.pick(['visa', 'mastercard', 'amex']), last4: pad(rng.int(0, 9999), 4) },
      shippingAddress: { name: `${first} ${last}`, line1: `${rng.int(1, 220)} ${rng.pick(['Market St', 'Hauptstraße', 'Rue de la République', 'High Street'])}`, ...address },
    },
  };
};

export const etlInput: InputGenerator = ({ rng, seq, now }) => {
  const day = iso(now).slice(0, 10);
  const batchId = `sales-${day.replace(/-/g, '')}-${pad(seq, 4)}`;
  return {
    name: `${batchId}-${rng.hex(6)}`,
    input: {
      batchId,
      source: { bucket: 'acme-sales-exports', prefix: `exports/${day.replace(/-/g, '/')}/batch-${pad(seq, 4)}/` },
      recordCount: rng.int(12, 40),
      partitionCount: rng.int(4, 16),
      target: { cluster: 'analytics-prod', schema: 'sales', table: 'sales_fact' },
    },
  };
};

export const approvalInput: InputGenerator = ({ rng, seq, now }) => {
  const expenseNo = 5_000 + seq;
  const category = rng.pick(EXPENSE_CATEGORIES);
  // Mostly small claims, a long tail of large ones (which go to the finance director).
  const amount = round2(Math.min(9_500, rng.logNormal(180, 1.0)));
  return {
    name: `expense-${expenseNo}-${rng.hex(6)}`,
    input: {
      expenseId: `EXP-${expenseNo}`,
      employee: { id: `emp-${pad(rng.int(1, 950), 4)}`, name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, department: rng.pick(DEPARTMENTS) },
      amount,
      currency: 'EUR',
      category,
      submittedAt: iso(now),
      // Payouts are batched: some windows open before the approval lands, some after.
      payoutNotBefore: iso(now + rng.int(2, 30) * 60_000),
    },
  };
};

export const mediaInput: InputGenerator = ({ rng, seq }) => {
  const kind = rng.pick(['image/jpeg', 'image/jpeg', 'image/png', 'video/mp4', 'video/quicktime'] as const);
  const ext = { 'image/jpeg': 'jpg', 'image/png': 'png', 'video/mp4': 'mp4', 'video/quicktime': 'mov' }[kind];
  const assetId = `ast_${rng.hex(16)}`;
  const user = `u${rng.int(10_000, 99_999)}`;
  return {
    name: `asset-${pad(seq, 6)}-${assetId.slice(4, 12)}`,
    input: {
      assetId,
      bucket: 'acme-media-uploads',
      key: `uploads/${user}/${rng.hex(8)}.${ext}`,
      contentType: kind,
      sizeBytes: Math.round(kind.startsWith('video/') ? rng.logNormal(80e6, 1.0) : rng.logNormal(2.5e6, 0.7)),
      uploadedBy: user,
    },
  };
};

/** A fleet of devices; a few run hot, some have weak batteries, and 1 % of messages are malformed. */
export function iotInput(prefix: string): InputGenerator {
  return ({ rng, seq, now }) => {
    const site = rng.pick(SITES);
    const deviceId = `sensor-${site}-${pad(rng.int(1, 60), 3)}`;
    const hot = rng.chance(0.03);
    const battery = rng.chance(0.05) ? rng.int(3, 14) : rng.int(15, 100);
    const count = rng.int(1, 10);
    const readings = Array.from({ length: count }, (_v, i) => ({
      ts: iso(now - (count - 1 - i) * 10_000),
      temperatureC: round2(hot ? 45 + rng.next() * 25 : 21 + rng.normal() * 3),
      humidityPct: round2(Math.max(5, Math.min(99, 45 + rng.normal() * 12))),
      batteryPct: battery,
    }));
    const input: Record<string, unknown> = { deviceId, firmware: rng.pick(['2.4.1', '2.4.1', '2.5.0-rc2']), receivedAt: iso(now), readings };
    if (rng.chance(0.01)) {
      if (rng.chance(0.5)) delete input.deviceId;
      else input.readings = [];
    }
    return { name: `${prefix}-${pad(seq, 7)}-${rng.hex(6)}`, input };
  };
}

export const INPUT_GENERATORS: Record<string, InputGenerator> = {
  [ORDER_FULFILMENT]: orderInput,
  [SALES_ETL]: etlInput,
  [EXPENSE_APPROVAL]: approvalInput,
  [MEDIA_PIPELINE]: mediaInput,
  [IOT_INGESTION]: iotInput('telemetry'),
  [IOT_INGESTION_STANDARD]: iotInput('telemetry-std'),
};
