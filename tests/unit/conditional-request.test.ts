import { describe, expect, it } from 'vitest';
import { isNotModified } from '../../local/cdn/conditional-request';

const ETAG = '"9e107d9d372bb6826bd81d3542a419d6"';
// Stored instants have milliseconds; Last-Modified, and the dates clients echo from it, do not.
const STORED = new Date('2026-03-01T10:00:00.750Z');

describe('isNotModified', () => {
  it('matches If-Modified-Since to the second, the precision the client was given', () => {
    const echoed = STORED.toUTCString();
    expect(isNotModified({ 'if-modified-since': echoed }, { etag: ETAG, lastModified: STORED })).toBe(true);
    const secondBefore = new Date(STORED.getTime() - 1000).toUTCString();
    expect(isNotModified({ 'if-modified-since': secondBefore }, { etag: ETAG, lastModified: STORED })).toBe(
      false,
    );
  });

  it('reads the obsolete date formats HTTP still requires recipients to accept', () => {
    const validators = { etag: ETAG, lastModified: STORED };
    expect(isNotModified({ 'if-modified-since': 'Sunday, 01-Mar-26 10:00:00 GMT' }, validators)).toBe(true);
    expect(isNotModified({ 'if-modified-since': 'Sun Mar  1 10:00:00 2026' }, validators)).toBe(true);
  });

  it('matches a weak current ETag and ignores members that are not entity tags', () => {
    expect(isNotModified({ 'if-none-match': `bogus, ${ETAG}` }, { etag: `W/${ETAG}` })).toBe(true);
    expect(isNotModified({ 'if-none-match': 'bogus' }, { etag: ETAG })).toBe(false);
    expect(isNotModified({ 'if-none-match': '' }, { etag: ETAG })).toBe(false);
  });

  it('answers 200 to If-Modified-Since when the object has no Last-Modified to compare', () => {
    expect(isNotModified({ 'if-modified-since': STORED.toUTCString() }, { etag: ETAG })).toBe(false);
  });
});
