// The query of GET /api/alerts/deliveries (the delivery log, newest first), defined once.
// zod only: the Alerts page bundles this file too.
import { z } from 'zod';
import { blankToUndefined, keysetPagingFields } from './paging.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const DEFAULT_DELIVERIES_LIMIT = 100;
export const MAX_DELIVERIES_LIMIT = 500;

export const alertDeliveriesQuerySchema = z.object({
  /** One rule's deliveries (its name). */
  rule: z.preprocess(blankToUndefined, z.string().max(120).optional()),
  status: z.preprocess(blankToUndefined, z.enum(DELIVERY_STATUSES, { error: () => `must be one of ${DELIVERY_STATUSES.join(', ')}` }).optional()),
  ...keysetPagingFields(DEFAULT_DELIVERIES_LIMIT, MAX_DELIVERIES_LIMIT),
});

export type AlertDeliveriesQueryInput = z.output<typeof alertDeliveriesQuerySchema>;
