import { describe, expect, it } from 'vitest';
import { MisdirectedRequestError } from '../../local/misdirected-request-error';
import { assertOwnHost, ownHosts } from '../../local/own-host';

describe('ownHosts', () => {
  it('names the loopback interface with the port, and PUBLIC_BASE_URL as browsers send it', () => {
    expect([...ownHosts(3000, 'https://News.Example/site')].sort()).toEqual(
      ['127.0.0.1:3000', '[::1]:3000', 'localhost:3000', 'news.example', 'news.example:443'].sort(),
    );
    expect(ownHosts(3000, 'http://192.168.1.20:8080')).toContain('192.168.1.20:8080');
  });

  it('takes bare loopback names only on port 80, where browsers leave the port out', () => {
    expect(ownHosts(80)).toEqual(
      new Set(['localhost:80', '127.0.0.1:80', '[::1]:80', 'localhost', '127.0.0.1', '[::1]']),
    );
    expect(ownHosts(3000)).not.toContain('localhost');
  });
});

describe('assertOwnHost', () => {
  const hosts = ownHosts(3000, 'https://news.example');

  it('admits its own names in any case', () => {
    expect(() => assertOwnHost('LocalHost:3000', hosts)).not.toThrow();
    expect(() => assertOwnHost('NEWS.example', hosts)).not.toThrow();
  });

  it('refuses a missing Host, another name, another port, and names that only contain its own', () => {
    for (const host of [
      undefined,
      '',
      'evil.example:3000',
      'localhost:3001',
      'localhost:3000.evil.example',
      'user@localhost:3000',
      ' localhost:3000',
    ]) {
      expect(() => assertOwnHost(host, hosts), String(host)).toThrow(MisdirectedRequestError);
    }
  });
});
