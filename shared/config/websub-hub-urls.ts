/** Hosts a hub may be reached on over plain http: this machine only (a local hub or a test's stub). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The WebSub hubs `WEBSUB_HUB_URL` names, in order, without repeats: none when it is empty or unset.
 * Several are separated by commas, white space or both. Each must be an absolute `https` URL (or
 * `http` to this machine) without credentials or fragment, because it is published in every feed and
 * told of every change; the first bad one is described in the message thrown.
 */
export function parseWebSubHubUrls(value: string | undefined): string[] {
  const hubs: string[] = [];
  for (const text of (value ?? '').split(/[\s,]+/)) {
    if (text === '') continue;
    const hub = hubUrl(text);
    if (!hubs.includes(hub)) hubs.push(hub);
  }
  return hubs;
}

function hubUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${text}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new Error(`"${text}" must be an https URL (http only for localhost)`);
  }
  if (url.username !== '' || url.password !== '') throw new Error('a hub URL must not carry credentials');
  if (url.hash !== '') throw new Error(`"${text}" must not have a fragment`);
  return url.href;
}
