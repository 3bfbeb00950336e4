import { createServer } from 'node:net';

/** Raised when the port `npm start` would answer on is taken. */
export class PortInUseError extends Error {
  constructor(port: number, options?: { cause?: unknown }) {
    super(
      `port ${port} is in use (by another npm start, or another program). ` +
        `Choose another: PORT=${port === 65535 ? port - 1 : port + 1} npm start (a second run also needs its own DATA_DIR)`,
      options,
    );
    this.name = 'PortInUseError';
  }
}

/**
 * Throws {@link PortInUseError} when `port` on `host` cannot be listened on now: asked before the
 * emulators start, so a taken port costs a line, not a Java start and a stack trace. Another program
 * may still take it before the server listens; the server's own `EADDRINUSE` says the same then.
 */
export function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error) => reject(asPortInUse(error, port)));
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** `error` as a {@link PortInUseError} when it is a listen's `EADDRINUSE` on `port`. */
export function asPortInUse(error: unknown, port: number): unknown {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE'
    ? new PortInUseError(port, { cause: error })
    : error;
}
