// The words of the actions and their audit log (DESIGN.md §2.7), the query of GET /api/audit and
// the bodies of the action routes, defined once. zod only: the Audit page bundles this file too.
import { z } from 'zod';
import { blankToUndefined, keysetPagingFields } from './paging.ts';
import { withoutControlCharacters } from './query-values.ts';

export const AUDIT_ACTIONS = ['stop', 'redrive', 'start-again'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
/** succeeded: AWS did it; refused: StepLens did not call AWS (actions off, role, CSRF, not eligible, bad input); failed: AWS refused or failed. */
export const AUDIT_OUTCOMES = ['succeeded', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 500;

export const auditQuerySchema = z.object({
  action: z.preprocess(blankToUndefined, z.enum(AUDIT_ACTIONS, { error: () => `must be one of ${AUDIT_ACTIONS.join(', ')}` }).optional()),
  outcome: z.preprocess(blankToUndefined, z.enum(AUDIT_OUTCOMES, { error: () => `must be one of ${AUDIT_OUTCOMES.join(', ')}` }).optional()),
  /** One execution's entries (its ARN). */
  target: z.preprocess(blankToUndefined, withoutControlCharacters(z.string()).max(2048, { message: 'must be at most 2048 characters' }).optional()),
  ...keysetPagingFields(DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT),
});
export type AuditQueryInput = z.output<typeof auditQuerySchema>;

/** POST …/stop: optional error and cause recorded in ExecutionAborted (AWS's limits). */
export const stopBodySchema = z
  .strictObject({
    error: z.string().max(256).optional(),
    cause: z.string().max(32_768).optional(),
  })
  .optional();

/** POST …/start-again: the input as JSON text; absent means the execution's own input, read from the source. */
export const startAgainBodySchema = z
  .strictObject({
    input: z.string().optional(),
  })
  .optional();

/** POST …/redrive takes no body (or an empty object). */
export const redriveBodySchema = z.strictObject({}).optional();
