/**
 * Reads an ARN from a dynamic route segment. Next.js 16 hands a page's `params` still
 * percent-encoded but a route handler's already decoded, so both go through here: AWS
 * names cannot contain "%", hence an ARN holding one is still encoded and is decoded once.
 */
export function arnFromRouteParam(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The route segment for an ARN (`/executions/{encodeURIComponent(arn)}`). */
export function arnRouteSegment(arn: string): string {
  return encodeURIComponent(arn);
}
