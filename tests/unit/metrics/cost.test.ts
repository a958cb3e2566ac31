// The cost model (lib/metrics cost.ts, pricing.ts, compare.ts) against worked examples written from
// AWS's pricing page (https://aws.amazon.com/step-functions/pricing/) and reference/sfn-facts.md
// §4.1. Every expected value is worked out by hand in the comments, never by calling the code.
import { describe, expect, it } from 'vitest';
import {
  MINUTE_MS,
  PRICE_TABLE,
  billedDurationMs,
  billedMemoryMb,
  compareFigures,
  compareItem,
  compareItems,
  costEstimate,
  estimatedBillingDetails,
  expressDurationUsd,
  expressUsd,
  gbSeconds,
  regionPrices,
  standardUsd,
  stateTransitions,
  type CompareExecution,
  type CostInput,
} from '../../../lib/metrics/index.ts';

const US_EAST_1 = regionPrices('us-east-1').prices;
const TIERS = US_EAST_1.expressGbSecondTiers;

/** USD amounts equal to 1e-9 relative (float sums of products). */
function expectUsd(actual: number | null | undefined, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-9 + 1e-15);
}

describe('price table', () => {
  it('has the pricing page’s regional Standard prices and us-east-1’s Express rates', () => {
    // $0.025 per 1,000 transitions = $0.000025 each; Paris $0.0297, São Paulo $0.0375, GovCloud $0.0300.
    expectUsd(PRICE_TABLE['us-east-1']?.standardUsdPerTransition, 0.000025);
    expectUsd(PRICE_TABLE['eu-west-3']?.standardUsdPerTransition, 0.0000297);
    expectUsd(PRICE_TABLE['sa-east-1']?.standardUsdPerTransition, 0.0000375);
    expectUsd(PRICE_TABLE['us-gov-west-1']?.standardUsdPerTransition, 0.00003);
    expect(US_EAST_1.expressUsdPerRequest).toBe(0.000001);
    expect(TIERS).toEqual([
      { upToGbHours: 1000, usdPerGbSecond: 0.00001667 },
      { upToGbHours: 5000, usdPerGbSecond: 0.00000833 },
      { upToGbHours: null, usdPerGbSecond: 0.00000456 },
    ]);
  });

  it('prices a region it does not list as us-east-1 and says so', () => {
    expect(regionPrices('xx-nowhere-9')).toEqual({ prices: PRICE_TABLE['us-east-1'], listed: false });
    expect(regionPrices('')).toMatchObject({ listed: false });
    expect(regionPrices('eu-west-3')).toMatchObject({ listed: true, prices: { region: 'eu-west-3' } });
  });
});

describe('Standard: state transitions × price', () => {
  it('counts one transition per run plus each retry, and a redriven state again', () => {
    // Validate (1 attempt), Charge (3 attempts: 2 retries, then FAILED); redrive: Charge again
    // (1 attempt), Ship (1), Done (a Succeed state: 0 attempts).
    // runs 5 + retries 2 = 7 transitions.
    const runs = [{ attempts: 1 }, { attempts: 3 }, { attempts: 1 }, { attempts: 1 }, { attempts: 0 }];
    expect(stateTransitions(runs)).toBe(7);
    expect(stateTransitions([])).toBe(0);
    // us-east-1: 7 × $0.000025 = $0.000175; a million such executions: 7,000,000 × $0.000025 = $175.
    expectUsd(standardUsd(7, US_EAST_1), 0.000175);
    expectUsd(standardUsd(7_000_000, US_EAST_1), 175);
    // Paris: 7 × $0.0000297 = $0.0002079.
    expectUsd(standardUsd(7, regionPrices('eu-west-3').prices), 0.0002079);
  });

  it('prices a window of Standard executions with retries, and its Express what-if', () => {
    // 1,000 executions of the workflow above, all derived: 7,000 transitions, 7 per execution.
    // perExecution 7 × $0.000025 = $0.000175; perMillion $175; window 1,000 × $0.000175 = $0.175.
    // As Express, each lasting 1,234 ms → billed 1,300 ms × 64 MB:
    //   GB-s = 1.3 s × 64/1024 GB = 0.08125; perExecution $0.000001 + 0.08125 × $0.00001667
    //        = $0.000001 + $0.0000013544375 = $0.0000023544375;
    //   perMillion: 81,250 GB-s (22.6 GB-h, first tier) → $1 + $1.3544375 = $2.3544375;
    //   window: 1,000 requests $0.001 + 81.25 GB-s × $0.00001667 = $0.0013544375 → $0.0023544375.
    // Break-even: Express costs $0.000175 at (0.000175 − 0.000001) / (0.0625 × 0.00001667) s
    //   = 0.000174 / 0.000001041875 = 167.0068... s; Standard costs $0.0000023544375 at
    //   0.0000023544375 / 0.000025 = 0.0941775 transitions.
    const input: CostInput = {
      type: 'STANDARD',
      region: 'us-east-1',
      executions: 1000,
      transitions: { executions: 1000, total: 7000, partialExecutions: 0 },
      billing: { executions: 1000, billedMs: 1_300_000, billedMbMs: 1_300_000 * 64, billingDetailsExecutions: 0, overExpressLimit: 0 },
    };
    const { cost, whatIf } = costEstimate(input);
    expectUsd(cost.perExecutionUsd, 0.000175);
    expectUsd(cost.perMillionUsd, 175);
    expectUsd(cost.windowUsd, 0.175);
    expect(whatIf.type).toBe('EXPRESS');
    expectUsd(whatIf.perExecutionUsd, 0.0000023544375);
    expectUsd(whatIf.perMillionUsd, 2.3544375);
    expectUsd(whatIf.windowUsd, 0.0023544375);
    expect(whatIf.breakEven.durationMs).toBeCloseTo(167_006.8, 0);
    expectUsd(whatIf.breakEven.transitionsPerExecution, 0.0941775);
    expect(cost.assumptions).toMatchObject({
      region: 'us-east-1',
      regionListed: true,
      pricesSource: 'https://aws.amazon.com/step-functions/pricing/',
      freeTierDeducted: false,
      billing: 'estimate',
      memoryEstimateMb: 64,
      durationStepMs: 100,
      memoryChunkMb: 64,
      transitionsKnownExecutions: 1000,
    });
  });

  it('counts executions not derived yet at the mean, and leaves unknown figures null', () => {
    // 10 executions, 4 derived with 24 transitions in all: 6 each → window 10 × 6 × $0.000025 = $0.0015.
    const input: CostInput = {
      type: 'STANDARD',
      region: 'us-east-1',
      executions: 10,
      transitions: { executions: 4, total: 24, partialExecutions: 0 },
      billing: { executions: 0, billedMs: 0, billedMbMs: 0, billingDetailsExecutions: 0, overExpressLimit: 0 },
    };
    const { cost, whatIf } = costEstimate(input);
    expectUsd(cost.perExecutionUsd, 0.00015);
    expectUsd(cost.windowUsd, 0.0015);
    expect(whatIf).toMatchObject({ type: 'EXPRESS', perExecutionUsd: null, perMillionUsd: null, windowUsd: null });
    expect(whatIf.breakEven.transitionsPerExecution).toBeNull();
    // Break-even duration at 64 MB: (0.00015 − 0.000001) / 0.000001041875 s = 143.0114... s.
    expect(whatIf.breakEven.durationMs).toBeCloseTo(143_011.4, 0);
    const none = costEstimate({ ...input, transitions: { executions: 0, total: 0, partialExecutions: 0 } });
    expect(none.cost).toMatchObject({ perExecutionUsd: null, perMillionUsd: null, windowUsd: null });
    expect(none.whatIf.breakEven).toEqual({ durationMs: null, transitionsPerExecution: null });
  });
});

describe('Express: requests + duration × memory', () => {
  it('rounds duration up to 100 ms (at least 100 ms) and memory up to 64 MB chunks', () => {
    expect([0, 1, 37, 100, 101, 199, 200, 1234, 2000].map(billedDurationMs)).toEqual([100, 100, 100, 100, 200, 200, 200, 1300, 2000]);
    expect([0, 1, 50, 64, 65, 128, 129].map(billedMemoryMb)).toEqual([64, 64, 64, 64, 128, 128, 192]);
    expect(estimatedBillingDetails(37)).toEqual({ billedDurationInMilliseconds: 100, billedMemoryUsedInMB: 64 });
    expect(() => billedDurationMs(-1)).toThrow(RangeError);
  });

  it('prices one execution at 100 ms / 64 MB (the minimum AWS bills)', () => {
    // 0.1 s × 64/1024 GB = 0.00625 GB-s; × $0.00001667 = $0.0000001041875; + $0.000001 request
    // = $0.0000011041875 per execution.
    expect(gbSeconds(100 * 64)).toBe(0.00625);
    expectUsd(expressUsd(1, 0.00625, US_EAST_1), 0.0000011041875);
    // A million of them: 6,250 GB-s = 1.74 GB-h (first tier): $1 + $0.1041875 = $1.1041875.
    expectUsd(expressUsd(1_000_000, 6250, US_EAST_1), 1.1041875);
    const input: CostInput = {
      type: 'EXPRESS',
      region: 'us-east-1',
      executions: 3,
      transitions: { executions: 3, total: 6, partialExecutions: 0 },
      billing: { executions: 3, billedMs: 300, billedMbMs: 300 * 64, billingDetailsExecutions: 3, overExpressLimit: 0 },
    };
    const { cost, whatIf } = costEstimate(input);
    expectUsd(cost.perExecutionUsd, 0.0000011041875);
    expectUsd(cost.perMillionUsd, 1.1041875);
    // 3 requests $0.000003 + 0.01875 GB-s × $0.00001667 = $0.0000003125625 → $0.0000033125625.
    expectUsd(cost.windowUsd, 0.0000033125625);
    expect(cost.assumptions.billing).toBe('billingDetails');
    // As Standard: 2 transitions each, $0.00005; a million $50; the window $0.00015.
    expect(whatIf.type).toBe('STANDARD');
    expectUsd(whatIf.perExecutionUsd, 0.00005);
    expectUsd(whatIf.perMillionUsd, 50);
    expectUsd(whatIf.windowUsd, 0.00015);
  });

  it('prices GB-seconds crossing GB-hour tiers piecewise (AWS’s pricing example: 100M × 10 s × 64 MB)', () => {
    // 100,000,000 × 10 s × 64/1024 GB = 62,500,000 GB-s = 17,361.11 GB-h:
    //   first 1,000 GB-h  = 3,600,000 GB-s  × $0.00001667 = $60.012
    //   next 4,000 GB-h   = 14,400,000 GB-s × $0.00000833 = $119.952
    //   beyond 5,000 GB-h = 44,500,000 GB-s × $0.00000456 = $202.92
    //   duration $382.884; requests 100M × $0.000001 = $100; total $482.884.
    // (The page's example rounds the rates to $0.06000 / $0.03000 / $0.01642 per GB-hour and gets
    // $382.97 and $482.97; the per-GB-second rates are the table's.)
    expectUsd(expressDurationUsd(62_500_000, TIERS), 382.884);
    expectUsd(expressUsd(100_000_000, 62_500_000, US_EAST_1), 482.884);
    // Just across the first boundary: 3,600,100 GB-s = 3,600,000 × $0.00001667 + 100 × $0.00000833
    // = $60.012 + $0.000833 = $60.012833.
    expectUsd(expressDurationUsd(3_600_100, TIERS), 60.012833);
    // Exactly on it: $60.012; within the first tier: 1,000 GB-s × $0.00001667 = $0.01667.
    expectUsd(expressDurationUsd(3_600_000, TIERS), 60.012);
    expectUsd(expressDurationUsd(1000, TIERS), 0.01667);
    expect(expressDurationUsd(0, TIERS)).toBe(0);
  });

  it('prices a window that crosses a tier through the tiers, per execution at the first tier', () => {
    // 2,000,000 executions × 5 min × 64 MB in the window: 300 s × 0.0625 GB = 18.75 GB-s each,
    // 37,500,000 GB-s in all (10,416.67 GB-h):
    //   $60.012 + $119.952 + (37,500,000 − 18,000,000) × $0.00000456 = $88.92 → duration $268.884;
    //   requests $2 → window $270.884.
    // perExecution: $0.000001 + 18.75 × $0.00001667 = $0.000001 + $0.0003125625 = $0.0003135625.
    // perMillion: 18,750,000 GB-s (5,208.33 GB-h): $60.012 + $119.952 + 750,000 × $0.00000456
    //   = $60.012 + $119.952 + $3.42 = $183.384; + $1 = $184.384.
    const input: CostInput = {
      type: 'EXPRESS',
      region: 'us-east-1',
      executions: 2_000_000,
      transitions: { executions: 0, total: 0, partialExecutions: 0 },
      billing: { executions: 2_000_000, billedMs: 2_000_000 * 300_000, billedMbMs: 2_000_000 * 300_000 * 64, billingDetailsExecutions: 0, overExpressLimit: 0 },
    };
    const { cost, whatIf } = costEstimate(input);
    expectUsd(cost.windowUsd, 270.884);
    expectUsd(cost.perExecutionUsd, 0.0003135625);
    expectUsd(cost.perMillionUsd, 184.384);
    expect(whatIf).toMatchObject({ type: 'STANDARD', perExecutionUsd: null, windowUsd: null });
  });

  it('reproduces sfn-facts §4.1: 1M × 2 s × 64 MB ≈ $3.08 as Express vs $125 as Standard with 5 transitions', () => {
    // Express: 1,000,000 × 2 s × 0.0625 GB = 125,000 GB-s (34.7 GB-h, first tier) × $0.00001667
    //   = $2.08375; + $1 requests = $3.08375.
    // Standard: 5,000,000 transitions × $0.000025 = $125.
    // Break-even: Express costs Standard's $0.000125 at (0.000125 − 0.000001) / 0.000001041875 s
    //   = 119.0162 s; Standard costs Express's $0.00000308375 at 0.00000308375 / 0.000025 = 0.12335 transitions.
    const input: CostInput = {
      type: 'EXPRESS',
      region: 'us-east-1',
      executions: 1_000_000,
      transitions: { executions: 1_000_000, total: 5_000_000, partialExecutions: 0 },
      billing: { executions: 1_000_000, billedMs: 2_000_000_000, billedMbMs: 2_000_000_000 * 64, billingDetailsExecutions: 0, overExpressLimit: 0 },
    };
    const { cost, whatIf } = costEstimate(input);
    expectUsd(cost.windowUsd, 3.08375);
    expectUsd(cost.perMillionUsd, 3.08375);
    expectUsd(cost.perExecutionUsd, 0.00000308375);
    expect(whatIf.type).toBe('STANDARD');
    expectUsd(whatIf.windowUsd, 125);
    expectUsd(whatIf.perMillionUsd, 125);
    expect(whatIf.breakEven.durationMs).toBeCloseTo(119_016.2, 0);
    expectUsd(whatIf.breakEven.transitionsPerExecution, 0.12335);
  });

  it('states a region outside the table, partial histories and executions past Express’s limit', () => {
    const { cost } = costEstimate({
      type: 'STANDARD',
      region: 'mars-north-1',
      executions: 5,
      transitions: { executions: 5, total: 10, partialExecutions: 2 },
      billing: { executions: 4, billedMs: 4_000_000, billedMbMs: 256_000_000, billingDetailsExecutions: 1, overExpressLimit: 3 },
    });
    expect(cost.assumptions).toMatchObject({ region: 'mars-north-1', regionListed: false, pricesRegion: 'us-east-1', partialHistoryExecutions: 2, overExpressLimit: 3, billing: 'mixed' });
    const notes = cost.assumptions.notes.join('\n');
    expect(notes).toMatch(/mars-north-1 is not in the price table/);
    expect(notes).toMatch(/2 executions have partial histories/);
    expect(notes).toMatch(/3 executions ran longer than Express's 5-minute limit/);
    expect(notes).toMatch(/1 executions without a known duration/);
  });
});

describe('compareFigures / compareItem', () => {
  const T0 = Date.UTC(2024, 4, 1, 12);
  const window = { from: T0, to: T0 + 10 * MINUTE_MS };
  const executions: CompareExecution[] = [
    // 4 transitions (2 runs + 2 retries); billed 200 ms × 64 MB = 12,800 MB·ms
    { startDate: T0, status: 'SUCCEEDED', durationMs: 150, runs: [{ attempts: 1 }, { attempts: 3 }] },
    // 2 transitions; billed 1,000 ms × 64 MB = 64,000 MB·ms
    { startDate: T0 + 30_000, status: 'FAILED', durationMs: 1000, runs: [{ attempts: 1 }, { attempts: 0 }] },
    // running: 1 transition so far, no duration
    { startDate: new Date(T0 + 5 * MINUTE_MS), status: 'RUNNING', durationMs: null, runs: [{ attempts: 1 }] },
    // not derived yet; 400 s is past Express's 5-minute limit; billed 400,000 ms × 64 MB
    { startDate: T0 + 9 * MINUTE_MS, status: 'TIMED_OUT', durationMs: 400_000, runs: null, partial: true },
    // outside the window (half-open) and unknown start
    { startDate: T0 + 10 * MINUTE_MS, status: 'SUCCEEDED', durationMs: 5, runs: [] },
    { startDate: null, status: 'SUCCEEDED', durationMs: 5, runs: [] },
  ];

  it('computes the window’s figures by their definitions', () => {
    const figures = compareFigures(executions, window);
    expect(figures.counts).toEqual({ SUCCEEDED: 1, FAILED: 1, RUNNING: 1, TIMED_OUT: 1 });
    // Known durations 150, 1000, 400000: p50 = rank ⌈1.5⌉ = 2 → 1000; p95 = ⌈2.85⌉ = 3, p99 = 3 → 400000.
    expect(figures.durationMs).toEqual({ p50: 1000, p95: 400_000, p99: 400_000 });
    // 4 started over 10 minutes = 0.4/min; the first minute has 2.
    expect(figures.throughputPerMinute).toEqual({ mean: 0.4, peak: 2 });
    // Transitions of the 3 derived executions: 4 + 2 + 1 = 7 (the partial one is not derived).
    expect(figures.transitions).toEqual({ executions: 3, total: 7, partialExecutions: 0 });
    // Billed: 200 + 1,000 + 400,000 = 401,200 ms; × 64 MB = 25,676,800 MB·ms.
    expect(figures.billing).toEqual({ executions: 3, billedMs: 401_200, billedMbMs: 25_676_800, billingDetailsExecutions: 0, overExpressLimit: 1 });
    // Histogram buckets (edges 1, 2, 5, 10, …): 150 in [100, 200) = 7, 1000 in [1000, 2000) = 10,
    // 400000 in [200000, 500000) = 17.
    expect([...figures.histogram.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [7, 1],
      [10, 1],
      [17, 1],
    ]);
  });

  it('assembles the §2.6 item, and its what-if', () => {
    const item = compareItem({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders', type: 'STANDARD', region: 'us-east-1' }, compareFigures(executions, window));
    expect(item).toMatchObject({ type: 'STANDARD', executions: 4, succeeded: 1, failed: 2 });
    // 1 succeeded of 3 finished (the running one excluded).
    expect(item.successRate).toBeCloseTo(1 / 3, 12);
    expect(item.transitionsPerExecution).toBeCloseTo(7 / 3, 12);
    // 7/3 × $0.000025 = $0.0000583333…; window 4 × that = $0.000233333….
    expectUsd(item.cost.perExecutionUsd, (7 / 3) * 0.000025);
    expectUsd(item.cost.windowUsd, (28 / 3) * 0.000025);
    // As Express: mean billed 401,200 / 3 ms = 133.7333 s × 0.0625 GB = 8.358333 GB-s;
    // $0.000001 + 8.358333… × $0.00001667 = $0.000140333… (exactly 0.000001 + 25,676,800 / 3 / 1,024,000 × 0.00001667).
    expectUsd(item.whatIf.perExecutionUsd, 0.000001 + (25_676_800 / 3 / 1_024_000) * 0.00001667);
    expect(item.durationHistogram.map((b) => [b.index, b.count])).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17].map((i) => [i, [7, 10, 17].includes(i) ? 1 : 0]));
    expect(item.durationHistogram[0]).toEqual({ index: 7, fromMs: 100, toMs: 200, count: 1 });
  });

  it('aligns the machines’ histograms to one range for the overlay', () => {
    const a = compareFigures([{ startDate: T0, status: 'SUCCEEDED', durationMs: 3, runs: [] }], window);
    const b = compareFigures([{ startDate: T0, status: 'SUCCEEDED', durationMs: 30, runs: [] }], window);
    const empty = compareFigures([], window);
    const items = compareItems([
      { machine: { stateMachineArn: 'a', type: 'EXPRESS', region: 'us-east-1' }, figures: a },
      { machine: { stateMachineArn: 'b', type: 'STANDARD', region: 'us-east-1' }, figures: b },
      { machine: { stateMachineArn: 'c', type: 'STANDARD', region: 'us-east-1' }, figures: empty },
    ]);
    // 3 ms in [2, 5) = bucket 2; 30 ms in [20, 50) = bucket 5: buckets 2…5 for all three.
    expect(items.map((item) => item.durationHistogram.map((h) => h.count))).toEqual([
      [1, 0, 0, 0],
      [0, 0, 0, 1],
      [0, 0, 0, 0],
    ]);
    expect(items[2]).toMatchObject({ executions: 0, successRate: null, transitionsPerExecution: null, throughputPerMinute: { mean: 0, peak: 0 } });
  });
});
