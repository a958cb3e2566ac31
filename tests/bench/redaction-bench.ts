// Redaction cost (README "Redaction", Benchmarks): the default rules plus two paths applied to a
// 25,000-event history (the AWS limit) whose every payload field carries ~1 KB of JSON with
// secrets under matching keys, as the detail, events and diff readers do once per stored version
// in mode "display" (and ingest once per event in mode "store"). Baselines, same run: analysing
// the same events, and JSON.parse of every payload (the least any redaction that looks inside
// the payloads must do).
//   TZ=UTC npx tsx tests/bench/redaction-bench.ts
import { analyzeExecution, compileRedactionRules, parseHistory, PAYLOAD_DETAIL_FIELDS, redactEvents, type HistoryEvent } from '../../lib/history/index.ts';
import { generateHistory } from './generate-history.ts';

export interface RedactionBenchResult {
  events: number;
  payloadBytes: number;
  redactMs: number;
  changedEvents: number;
  analyzeMs: number;
  parseMs: number;
}

function medianOf(run: () => unknown, samples: number, warmups = 1): number {
  for (let i = 0; i < warmups; i++) run();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return times[times.length >> 1] as number;
}

function payload(i: number): string {
  return JSON.stringify({
    orderId: `ORD-${i}`,
    createdAt: '2026-12-03T12:00:00Z',
    customer: { id: `cus_${i}`, email: `user${i}@example.com`, name: 'Ann Example', tier: 'gold' },
    password: `pw-${i}`,
    auth: { accessToken: `tok-${i}`, scope: 'orders:write' },
    items: Array.from({ length: 6 }, (_, k) => ({ sku: `SKU-${k}`, quantity: k + 1, unitPrice: 12.5, card: { last4: '4242' }, note: 'gift wrap, ribbon: red' })),
    shipping: { line1: '1 High Street', city: 'London', postcode: 'N1 1AA', country: 'GB' },
  });
}

export function runRedactionBench(): RedactionBenchResult {
  const wire = generateHistory({ seed: 1 }).events;
  const events: HistoryEvent[] = parseHistory(JSON.stringify({ events: wire })).events.map((event, i) => {
    const details = { ...event.details };
    for (const field of PAYLOAD_DETAIL_FIELDS) if (field in details && field !== 'cause') details[field] = payload(i);
    return { ...event, details, raw: null };
  });
  const payloadBytes = events.reduce((sum, e) => sum + PAYLOAD_DETAIL_FIELDS.reduce((s, f) => s + (typeof e.details[f] === 'string' ? (e.details[f] as string).length : 0), 0), 0);
  const rules = compileRedactionRules({ paths: ['$.customer.email', '$.items[*].card'] });
  const changedEvents = redactEvents(events, rules).filter((e, i) => e !== events[i]).length;
  return {
    events: events.length,
    payloadBytes,
    redactMs: medianOf(() => redactEvents(events, rules), 5),
    changedEvents,
    analyzeMs: medianOf(() => analyzeExecution(events), 5),
    parseMs: medianOf(() => {
      for (const e of events) for (const f of PAYLOAD_DETAIL_FIELDS) if (typeof e.details[f] === 'string') JSON.parse(e.details[f] as string);
    }, 5),
  };
}

export function formatRedactionBench(r: RedactionBenchResult): string[] {
  const ms = (n: number) => `${n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 1 : 0 })} ms`;
  return [
    `redaction of a ${r.events.toLocaleString('en-US')}-event history, ${(r.payloadBytes / 1_048_576).toFixed(1)} MB of payloads (default keys + 2 paths; ${r.changedEvents.toLocaleString('en-US')} events changed)`,
    `  redactEvents ${ms(r.redactMs)} (${((r.payloadBytes / 1_048_576) / (r.redactMs / 1000)).toFixed(0)} MB/s) · baselines (same run): analyzeExecution ${ms(r.analyzeMs)} · JSON.parse of every payload ${ms(r.parseMs)} (${(r.redactMs / r.parseMs).toFixed(1)}×)`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of formatRedactionBench(runRedactionBench())) console.log(line);
}
