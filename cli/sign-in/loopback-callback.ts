import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { html, type SafeHtml } from '../../shared/text/markup';
import { SignInError, UsageError } from '../cli-errors';

/** Where and for what the callback waits. */
export interface CallbackOptions {
  port: number;
  path: string;
  /** The `state` this process sent; any other answer is refused. */
  state: string;
  timeoutMs: number;
}

/** A callback listener: `code` settles once, with the code or with why there is none. */
export interface CallbackListener {
  code: Promise<string>;
  close(): Promise<void>;
}

/** The loopback addresses `localhost` may resolve to; a browser may try either. */
const LOOPBACK_ADDRESSES = ['127.0.0.1', '::1'] as const;

/** The page the browser shows; it reveals nothing and loads nothing. */
function page(title: string, message: string): SafeHtml {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><p>${message}</p></body></html>
`;
}

function answer(response: ServerResponse, status: number, body: SafeHtml): void {
  response
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // The address holds the code: no page it leads to may see it.
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'",
    })
    .end(body);
}

async function listen(server: Server, port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      // A machine without IPv6 has no ::1 to listen on; 127.0.0.1 is enough there.
      if (host === '::1' && (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT')) resolve(false);
      else reject(error);
    };
    server.once('error', failed);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', failed);
      resolve(true);
    });
  });
}

/**
 * Listens on this machine's loopback addresses for the identity provider's redirect (RFC 8252 §7.3)
 * and settles with the authorization code once an answer carrying this sign-in's `state` arrives.
 * An answer with another state (a forged or crossed redirect) or an error ends the wait with a
 * refusal; so does the timeout. Other paths (a browser's `/favicon.ico`) get a 404.
 */
export async function listenForCallback(options: CallbackOptions): Promise<CallbackListener> {
  let settle!: { resolve: (code: string) => void; reject: (error: Error) => void };
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Settled before anyone awaits it when the listener closes early: not an unhandled rejection.
  code.catch(() => {});
  let settled = false;
  const finish = (outcome: { code: string } | { error: Error }) => {
    if (settled) return;
    settled = true;
    if ('code' in outcome) settle.resolve(outcome.code);
    else settle.reject(outcome.error);
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' || url.pathname !== options.path) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    if (settled) {
      answer(response, 410, page('Already answered', 'This sign-in has ended. Run synd login again.'));
      return;
    }
    const query = url.searchParams;
    if (query.get('state') !== options.state) {
      answer(
        response,
        400,
        page(
          'Sign-in refused',
          'This answer does not belong to the synd login waiting here. Nothing was stored.',
        ),
      );
      finish({
        error: new SignInError(
          'an answer arrived that does not belong to this sign-in (its state differs), so synd did not use it; run synd login again',
        ),
      });
      return;
    }
    const error = query.get('error');
    const received = query.get('code');
    if (error !== null || received === null || received === '') {
      const description = query.get('error_description');
      const said = `${error ?? 'no code'}${description ? `: ${description}` : ''}`;
      answer(response, 400, page('Not signed in', `The identity provider did not sign you in (${said}).`));
      finish({
        error: new SignInError(`the identity provider did not sign you in (${said})`, {
          code: error ?? undefined,
        }),
      });
      return;
    }
    answer(response, 200, page('Signed in', 'synd has your sign-in. You can close this tab.'));
    finish({ code: received });
  };

  const servers: Server[] = [];
  const close = async () => {
    clearTimeout(timer);
    finish({ error: new SignInError('the sign-in was abandoned') });
    // close() also ends idle keep-alive connections (Node 19+); a page still being sent finishes first.
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  };
  const timer = setTimeout(() => {
    finish({
      error: new SignInError(
        `no sign-in arrived within ${Math.round(options.timeoutMs / 1000)} s; run synd login again (the address printed is no longer good)`,
      ),
    });
  }, options.timeoutMs);
  timer.unref();

  try {
    for (const host of LOOPBACK_ADDRESSES) {
      const server = createServer(handle);
      if (await listen(server, options.port, host)) servers.push(server);
    }
  } catch (error) {
    await close();
    const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    throw new UsageError(
      busy
        ? `port ${options.port} on this machine is in use (another synd login?); synd login must receive the sign-in there`
        : `cannot listen on port ${options.port} for the sign-in: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { code, close };
}
