// zod schemas for the dynamic segments of app/api routes.
import { z } from 'zod';
import { arnFromRouteParam } from '../arn/arn-route-param.ts';

/**
 * An ARN segment (`[arn]`). Next.js 16 hands route handlers decoded params; arnFromRouteParam
 * decodes exactly once more only when a "%" is left (AWS names cannot contain one).
 */
export const arnParam = z.string().transform(arnFromRouteParam);

/**
 * A 0-based index segment (`[index]`) of a run of an execution's analysis. Kept as its digits
 * (messages quote the segment as it was sent); Number() it to index.
 */
export const runIndexParam = z.string().regex(/^\d+$/, 'must be a run index (0-based integer)');
