// The query of GET /api/executions/diff and of the /executions/diff page (DESIGN.md §2.6), defined
// once: the two executions' ARNs, `a` and `b` (A → B in every delta). zod only: the page may bundle it.
import { z } from 'zod';
import { withoutControlCharacters } from './query-values.ts';

/** Longest ARN accepted (AWS: state machine 80 + execution name 80 characters, plus the prefix). */
const MAX_ARN_LENGTH = 2048;

const executionArn = withoutControlCharacters(z.string({ error: 'is required (an execution ARN)' }))
  .trim()
  .min(1, 'is required (an execution ARN)')
  .max(MAX_ARN_LENGTH, `must be at most ${MAX_ARN_LENGTH} characters`)
  .refine((arn) => arn.startsWith('arn:'), { message: 'must be an execution ARN (arn:…)' });

/** A repeated parameter counts with its first value (URLSearchParams.get). */
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

export const executionDiffQuerySchema = z.object({
  a: z.preprocess(first, executionArn),
  b: z.preprocess(first, executionArn),
});

export type ExecutionDiffQuery = z.output<typeof executionDiffQuerySchema>;
