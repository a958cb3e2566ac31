// The cost model of Standard and Express workflows (DESIGN.md §2.6; reference/sfn-facts.md §4.1),
// over the prices of pricing.ts. Pure; amounts in USD, durations in ms, memory in MB (1 GB = 1,024 MB).
//
// Standard  = state transitions × the region's price per transition. Transitions are what
//             stateTransitions counts: one per *StateEntered event (a StateRun: every entry, Map
//             iterations, Parallel branches and redriven states included, since a redrive enters
//             them again) plus each retry, i.e. the attempts beyond the first of a run.
// Express   = requests × price per request (one request per execution started)
//             + GB-seconds × the tier rates, where an execution's GB-seconds are its billed duration
//             (rounded up to 100 ms, at least 100 ms) × billed memory (rounded up to 64 MB chunks,
//             at least one chunk). The execution's own `billingDetails` (StartSyncExecution's
//             billedDurationInMilliseconds, billedMemoryUsedInMB) when known; otherwise an estimate:
//             its duration rounded up, and EXPRESS_MEMORY_ESTIMATE_MB (AWS: memory used = 50 MB +
//             definition size + payload size × Map/Parallel steps, which is one 64 MB chunk unless
//             large payloads fan out).
// Tiers: GB-seconds are priced piecewise through the tiers (the first 1,000 GB-hours at the first
// rate, the next 4,000 at the second, the rest at the third) as if the quantity priced were the
// month's only Express usage. `perExecutionUsd` is priced at the first tier's rate (the price of one
// more execution on a quiet account); `perMillionUsd` is a million such executions through the
// tiers; `windowUsd` the window's executions through the tiers.
// The free tier is never deducted (pricing.ts).
import { PRICES_AS_OF, PRICES_SOURCE_URL, regionPrices, type GbSecondTier, type RegionPrices } from './pricing.ts';

/** Express bills duration in steps of 100 ms, rounded up. */
export const EXPRESS_DURATION_STEP_MS = 100;
/** Express bills memory in chunks of 64 MB, rounded up. */
export const EXPRESS_MEMORY_CHUNK_MB = 64;
/** Memory assumed for an Express execution whose billingDetails are not known: one chunk. */
export const EXPRESS_MEMORY_ESTIMATE_MB = 64;
/** An Express execution runs at most 5 minutes: a longer Standard execution could not run as Express. */
export const EXPRESS_MAX_DURATION_MS = 5 * 60_000;

const MB_MS_PER_GB_SECOND = 1024 * 1000;
const SECONDS_PER_HOUR = 3600;
const MILLION = 1_000_000;

export type WorkflowType = 'STANDARD' | 'EXPRESS';

/** What StartSyncExecution reports for an Express execution (AWS's field names). */
export interface BillingDetails {
  billedDurationInMilliseconds: number;
  billedMemoryUsedInMB: number;
}

function nonNegative(name: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
}

/** Duration rounded up to the next 100 ms, at least 100 ms (a 0 ms execution is billed 100 ms). */
export function billedDurationMs(durationMs: number): number {
  nonNegative('durationMs', durationMs);
  return Math.max(1, Math.ceil(durationMs / EXPRESS_DURATION_STEP_MS)) * EXPRESS_DURATION_STEP_MS;
}

/** Memory rounded up to the next 64 MB chunk, at least one chunk. */
export function billedMemoryMb(memoryMb: number): number {
  nonNegative('memoryMb', memoryMb);
  return Math.max(1, Math.ceil(memoryMb / EXPRESS_MEMORY_CHUNK_MB)) * EXPRESS_MEMORY_CHUNK_MB;
}

/** The billing an Express execution of `durationMs` would get with `memoryMb` (default the estimate). */
export function estimatedBillingDetails(durationMs: number, memoryMb = EXPRESS_MEMORY_ESTIMATE_MB): BillingDetails {
  return { billedDurationInMilliseconds: billedDurationMs(durationMs), billedMemoryUsedInMB: billedMemoryMb(memoryMb) };
}

/** MB·ms of one execution's billing (an integer for integer billing figures). */
export function billedMbMs(billing: BillingDetails): number {
  return billing.billedDurationInMilliseconds * billing.billedMemoryUsedInMB;
}

/** GB-seconds of an amount of MB·ms. */
export function gbSeconds(mbMs: number): number {
  return mbMs / MB_MS_PER_GB_SECOND;
}

/** USD of `gbs` GB-seconds priced piecewise through the tiers (the first tier's GB-hours first). */
export function expressDurationUsd(gbs: number, tiers: readonly GbSecondTier[]): number {
  nonNegative('gbSeconds', gbs);
  let usd = 0;
  let lower = 0;
  for (const tier of tiers) {
    const upper = tier.upToGbHours === null ? Number.POSITIVE_INFINITY : tier.upToGbHours * SECONDS_PER_HOUR;
    if (gbs > lower) usd += (Math.min(gbs, upper) - lower) * tier.usdPerGbSecond;
    lower = upper;
  }
  return usd;
}

/** USD of Express usage: `requests` executions started and `gbs` GB-seconds. */
export function expressUsd(requests: number, gbs: number, prices: RegionPrices): number {
  nonNegative('requests', requests);
  return requests * prices.expressUsdPerRequest + expressDurationUsd(gbs, prices.expressGbSecondTiers);
}

/** USD of `transitions` Standard state transitions. */
export function standardUsd(transitions: number, prices: RegionPrices): number {
  nonNegative('transitions', transitions);
  return transitions * prices.standardUsdPerTransition;
}

/** State transitions of an execution's runs: one per run (*StateEntered) + attempts beyond the first. */
export function stateTransitions(runs: Iterable<{ attempts: number }>): number {
  let transitions = 0;
  for (const run of runs) transitions += 1 + Math.max(0, run.attempts - 1);
  return transitions;
}

/** What the cost of a machine's window is computed from (sums over its executions). */
export interface CostInput {
  type: WorkflowType;
  /** The machine's region (from its ARN): picks the prices. */
  region: string;
  /** Executions started in the window: Express requests. */
  executions: number;
  transitions: {
    /** Executions whose runs are known (history derived). */
    executions: number;
    /** Their state transitions (stateTransitions), summed. */
    total: number;
    /** Of those, executions with partial histories (Express logs below level ALL or without execution data, or records missing): possibly undercounted. */
    partialExecutions: number;
  };
  billing: {
    /** Executions whose duration (or billingDetails) is known. */
    executions: number;
    /** Their billed durations (ms), summed. */
    billedMs: number;
    /** Their billed MB·ms (billedMbMs), summed. */
    billedMbMs: number;
    /** Of those, executions whose billing came from billingDetails (the others are estimates). */
    billingDetailsExecutions: number;
    /** Of those, executions longer than EXPRESS_MAX_DURATION_MS (they could not run as Express). */
    overExpressLimit: number;
  };
}

/** Per execution, per million executions, and for the window's executions; null when not computable. */
export interface CostFigures {
  perExecutionUsd: number | null;
  perMillionUsd: number | null;
  windowUsd: number | null;
}

/**
 * Where the two types cost the same per execution (first Express tier):
 *   durationMs               the billed Express duration (at the memory billed or assumed) at which
 *                            an Express execution costs what a Standard one does with this machine's
 *                            transitions per execution; null when transitions are unknown or when
 *                            even the request alone costs more than the Standard execution;
 *   transitionsPerExecution  the transitions per execution at which a Standard execution costs what
 *                            an Express one does with this machine's billed duration and memory.
 */
export interface BreakEven {
  durationMs: number | null;
  transitionsPerExecution: number | null;
}

export interface CostAssumptions {
  region: string;
  /** False when the region is not in the price table and DEFAULT_PRICE_REGION's prices were used. */
  regionListed: boolean;
  pricesRegion: string;
  pricesSource: string;
  pricesAsOf: string;
  standardUsdPerTransition: number;
  expressUsdPerRequest: number;
  expressGbSecondTiers: readonly GbSecondTier[];
  /** The region whose Express rates were used. */
  expressRatesRegion: string;
  freeTierDeducted: false;
  /** Executions of the window whose transitions are known / whose histories are partial. */
  transitionsKnownExecutions: number;
  partialHistoryExecutions: number;
  /** `billingDetails` (all known), `estimate` (none known), or `mixed`. */
  billing: 'billingDetails' | 'estimate' | 'mixed';
  billingDetailsExecutions: number;
  durationKnownExecutions: number;
  /** Memory assumed where billingDetails are not known, MB. */
  memoryEstimateMb: number;
  durationStepMs: number;
  memoryChunkMb: number;
  /** Executions longer than Express's 5-minute limit. */
  overExpressLimit: number;
  /** The same, as sentences for a reader. */
  notes: string[];
}

export interface CostEstimate {
  cost: CostFigures & { assumptions: CostAssumptions };
  whatIf: CostFigures & { type: WorkflowType; breakEven: BreakEven };
}

function standardFigures(input: CostInput, prices: RegionPrices): CostFigures {
  const { executions, total } = input.transitions;
  if (executions === 0) return { perExecutionUsd: null, perMillionUsd: null, windowUsd: null };
  const perExecution = standardUsd(total / executions, prices);
  // Executions not yet derived are counted at the mean of those that are.
  return { perExecutionUsd: perExecution, perMillionUsd: perExecution * MILLION, windowUsd: perExecution * input.executions };
}

function expressFigures(input: CostInput, prices: RegionPrices): CostFigures {
  const { executions, billedMbMs: mbMs } = input.billing;
  if (executions === 0) return { perExecutionUsd: null, perMillionUsd: null, windowUsd: null };
  const meanGbs = gbSeconds(mbMs / executions);
  const firstRate = prices.expressGbSecondTiers[0]?.usdPerGbSecond ?? 0;
  // Executions whose duration is not known (still running, or not in the logs) at the mean.
  const windowGbs = gbSeconds(mbMs + Math.max(0, input.executions - executions) * (mbMs / executions));
  return {
    perExecutionUsd: prices.expressUsdPerRequest + meanGbs * firstRate,
    perMillionUsd: expressUsd(MILLION, meanGbs * MILLION, prices),
    windowUsd: expressUsd(input.executions, windowGbs, prices),
  };
}

function breakEvenOf(input: CostInput, prices: RegionPrices, standard: CostFigures, express: CostFigures): BreakEven {
  const firstRate = prices.expressGbSecondTiers[0]?.usdPerGbSecond ?? 0;
  const { billedMs, billedMbMs: mbMs } = input.billing;
  const memoryMb = billedMs > 0 ? mbMs / billedMs : billedMemoryMb(EXPRESS_MEMORY_ESTIMATE_MB);
  let durationMs: number | null = null;
  if (standard.perExecutionUsd !== null && firstRate > 0) {
    const forDuration = standard.perExecutionUsd - prices.expressUsdPerRequest;
    if (forDuration > 0) durationMs = (forDuration / ((memoryMb / 1024) * firstRate)) * 1000;
  }
  const transitionsPerExecution =
    express.perExecutionUsd !== null && prices.standardUsdPerTransition > 0 ? express.perExecutionUsd / prices.standardUsdPerTransition : null;
  return { durationMs, transitionsPerExecution };
}

function assumptionsOf(input: CostInput, prices: RegionPrices, listed: boolean): CostAssumptions {
  const { billing, transitions } = input;
  const billingKind = billing.billingDetailsExecutions === 0 ? 'estimate' : billing.billingDetailsExecutions === billing.executions ? 'billingDetails' : 'mixed';
  const tiers = prices.expressGbSecondTiers.map((t) => `$${t.usdPerGbSecond}/GB-s${t.upToGbHours === null ? ' beyond' : ` up to ${t.upToGbHours.toLocaleString('en-US')} GB-h`}`).join(', ');
  const notes = [
    `Prices of ${prices.region} from ${PRICES_SOURCE_URL} as of ${PRICES_AS_OF}${listed ? '' : ` (region ${input.region || 'unknown'} is not in the price table)`}; the free tier is not deducted.`,
    `Standard: $${prices.standardUsdPerTransition} per state transition; transitions = *StateEntered events + retries (attempts beyond the first of each run), redriven states counted again; over the ${transitions.executions} of ${input.executions} executions whose history is derived, the others at their mean.`,
    `Express: $${prices.expressUsdPerRequest} per request + GB-seconds (duration rounded up to ${EXPRESS_DURATION_STEP_MS} ms × memory in ${EXPRESS_MEMORY_CHUNK_MB} MB chunks) at ${tiers} (rates of ${prices.expressRatesRegion}); per execution at the first tier's rate, per million and the window through the tiers as if they were the month's only Express usage.`,
    billingKind === 'billingDetails'
      ? 'Express billing from the executions’ billingDetails.'
      : `Express billing estimated for ${billing.executions - billing.billingDetailsExecutions} executions: duration from the history rounded up, memory assumed ${EXPRESS_MEMORY_ESTIMATE_MB} MB (AWS: 50 MB + definition size + payload × Map/Parallel steps) since billingDetails are not known.`,
  ];
  if (billing.executions < input.executions) notes.push(`${input.executions - billing.executions} executions without a known duration are counted at the mean.`);
  if (transitions.partialExecutions > 0) notes.push(`${transitions.partialExecutions} executions have partial histories (logs below level ALL or without execution data, or records missing): their transitions may be undercounted.`);
  if (billing.overExpressLimit > 0) notes.push(`${billing.overExpressLimit} executions ran longer than Express's 5-minute limit and could not run as Express.`);
  return {
    region: input.region,
    regionListed: listed,
    pricesRegion: prices.region,
    pricesSource: PRICES_SOURCE_URL,
    pricesAsOf: PRICES_AS_OF,
    standardUsdPerTransition: prices.standardUsdPerTransition,
    expressUsdPerRequest: prices.expressUsdPerRequest,
    expressGbSecondTiers: prices.expressGbSecondTiers,
    expressRatesRegion: prices.expressRatesRegion,
    freeTierDeducted: false,
    transitionsKnownExecutions: transitions.executions,
    partialHistoryExecutions: transitions.partialExecutions,
    billing: billingKind,
    billingDetailsExecutions: billing.billingDetailsExecutions,
    durationKnownExecutions: billing.executions,
    memoryEstimateMb: EXPRESS_MEMORY_ESTIMATE_MB,
    durationStepMs: EXPRESS_DURATION_STEP_MS,
    memoryChunkMb: EXPRESS_MEMORY_CHUNK_MB,
    overExpressLimit: billing.overExpressLimit,
    notes,
  };
}

/** The window's cost as its own type, and what-if: as the other type, with the break-even point. */
export function costEstimate(input: CostInput): CostEstimate {
  const { prices, listed } = regionPrices(input.region);
  const standard = standardFigures(input, prices);
  const express = expressFigures(input, prices);
  const own = input.type === 'EXPRESS' ? express : standard;
  const other = input.type === 'EXPRESS' ? standard : express;
  return {
    cost: { ...own, assumptions: assumptionsOf(input, prices, listed) },
    whatIf: { type: input.type === 'EXPRESS' ? 'STANDARD' : 'EXPRESS', ...other, breakEven: breakEvenOf(input, prices, standard, express) },
  };
}
