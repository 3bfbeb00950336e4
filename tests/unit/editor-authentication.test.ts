import { timingSafeEqual } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BearerTokenAuthenticator } from '../../shared/adapters/editor-auth/bearer-token-authenticator';
import { constantTimeEqual } from '../../shared/adapters/editor-auth/constant-time-equal';
import { editorAuthenticatorFor } from '../../shared/adapters/editor-auth/editor-authenticator-for';
import { JwtClaimsAuthenticator } from '../../shared/adapters/editor-auth/jwt-claims-authenticator';
import { loadRuntimeConfig } from '../../shared/config/runtime-config';
import { ConfigurationError } from '../../shared/errors/configuration-error';
import { UnauthorizedError } from '../../shared/errors/http-errors';
import { requireEditorAuth } from '../../shared/runtime/editor-runtime';

// The real comparison, watched: a test can then see that tokens are compared by it, not by `===`.
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  return { ...crypto, timingSafeEqual: vi.fn(crypto.timingSafeEqual) };
});
const comparisons = vi.mocked(timingSafeEqual);

beforeEach(() => {
  comparisons.mockClear();
});

/** The byte lengths of what each `timingSafeEqual` call compared. */
function comparedLengths(): [number, number][] {
  return comparisons.mock.calls.map(([a, b]) => [a.byteLength, b.byteLength]);
}

describe('constantTimeEqual', () => {
  it('compares with timingSafeEqual, two digests of one length whatever the secrets', () => {
    const expected = 's3cret-token-0123456';
    for (const given of [expected, 's3cret-token-0123457', 'short', `${expected}-and-more`, '']) {
      comparisons.mockClear();
      expect(constantTimeEqual(given, expected)).toBe(given === expected);
      expect(comparedLengths(), JSON.stringify(given)).toEqual([[32, 32]]);
    }
  });

  it('is what the bearer authenticator compares tokens with, for a good and a bad token', async () => {
    const token = 'local-editor-token-0123456789';
    const authenticator = new BearerTokenAuthenticator(token);
    await authenticator.authenticate({ authorization: `Bearer ${token}` });
    expect(comparedLengths()).toEqual([[32, 32]]);
    comparisons.mockClear();
    await authenticator.authenticate({ authorization: 'Bearer wrong' }).catch(() => undefined);
    expect(comparedLengths()).toEqual([[32, 32]]);
  });

  it('is true for equal secrets only', () => {
    expect(constantTimeEqual('s3cret-token-0123456', 's3cret-token-0123456')).toBe(true);
    expect(constantTimeEqual('s3cret-token-0123456', 's3cret-token-0123457')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('compares secrets of different lengths without throwing, as unequal', () => {
    // timingSafeEqual itself throws on buffers of different lengths, which would tell the length apart.
    expect(constantTimeEqual('short', 's3cret-token-0123456')).toBe(false);
    expect(constantTimeEqual('s3cret-token-0123456-and-more', 's3cret-token-0123456')).toBe(false);
    expect(constantTimeEqual('', 's3cret-token-0123456')).toBe(false);
  });

  it('compares characters, not their UTF-16 units alone', () => {
    expect(constantTimeEqual('é', 'e\u0301')).toBe(false);
    expect(constantTimeEqual('😀', '😀')).toBe(true);
  });
});

describe('BearerTokenAuthenticator', () => {
  const authenticator = new BearerTokenAuthenticator('local-editor-token-0123456789');

  it('proves the local editor with the token', async () => {
    await expect(
      authenticator.authenticate({ authorization: 'Bearer local-editor-token-0123456789' }),
    ).resolves.toEqual({ id: 'local-editor' });
  });

  it.each([
    undefined,
    '',
    'Bearer',
    'Token local-editor-token-0123456789',
    'Bearer local-editor-token-0123456789 x',
  ])('refuses %o with a 401 that asks for a bearer token', async (authorization) => {
    const refusal = await authenticator.authenticate({ authorization }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UnauthorizedError);
    expect((refusal as UnauthorizedError).headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('ignores claims: locally nobody verified them', async () => {
    await expect(authenticator.authenticate({ claims: { sub: 'admin' } })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
  });
});

describe('JwtClaimsAuthenticator', () => {
  it('ignores a bearer header: the authorizer, not the function, checks tokens', async () => {
    await expect(
      new JwtClaimsAuthenticator().authenticate({ authorization: 'Bearer anything-at-all-here' }),
    ).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

describe('editor authentication settings', () => {
  const base = {
    TABLE_NAME: 'syndication',
    BUCKET_NAME: 'syndication-site',
    PUBLIC_BASE_URL: 'https://example.org',
  };

  it('are absent for the functions that do not serve editors', () => {
    expect(loadRuntimeConfig(base).editorAuth).toBeUndefined();
  });

  it('read a token mode with its token, and a JWT mode', () => {
    const token = loadRuntimeConfig({ ...base, EDITOR_AUTH: 'token', EDITOR_TOKEN: 'abcdefghijklmnop' });
    expect(token.editorAuth).toEqual({ mode: 'token', token: 'abcdefghijklmnop' });
    expect(editorAuthenticatorFor(token.editorAuth ?? { mode: 'jwt' })).toBeInstanceOf(
      BearerTokenAuthenticator,
    );
    const jwt = loadRuntimeConfig({ ...base, EDITOR_AUTH: 'jwt' });
    expect(jwt.editorAuth).toEqual({ mode: 'jwt' });
    expect(editorAuthenticatorFor({ mode: 'jwt' })).toBeInstanceOf(JwtClaimsAuthenticator);
  });

  it.each([
    [{ EDITOR_AUTH: 'token' }, /EDITOR_TOKEN: is required when EDITOR_AUTH is token/],
    [{ EDITOR_AUTH: 'token', EDITOR_TOKEN: 'short' }, /EDITOR_TOKEN: must be at least 16 characters/],
    [{ EDITOR_AUTH: 'token', EDITOR_TOKEN: 'sixteen chars ok!' }, /EDITOR_TOKEN: must be letters, digits/],
    [{ EDITOR_AUTH: 'cookie' }, /EDITOR_AUTH: must be token or jwt/],
  ])('refuse %o with a ConfigurationError naming the variable', (env, message) => {
    expect(() => loadRuntimeConfig({ ...base, ...env })).toThrow(ConfigurationError);
    expect(() => loadRuntimeConfig({ ...base, ...env })).toThrow(message);
  });

  it('are required by the editor function, which names the variable', () => {
    expect(() => requireEditorAuth(undefined)).toThrow(/EDITOR_AUTH: is required by the editor function/);
    expect(requireEditorAuth({ mode: 'jwt' })).toEqual({ mode: 'jwt' });
  });
});
