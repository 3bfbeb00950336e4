import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleIdFor } from '../../shared/domain/article-id';
import { createArticleEditing } from '../../shared/editor/article-editing';
import { plainText } from '../../shared/text/markup';
import { englishArticle, fixture } from '../support/fixtures';
import { hostileArticle, payloadOf } from '../support/hostile-text';
import { OTHER_SECRET } from '../support/test-partners';
import { TestPipeline } from '../support/test-pipeline';
import { WebSubHubStub } from '../support/websub-hub-stub';

/**
 * A checkout of the W3C Feed Validation Service (https://github.com/w3c/feedvalidator) with its
 * Python dependencies; CI cannot fetch it, so this check runs only where a developer has it.
 */
const VALIDATOR_DIR = process.env.FEEDVALIDATOR_DIR;
const PYTHON = process.env.FEEDVALIDATOR_PYTHON ?? '/usr/bin/python3';
const run = promisify(execFile);

/** The validator's verdict on a URL: its own text output, and whether it found nothing. */
async function validate(url: string): Promise<{ clean: boolean; output: string }> {
  // Asynchronous: the feed is served by this very process, which must stay free to answer.
  try {
    const { stdout } = await run(PYTHON, [join(VALIDATOR_DIR ?? '', 'src', 'demo.py'), url], {
      timeout: 60_000,
    });
    return { clean: stdout.includes('No errors or warnings'), output: stdout };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return { clean: false, output: `${failed.stdout ?? ''}${failed.stderr ?? failed.message}` };
  }
}

const OTHER_OUTLET = { partnerId: 'other-outlet', secret: OTHER_SECRET };
const LIMITED = { partnerId: 'limited', secret: OTHER_SECRET };

describe.skipIf(!VALIDATOR_DIR)(
  'the W3C Feed Validation Service engine (runs when FEEDVALIDATOR_DIR names a checkout of w3c/feedvalidator)',
  () => {
    let stack: TestPipeline;
    let hub: WebSubHubStub;

    beforeAll(async () => {
      // With a WebSub hub, so the feeds carry its rel="hub" links too.
      hub = await WebSubHubStub.start();
      stack = await TestPipeline.start({ websubHubs: [hub.url] });
      const deliveries: [object, object?][] = [
        // Arabic, republished: the almadar and ar feeds.
        [fixture('webhook-article-text.json')],
        // Hostile text in every text field, English.
        [
          englishArticle({
            externalId: 'hostile',
            title: 'Q&A: ]]> "quoted" \'single\' &amp; &lt;b&gt; 1 < 2 \u202Eevil\u202C 😀',
            summary: 'Quoting <img src=x onerror=alert(1)> and </p> &amp; ]]> as text.',
            author: ['A & B', 'C &amp; D <3', '"Quoted" ]]>'],
            categories: ['Q&A', '< tag >', '&lt;b&gt;', '1 < 2'],
            attribution: {
              publisher: 'P & Q «Press» &amp;',
              url: 'https://p.example/?a=1&b=2',
              license: 'CC BY & SA &lt;4.0&gt;',
            },
          }),
          OTHER_OUTLET,
        ],
        // The body of issue 7, whose summary is made from its text.
        [
          englishArticle({
            externalId: 'mentions-script',
            title: 'About scripts',
            contentText: undefined,
            contentHtml: '<p>About &lt;script&gt;alert(1)&lt;/script&gt;</p>',
            publishedAt: '2024-11-28T11:00:00+01:00',
          }),
          OTHER_OUTLET,
        ],
        // Longer than a feed item carries: its items hold the beginning, a link to the page, the credit.
        [
          englishArticle({
            externalId: 'long',
            title: 'A long article',
            language: 'en',
            contentText: undefined,
            contentHtml: Array.from(
              { length: 120 },
              (_, index) =>
                `<h2>Part ${index}</h2><p>${'Talks went on & on. '.repeat(15)}</p><ul><li>one</li><li>two</li></ul>`,
            ).join(''),
          }),
          OTHER_OUTLET,
        ],
        // A partner without a homepage, in French, then withdrawn: its feeds stay, empty.
        [englishArticle({ externalId: 'withdrawn', language: 'fr', title: 'Un article retiré' }), LIMITED],
        [
          { type: 'article.deleted', timestamp: '2024-11-28T12:00:00Z', data: { externalId: 'withdrawn' } },
          LIMITED,
        ],
      ];
      // And arbitrary hostile text of the property tests, with a fixed seed so a failure repeats.
      fc.sample(hostileArticle, { numRuns: 12, seed: 7 }).forEach((article, index) => {
        const data = payloadOf(article, `arbitrary-${index}`, `2024-11-2${index % 5}T08:00:00Z`);
        deliveries.push([
          { type: 'article.published', timestamp: '2024-11-28T10:00:00Z', data },
          OTHER_OUTLET,
        ]);
      });
      for (const [body, options] of deliveries) {
        const answer = await stack.deliver(body, options);
        expect(answer.status, JSON.stringify(answer.json)).toBeLessThan(300);
        await stack.waitUntilPublished();
      }
      // An editor's correction (a later modified date, a corrected publisher and title, hostile text
      // in both) and a takedown: the feeds they leave behind must stay valid too.
      const editing = createArticleEditing(stack.pipeline.context);
      const editor = { id: 'validator-editor' };
      const arabic = articleIdFor('almadar', String(fixture('webhook-article-text.json').data.externalId));
      await editing.correctArticle(
        arabic,
        {
          values: {
            title: plainText('روسيا وطالبان: تصحيح & «اقتباس» ]]> 1 < 2 &amp;'),
            publisher: { name: plainText('Press & «Co» <3'), url: 'https://press.example/?a=1&b=2' },
          },
          release: [],
          reason: 'The publisher was misnamed & the title <i>misquoted</i>.',
        },
        editor,
      );
      await editing.unpublishArticle(
        articleIdFor('other-outlet', 'mentions-script'),
        'A takedown request.',
        editor,
      );
      await stack.waitUntilPublished();
    }, 120_000);

    afterAll(async () => {
      await stack?.stop();
      await hub?.stop();
    });

    it.each([
      ['the site', 'feeds'],
      ['a partner, Arabic', 'feeds/partners/almadar'],
      ['a partner, with hostile text', 'feeds/partners/other-outlet'],
      ['a partner, empty since its article was withdrawn', 'feeds/partners/limited'],
      ['a language, Arabic', 'feeds/languages/ar'],
      ['a language, German, with arbitrary text and English credit lines', 'feeds/languages/de'],
      ['a language, English with hostile text', 'feeds/languages/en'],
      ['a language, empty since its article was withdrawn', 'feeds/languages/fr'],
    ])(
      'finds no error and no warning in the RSS and Atom feeds of %s',
      async (_name, path) => {
        for (const file of ['rss.xml', 'atom.xml']) {
          const { clean, output } = await validate(`${stack.url}/${path}/${file}`);
          expect(clean, output).toBe(true);
        }
      },
      180_000,
    );
  },
);
