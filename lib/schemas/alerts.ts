// The query of GET /api/alerts/deliveries (the delivery log, newest first), defined once.
// zod only: the Alerts page bundles this file too.
import { z } from 'zod';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const DEFAULT_DELIVERIES_LIMIT = 100;
export const MAX_DELIVERIES_LIMIT = 500;

const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
/** ASCII digits only, then bounded (refused past the bound, not clamped). */
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, { message: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `must be a whole number from ${min} to ${max}` });

export const alertDeliveriesQuerySchema = z.object({
  /** One rule's deliveries (its name). */
  rule: z.preprocess(blankToUndefined, z.string().max(120).optional()),
  status: z.preprocess(blankToUndefined, z.enum(DELIVERY_STATUSES, { error: () => `must be one of ${DELIVERY_STATUSES.join(', ')}` }).optional()),
  /** Keyset cursor: deliveries older than this id (the previous page's nextCursor). */
  cursor: z.preprocess(blankToUndefined, wholeNumber(1, Number.MAX_SAFE_INTEGER).optional()),
  limit: z.preprocess(blankToUndefined, wholeNumber(1, MAX_DELIVERIES_LIMIT).default(DEFAULT_DELIVERIES_LIMIT)),
});

export type AlertDeliveriesQueryInput = z.output<typeof alertDeliveriesQuerySchema>;
