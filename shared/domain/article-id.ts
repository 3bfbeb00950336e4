import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * The article id is derived from (partner, externalId), so the same external article always maps
 * to the same record: retries and racing first deliveries converge on one item, and a partner can
 * never address another partner's article. 100 bits of SHA-256, Crockford base32.
 */
export function articleIdFor(partnerId: string, externalId: string): string {
  const digest = createHash('sha256').update(`${partnerId}\u0000${externalId}`).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 20) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= 20) break;
    value &= (1 << bits) - 1;
  }
  return `a${out}`;
}
