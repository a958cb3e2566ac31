// The query of GET /api/failure-clusters (DESIGN.md §2.5), defined once: the window (windowFields,
// default the last 24 h), one state machine or all, and at most `limit` clusters (largest first).
// zod only: the Failures page bundles this file too.
import { z } from 'zod';
import { resolveWindow, windowFields } from './window.ts';

/** Most clusters one answer lists (`limit`'s bound and its default). */
export const MAX_FAILURE_CLUSTERS = 500;

const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

const limitSchema = z
  .string()
  .trim()
  .regex(/^\d+$/, { message: `must be a whole number from 1 to ${MAX_FAILURE_CLUSTERS}` })
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_FAILURE_CLUSTERS, { message: `must be a whole number from 1 to ${MAX_FAILURE_CLUSTERS}` });

export function failureClustersQuerySchemaAt(now: () => Date) {
  return z
    .object({
      ...windowFields,
      /** One machine's clusters; absent: across all state machines. */
      stateMachineArn: z.preprocess(blankToUndefined, z.string().trim().optional()),
      limit: z.preprocess(blankToUndefined, limitSchema.default(MAX_FAILURE_CLUSTERS)),
    })
    .transform((value, ctx) => resolveWindow(value, ctx, now()) ?? z.NEVER);
}

export const failureClustersQuerySchema = failureClustersQuerySchemaAt(() => new Date());
