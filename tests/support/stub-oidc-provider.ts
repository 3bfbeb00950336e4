import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLI_SIGN_IN_REDIRECT_URI } from '../../shared/editor-api/cli-sign-in';

/** How the next authorization request is answered. */
export type AuthorizeAnswer =
  /** A code for the request, with its own state. */
  | 'code'
  /** A code, with a state that is not the one the console sent (a forged or crossed answer). */
  | 'other-state'
  /** The editor did not sign in: `error=access_denied`. */
  | 'denied';

/** One token request as the provider saw it, and whether it granted it. */
export interface TokenRequest {
  grantType: string | null;
  form: Record<string, string>;
  /** Whether the request proved what it had to (the verifier matched the challenge, the refresh token was known). */
  granted: boolean;
}

/** What the stub knows about a code it issued. */
interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string;
}

/**
 * A tiny OpenID Connect provider for browser tests, on its own origin: the authorization endpoint
 * redirects straight back with a code (nobody types a password), the token endpoint grants tokens
 * only for the PKCE verifier of that code's challenge, `/oauth2/revoke` revokes a refresh token, and a
 * Cognito-style `/logout` redirects to `logout_uri`. ID tokens carry the claims Cognito's do; their signature is a placeholder, since
 * nothing in the console checks it (the API's authorizer does, in AWS; here `isValid` stands in).
 */
export class StubOidcProvider {
  readonly clientId = 'console-client';
  readonly subject = 'editor-sub-1';
  readonly email = 'rana@news.example';
  /** The answer to the next authorization request; back to `code` after it is used. */
  nextAuthorize: AuthorizeAnswer = 'code';
  readonly authorizeRequests: URLSearchParams[] = [];
  readonly tokenRequests: TokenRequest[] = [];
  readonly logoutRequests: URLSearchParams[] = [];
  /** The forms posted to the revocation endpoint (RFC 7009), in order. */
  readonly revocationRequests: Record<string, string>[] = [];
  readonly #codes = new Map<string, IssuedCode>();
  readonly #refreshTokens = new Set<string>();
  readonly #idTokens = new Set<string>();
  #server: Server | undefined;
  #origin = '';

  /** Starts listening on a free loopback port. */
  static async start(): Promise<StubOidcProvider> {
    const provider = new StubOidcProvider();
    const server = createServer((request, response) => {
      provider.#handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    provider.#server = server;
    provider.#origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return provider;
  }

  get origin(): string {
    return this.#origin;
  }

  get issuer(): string {
    return `${this.#origin}/issuer`;
  }

  /** The `oidc` sign-in of `config.json` for this provider. */
  signInConfig(): Record<string, unknown> {
    return {
      kind: 'oidc',
      issuer: this.issuer,
      clientId: this.clientId,
      authorizationEndpoint: `${this.#origin}/oauth2/authorize`,
      tokenEndpoint: `${this.#origin}/oauth2/token`,
      endSessionEndpoint: `${this.#origin}/logout`,
      revocationEndpoint: `${this.#origin}/oauth2/revoke`,
    };
  }

  /** Whether this provider issued the ID token (what the API's JWT authorizer would verify). */
  isValid(idToken: string): boolean {
    return this.#idTokens.has(idToken);
  }

  /** The ID tokens issued so far, oldest first. */
  get idTokens(): string[] {
    return [...this.#idTokens];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.#origin);
    if (request.method === 'GET' && url.pathname === '/oauth2/authorize')
      return this.#authorize(url, response);
    if (request.method === 'POST' && url.pathname === '/oauth2/token') {
      return this.#token(request, await bodyOf(request), response);
    }
    if (request.method === 'POST' && url.pathname === '/oauth2/revoke') {
      return this.#revoke(request, await bodyOf(request), response);
    }
    if (request.method === 'GET' && url.pathname === '/logout') {
      this.logoutRequests.push(url.searchParams);
      response.writeHead(302, { location: url.searchParams.get('logout_uri') ?? '/' }).end();
      return;
    }
    response.writeHead(404).end();
  }

  #authorize(url: URL, response: ServerResponse): void {
    const query = url.searchParams;
    this.authorizeRequests.push(query);
    const answer = this.nextAuthorize;
    this.nextAuthorize = 'code';
    const redirectUri = query.get('redirect_uri') ?? '';
    const wellFormed =
      query.get('response_type') === 'code' &&
      query.get('client_id') === this.clientId &&
      query.get('code_challenge_method') === 'S256' &&
      /^[A-Za-z0-9_-]{43}$/.test(query.get('code_challenge') ?? '') &&
      (query.get('scope') ?? '').split(' ').includes('openid') &&
      // The console's address, or synd login's loopback one: the two callback URLs of the app client.
      (redirectUri.endsWith('/editor/') || redirectUri === CLI_SIGN_IN_REDIRECT_URI);
    const back = new URL(redirectUri);
    if (!wellFormed) {
      back.searchParams.set('error', 'invalid_request');
    } else if (answer === 'denied') {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The editor cancelled the sign-in');
    } else {
      const code = token();
      this.#codes.set(code, {
        clientId: this.clientId,
        redirectUri,
        challenge: query.get('code_challenge') ?? '',
        nonce: query.get('nonce') ?? '',
      });
      back.searchParams.set('code', code);
    }
    back.searchParams.set('state', answer === 'other-state' ? token() : (query.get('state') ?? ''));
    response.writeHead(302, { location: back.href }).end();
  }

  #token(request: IncomingMessage, body: string, response: ServerResponse): void {
    const form = Object.fromEntries(new URLSearchParams(body));
    const grantType = form.grant_type ?? null;
    let tokens: Record<string, unknown> | undefined;
    if (grantType === 'authorization_code' && form.code !== undefined) {
      const issued = this.#codes.get(form.code);
      this.#codes.delete(form.code);
      const proven =
        issued !== undefined &&
        (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') &&
        form.client_id === issued.clientId &&
        form.redirect_uri === issued.redirectUri &&
        createHash('sha256')
          .update(form.code_verifier ?? '')
          .digest('base64url') === issued.challenge;
      if (proven) tokens = this.#tokens({ nonce: issued.nonce, refresh: true });
    } else if (grantType === 'refresh_token' && this.#refreshTokens.has(form.refresh_token ?? '')) {
      // As Cognito does: a new ID token, the refresh token kept.
      tokens = this.#tokens({ refresh: false });
    }
    this.tokenRequests.push({ grantType, form, granted: tokens !== undefined });
    const cors = {
      'access-control-allow-origin': request.headers.origin ?? '*',
      'cache-control': 'no-store',
    };
    if (tokens === undefined) {
      response
        .writeHead(400, { ...cors, 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'invalid_grant' }));
      return;
    }
    response.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(tokens));
  }

  /**
   * As Cognito's `/oauth2/revoke`: the console's client may revoke a refresh token it was given, which
   * no refresh then accepts; a token it does not know is answered 200 all the same (RFC 7009 §2.2).
   */
  #revoke(request: IncomingMessage, body: string, response: ServerResponse): void {
    const form = Object.fromEntries(new URLSearchParams(body));
    this.revocationRequests.push(form);
    const cors = { 'access-control-allow-origin': request.headers.origin ?? '*' };
    if (form.client_id !== this.clientId || form.token === undefined) {
      response
        .writeHead(400, { ...cors, 'content-type': 'application/json' })
        .end(JSON.stringify({ error: form.token === undefined ? 'invalid_request' : 'invalid_client' }));
      return;
    }
    this.#refreshTokens.delete(form.token);
    response.writeHead(200, cors).end();
  }

  /** Whether a refresh with this token would be granted now. */
  acceptsRefreshToken(refreshToken: string): boolean {
    return this.#refreshTokens.has(refreshToken);
  }

  #tokens(options: { nonce?: string; refresh: boolean }): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    const idToken = unsignedJwt({
      iss: this.issuer,
      aud: this.clientId,
      sub: this.subject,
      email: this.email,
      token_use: 'id',
      iat: now,
      exp: now + 3600,
      jti: token(),
      ...(options.nonce ? { nonce: options.nonce } : {}),
    });
    this.#idTokens.add(idToken);
    const refreshToken = options.refresh ? token() : undefined;
    if (refreshToken) this.#refreshTokens.add(refreshToken);
    return {
      id_token: idToken,
      access_token: unsignedJwt({ iss: this.issuer, client_id: this.clientId, sub: this.subject, iat: now }),
      token_type: 'Bearer',
      expires_in: 3600,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    };
  }
}

function token(): string {
  return randomBytes(24).toString('base64url');
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${token()}`;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
