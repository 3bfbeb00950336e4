import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether two secrets are equal, in a time that says nothing about either: both are hashed first,
 * so `timingSafeEqual` compares two digests of one length whatever the lengths given, and neither
 * a prefix nor the length of the secret can be learnt from how long a refusal takes.
 */
export function constantTimeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
