// The words of the actions and their audit log (DESIGN.md §2.7), the query of GET /api/audit and
// the bodies of the action routes, defined once. zod only: the Audit page bundles this file too.
import { z } from 'zod';

export const AUDIT_ACTIONS = ['stop', 'redrive', 'start-again'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
/** succeeded: AWS did it; refused: StepLens did not call AWS (actions off, role, CSRF, not eligible, bad input); failed: AWS refused or failed. */
export const AUDIT_OUTCOMES = ['succeeded', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 500;

const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
/** ASCII digits only, then bounded (refused past the bound, not clamped). */
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, { message: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `must be a whole number from ${min} to ${max}` });

export const auditQuerySchema = z.object({
  action: z.preprocess(blankToUndefined, z.enum(AUDIT_ACTIONS, { error: () => `must be one of ${AUDIT_ACTIONS.join(', ')}` }).optional()),
  outcome: z.preprocess(blankToUndefined, z.enum(AUDIT_OUTCOMES, { error: () => `must be one of ${AUDIT_OUTCOMES.join(', ')}` }).optional()),
  /** One execution's entries (its ARN). */
  target: z.preprocess(blankToUndefined, z.string().max(2048).regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, { message: 'must not hold control characters' }).optional()),
  /** Keyset cursor: entries older than this id (the previous page's nextCursor). */
  cursor: z.preprocess(blankToUndefined, wholeNumber(1, Number.MAX_SAFE_INTEGER).optional()),
  limit: z.preprocess(blankToUndefined, wholeNumber(1, MAX_AUDIT_LIMIT).default(DEFAULT_AUDIT_LIMIT)),
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
