import { describe, expect, it } from 'vitest';
import { readConsoleFiles } from '../../local/console-files';
import type { PutOutcome, SiteBucket, SiteObject } from '../../shared/ports/site-bucket';
import { consoleObject, publishConsole } from '../../shared/publish/publish-console';

/** A bucket that remembers what was put, and finds the same bytes unchanged the second time. */
class RememberingBucket implements SiteBucket {
  readonly objects = new Map<string, SiteObject>();
  async put(object: SiteObject): Promise<PutOutcome> {
    const before = this.objects.get(object.key);
    this.objects.set(object.key, object);
    return before && Buffer.from(before.body).equals(Buffer.from(object.body)) ? 'unchanged' : 'written';
  }
  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
}

describe('publishing the editor console', () => {
  it('puts every file of console/ under editor/ with its media type, revalidated on every visit', async () => {
    const bucket = new RememberingBucket();
    const report = await publishConsole(bucket, await readConsoleFiles());
    expect(report.written).toEqual(
      expect.arrayContaining([
        'editor/index.html',
        'editor/main.js',
        'editor/console.css',
        'editor/config.json',
      ]),
    );
    expect(bucket.objects.get('editor/index.html')?.contentType).toBe('text/html; charset=utf-8');
    // Browsers run a module script only with a JavaScript media type.
    expect(bucket.objects.get('editor/views/article-list.js')?.contentType).toBe(
      'text/javascript; charset=utf-8',
    );
    expect(bucket.objects.get('editor/console.css')?.contentType).toBe('text/css; charset=utf-8');
    expect(bucket.objects.get('editor/config.json')?.contentType).toBe('application/json; charset=utf-8');
    for (const object of bucket.objects.values()) expect(object.cacheControl).toBe('no-cache');

    const again = await publishConsole(bucket, await readConsoleFiles());
    expect(again.written).toEqual([]);
    expect(again.unchanged).toBe(report.written.length);
  });

  it.each(['notes.md', '.env', 'views/.hidden.js', 'tsconfig'])(
    'refuses %s, which the console is not made of',
    (path) => {
      expect(() => consoleObject({ path, body: '' })).toThrow(/is not a file the console serves/);
    },
  );
});
