// The query of GET /api/failure-clusters (DESIGN.md §2.5), defined once: the window (windowFields,
// default the last 24 h), one state machine or all, and at most `limit` clusters (largest first).
// zod only: the Failures page bundles this file too.
import { z } from 'zod';
import { MAX_ARN_LENGTH } from './execution-filters.ts';
import { filterTextParam, wholeNumberParam } from './query-values.ts';
import { resolveWindow, windowFields } from './window.ts';

/** Most clusters one answer lists (`limit`'s bound and its default). */
export const MAX_FAILURE_CLUSTERS = 500;

const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);


export function failureClustersQuerySchemaAt(now: () => Date) {
  return z
    .object({
      ...windowFields,
      /** One machine's clusters; absent: across all state machines. */
      stateMachineArn: z.preprocess(blankToUndefined, filterTextParam(MAX_ARN_LENGTH).optional()),
      limit: z.preprocess(blankToUndefined, wholeNumberParam(1, MAX_FAILURE_CLUSTERS).default(MAX_FAILURE_CLUSTERS)),
    })
    .transform((value, ctx) => resolveWindow(value, ctx, now()) ?? z.NEVER);
}

export const failureClustersQuerySchema = failureClustersQuerySchemaAt(() => new Date());
