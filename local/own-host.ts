import { MisdirectedRequestError } from './misdirected-request-error';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * The `Host` values under which the server answers: each loopback name with the port the request
 * came in on (bare, too, on port 80), and the host of `PUBLIC_BASE_URL` as a browser sends it (its
 * default port bare or spelled out). Lower case; a header is compared after lower-casing.
 */
export function ownHosts(localPort: number, publicBaseUrl?: string): Set<string> {
  const hosts = new Set(LOOPBACK_NAMES.map((name) => `${name}:${localPort}`));
  if (localPort === 80) for (const name of LOOPBACK_NAMES) hosts.add(name);
  if (publicBaseUrl) {
    const url = new URL(publicBaseUrl);
    hosts.add(url.host);
    const port = url.port || DEFAULT_PORTS[url.protocol];
    if (port) hosts.add(`${url.hostname}:${port}`);
  }
  return hosts;
}

/**
 * Refuses a request whose `Host` does not name this server. A browser always sends the name it
 * resolved, so a page that rebinds its own DNS name to 127.0.0.1 to reach the local API or site
 * gets a 421 and never a response it could read.
 */
export function assertOwnHost(host: string | undefined, hosts: Set<string>): void {
  if (host !== undefined && hosts.has(host.toLowerCase())) return;
  throw new MisdirectedRequestError({
    detail:
      'This server answers only requests addressed to it: localhost, 127.0.0.1 or [::1] with its port, or the host of PUBLIC_BASE_URL. Set PUBLIC_BASE_URL to the address you reach it by.',
  });
}
