// AWS Step Functions prices, one table per region (DESIGN.md §2.6; reference/sfn-facts.md §4.1).
// The cost model (cost.ts) reads prices only from here.
//
// Source: https://aws.amazon.com/step-functions/pricing/ (the page's "State transitions pricing
// table" for Standard; its Express section for requests and GB-seconds), as of PRICES_AS_OF.
//   Standard   USD per state transition = the table's "price per 1,000 state transitions" / 1,000.
//   Express    $1.00 per 1M requests; duration × memory per GB-second in three monthly tiers:
//              $0.00001667 for the first 1,000 GB-hours, $0.00000833 for the next 4,000 GB-hours,
//              $0.00000456 beyond 5,000 GB-hours. The page lists these for US East (N. Virginia)
//              only; the other regions' Express rates were not verified, so every region uses
//              them and says so (`expressRatesRegion`).
// The free tier (4,000 Standard transitions a month) is never deducted: a window is not a month,
// and the account's other machines share it.

/** Where the prices come from, and when they were taken. */
export const PRICES_SOURCE_URL = 'https://aws.amazon.com/step-functions/pricing/';
export const PRICES_AS_OF = '2026-12-02';

/** The region whose prices stand in for a region the table does not list. */
export const DEFAULT_PRICE_REGION = 'us-east-1';

/** One Express duration tier: usage up to `upToGbHours` (cumulative; null = no limit) at `usdPerGbSecond`. */
export interface GbSecondTier {
  upToGbHours: number | null;
  usdPerGbSecond: number;
}

export interface RegionPrices {
  /** The region these prices are for (the table's key). */
  region: string;
  /** Standard: USD per state transition. */
  standardUsdPerTransition: number;
  /** Express: USD per request (one per execution started). */
  expressUsdPerRequest: number;
  /** Express: duration × memory tiers, ascending, the last open-ended. */
  expressGbSecondTiers: readonly GbSecondTier[];
  /** The region whose Express rates these are (DEFAULT_PRICE_REGION where the region's own were not verified). */
  expressRatesRegion: string;
}

const EXPRESS_US_EAST_1: Pick<RegionPrices, 'expressUsdPerRequest' | 'expressGbSecondTiers' | 'expressRatesRegion'> = {
  expressUsdPerRequest: 1 / 1_000_000,
  expressGbSecondTiers: [
    { upToGbHours: 1_000, usdPerGbSecond: 0.00001667 },
    { upToGbHours: 5_000, usdPerGbSecond: 0.00000833 },
    { upToGbHours: null, usdPerGbSecond: 0.00000456 },
  ],
  expressRatesRegion: DEFAULT_PRICE_REGION,
};

/** The pricing page's Standard table: USD per 1,000 state transitions, by region code. */
const STANDARD_USD_PER_1000: Readonly<Record<string, number>> = {
  'us-east-1': 0.025, // US East (N. Virginia)
  'us-east-2': 0.025, // US East (Ohio)
  'us-west-2': 0.025, // US West (Oregon)
  'us-west-1': 0.0279, // US West (N. California)
  'ca-central-1': 0.025, // Canada (Central)
  'sa-east-1': 0.0375, // South America (São Paulo)
  'us-gov-east-1': 0.03, // AWS GovCloud (US-East)
  'us-gov-west-1': 0.03, // AWS GovCloud (US-West)
  'eu-west-1': 0.025, // Europe (Ireland)
  'eu-central-1': 0.025, // Europe (Frankfurt)
  'eu-west-2': 0.025, // Europe (London)
  'eu-west-3': 0.0297, // Europe (Paris)
  'eu-north-1': 0.025, // Europe (Stockholm)
  'ap-southeast-1': 0.025, // Asia Pacific (Singapore)
  'ap-northeast-1': 0.025, // Asia Pacific (Tokyo)
  'ap-southeast-2': 0.025, // Asia Pacific (Sydney)
  'ap-northeast-2': 0.0271, // Asia Pacific (Seoul)
  'ap-south-1': 0.0285, // Asia Pacific (Mumbai)
};

/** Every region of the table, with its prices. */
export const PRICE_TABLE: Readonly<Record<string, RegionPrices>> = Object.fromEntries(
  Object.entries(STANDARD_USD_PER_1000).map(([region, per1000]) => [region, { region, standardUsdPerTransition: per1000 / 1000, ...EXPRESS_US_EAST_1 }]),
);

/**
 * The prices of `region`; a region the table does not list (or an empty one) gets
 * DEFAULT_PRICE_REGION's prices with `listed: false`, so the answer can say so.
 */
export function regionPrices(region: string): { prices: RegionPrices; listed: boolean } {
  const listed = Object.prototype.hasOwnProperty.call(PRICE_TABLE, region);
  const prices = listed ? PRICE_TABLE[region] : PRICE_TABLE[DEFAULT_PRICE_REGION];
  if (prices === undefined) throw new Error(`no prices for ${DEFAULT_PRICE_REGION}`); // cannot happen: it is in the table
  return { prices, listed };
}
