import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeListCursor, encodeListCursor, MAX_CURSOR_LENGTH } from '../../shared/editor-api/list-cursor';
import { MalformedRequestError } from '../../shared/errors/http-errors';

function refusal(cursor: string, filters = {}): MalformedRequestError {
  try {
    decodeListCursor(cursor, filters);
  } catch (error) {
    if (error instanceof MalformedRequestError) return error;
    throw error;
  }
  throw new Error(`accepted ${cursor}`);
}

describe('the list cursor', () => {
  it('in the listing example of docs/editor-api.md continues that example’s request', () => {
    const docs = readFileSync(new URL('../../docs/editor-api.md', import.meta.url), 'utf8');
    const section = docs.slice(docs.indexOf('## Listing articles'));
    const request = /^GET (\/v1\/articles\?\S+)$/m.exec(section)?.[1];
    const cursor = /"nextCursor": "([^"]+)"/.exec(section)?.[1];
    expect(request, 'the example request').toBeDefined();
    expect(cursor, 'the example nextCursor').toBeDefined();
    const query = new URL(request ?? '', 'http://localhost').searchParams;
    const filters = {
      partnerId: query.get('partner') ?? undefined,
      state: (query.get('state') ?? undefined) as 'published' | undefined,
      language: query.get('language') ?? undefined,
    };
    // It continues after the example's last item, as the API would have made it.
    expect(decodeListCursor(cursor ?? '', filters)).toBe('2024-11-27T09:00:00.000Z#almadar-2024-0042');
  });

  it('gives back the position it was made from, for the same filters', () => {
    const filters = { partnerId: 'almadar', state: 'published' as const, language: 'ar' };
    const after = 'ORDER#2024-11-27T09:00:00.000Z#almadar-2024-0042';
    expect(decodeListCursor(encodeListCursor(after, filters), { ...filters })).toBe(after);
    expect(decodeListCursor(encodeListCursor(after, {}), {})).toBe(after);
  });

  it('is URL-safe text that does not show the order key', () => {
    const cursor = encodeListCursor('ORDER#2024#a/b+c', { partnerId: 'almadar' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('ORDER');
  });

  it('treats an absent filter and an undefined one alike', () => {
    const cursor = encodeListCursor('k', { partnerId: 'almadar', state: undefined });
    expect(decodeListCursor(cursor, { partnerId: 'almadar' })).toBe('k');
  });

  it.each([
    [{ partnerId: 'other' }],
    [{}],
    [{ partnerId: 'almadar', state: 'pending' as const }],
    [{ partnerId: 'almadar', language: 'en' }],
  ])('refuses a cursor made for other filters (%o)', (filters) => {
    const cursor = encodeListCursor('k', { partnerId: 'almadar' });
    expect(refusal(cursor, filters).detail).toMatch(/other filters/);
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['another version', Buffer.from(JSON.stringify({ v: 2, after: 'k', filters: {} })).toString('base64url')],
    ['without a position', Buffer.from(JSON.stringify({ v: 1, filters: {} })).toString('base64url')],
    [
      'with extra fields',
      Buffer.from(JSON.stringify({ v: 1, after: 'k', filters: {}, x: 1 })).toString('base64url'),
    ],
    ['too long', 'A'.repeat(MAX_CURSOR_LENGTH + 1)],
    ['empty', ''],
  ])('refuses a cursor that is %s, in words', (_, cursor) => {
    expect(refusal(cursor).detail).toMatch(/nextCursor exactly as it came/);
  });
});
