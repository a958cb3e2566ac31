// The query of GET /api/compare (DESIGN.md §2.6), defined once: one or more state machines
// (`stateMachineArn` repeated, in the order the answer lists them; a repeated ARN counts once) and
// the window (windowFields, default the last 24 h). zod only: the compare page may bundle this file.
import { z } from 'zod';
import { CONTROL_CHARACTER, CONTROL_CHARACTER_MESSAGE } from './query-values.ts';
import { resolveWindow, windowFields } from './window.ts';

/** Most state machines one comparison takes. */
export const MAX_COMPARE_MACHINES = 10;

/** A repeated parameter arrives as an array (lib/server queryInput); one value as a string. */
const asList = (value: unknown): unknown => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
/** from/to are single values: a repeated one counts with its first (URLSearchParams.get). */
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

const stateMachineArnsSchema = z.preprocess(
  asList,
  z
    .array(z.string())
    .refine((arns) => !arns.some((arn) => CONTROL_CHARACTER.test(arn)), { message: CONTROL_CHARACTER_MESSAGE })
    .transform((arns) => [...new Set(arns.map((arn) => arn.trim()).filter((arn) => arn !== ''))])
    .refine((arns) => arns.length >= 1, { message: 'at least one is required (repeat stateMachineArn for each state machine)' })
    .refine((arns) => arns.length <= MAX_COMPARE_MACHINES, { message: `at most ${MAX_COMPARE_MACHINES} state machines` }),
);

export function compareQuerySchemaAt(now: () => Date) {
  return z
    .object({
      stateMachineArn: stateMachineArnsSchema,
      from: z.preprocess(first, windowFields.from),
      to: z.preprocess(first, windowFields.to),
    })
    .transform((value, ctx) => {
      const window = resolveWindow({ from: value.from, to: value.to }, ctx, now());
      return window === null ? z.NEVER : { stateMachineArns: value.stateMachineArn, from: window.from, to: window.to };
    });
}

export const compareQuerySchema = compareQuerySchemaAt(() => new Date());
