// How withRoute hands a URL's query to its zod schema.
import { z } from 'zod';

export type QueryInput = Record<string, string | string[]>;

/** One value per parameter as a string; a repeated parameter as all its values, in order. */
export function queryInput(params: URLSearchParams): QueryInput {
  const input: QueryInput = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    input[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return input;
}

function mapValues(input: unknown, pick: (values: string[]) => string | undefined): unknown {
  if (typeof input !== 'object' || input === null) return input;
  return Object.fromEntries(Object.entries(input).map(([key, value]) => [key, Array.isArray(value) ? pick(value as string[]) : value]));
}

/**
 * For schemas of comma-separated lists: a repeated parameter means the same as one
 * comma-separated value (`?status=FAILED&status=RUNNING` ≡ `?status=FAILED,RUNNING`).
 */
export function repeatedAsCommaList<S extends z.ZodType>(schema: S) {
  return z.preprocess((input) => mapValues(input, (values) => values.join(',')), schema);
}

/** For schemas of single values: a repeated parameter counts with its first value (URLSearchParams.get). */
export function repeatedTakesFirst<S extends z.ZodType>(schema: S) {
  return z.preprocess((input) => mapValues(input, (values) => values[0]), schema);
}
