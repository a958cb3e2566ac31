// Comparing a presented token with STEPLENS_AUTH_TOKEN without telling an attacker, through timing,
// how much of it was right: both sides are hashed to equal-length SHA-256 digests first
// (timingSafeEqual needs equal lengths, and comparing lengths would itself leak the length).
import { createHash, timingSafeEqual } from 'node:crypto';

export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
