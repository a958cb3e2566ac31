// What a Map state resolved before running its items, shared by the inline and the Distributed
// runner (its own module so distributed-map.ts and map-state.ts need not import each other both ways).
import type { MachineDef } from '../machine-def.ts';

export interface MapPlan {
  items: unknown[];
  /** Input of each iteration, after ItemSelector. */
  inputs: unknown[];
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  processor: MachineDef;
}
