// The value rules every query parameter of the HTTP API shares, defined once: whole numbers
// (limit, last, cursor positions) and free text (q, text, error, ARNs). zod only: pages bundle
// the schemas that use these.
import { z } from 'zod';

/** The words of every whole-number refusal: the same for every parameter and route. */
export function wholeNumberMessage(min: number, max: number): string {
  return `must be a whole number from ${min} to ${max}`;
}

/**
 * A whole number in [min, max] as a URL value: ASCII decimal digits and nothing else (no sign,
 * spaces, `0x`, exponent, fraction or fullwidth digits), then bounded — a value past `max` is
 * refused, not clamped, so a caller learns the bound instead of silently getting less.
 * Parses to the number.
 */
export function wholeNumberParam(min: number, max: number, message = wholeNumberMessage(min, max)) {
  return z
    .string()
    .regex(/^[0-9]+$/, { message })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message });
}

/**
 * C0 and C1 control characters, DEL included. No execution name, ARN or error name may hold one
 * (AWS's naming rules), and stored JSON text holds them only escaped (`\u0000`), so a search for
 * one can match nothing a person wrote; worse, the stores do not take them as text (SQLite's FTS5
 * query parser stops at NUL, PostgreSQL refuses NUL in text), which made `q=%00` match every
 * execution. They are refused rather than matched literally.
 */
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters (U+0000–U+001F, U+007F–U+009F)';

/** Refines a string schema: no control character (checked before any trim, which would hide some). */
export function withoutControlCharacters<S extends z.ZodString>(schema: S): S {
  return schema.refine((text) => !CONTROL_CHARACTER.test(text), { message: CONTROL_CHARACTER_MESSAGE }) as S;
}

/** Free text of a filter (q, text, error, an ARN): no control characters, trimmed, at most `maxLength` characters. */
export function filterTextParam(maxLength: number) {
  return withoutControlCharacters(z.string())
    .trim()
    .max(maxLength, { message: `must be at most ${maxLength} characters` });
}
