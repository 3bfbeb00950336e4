import { describe, expect, it } from 'vitest';
import { htmlToText, sanitiseArticleHtml } from '../../shared/clean/sanitise-html';
import { slugAlternative, slugCandidate } from '../../shared/clean/slug';
import { summarise } from '../../shared/clean/summarise';
import { textToHtml } from '../../shared/clean/text-to-html';
import { canonicalLanguageTag, detectLanguage, directionOf } from '../../shared/text/language';
import { normaliseText, stripXmlForbidden } from '../../shared/text/xml-safe-text';
import { fixture } from '../support/fixtures';

const BASE = 'https://almadar.example/2024/11/27/russia-taliban-rapprochement/';

describe('sanitiseArticleHtml', () => {
  const html = fixture('webhook-article-html.json').data.contentHtml as string;
  const clean = sanitiseArticleHtml(html, BASE);

  it('drops the script, its text and the event handler', () => {
    expect(clean).not.toMatch(/<script|document\.write|onerror|alert\(1\)/);
  });

  it('drops the comment form and its fields', () => {
    expect(clean).not.toMatch(/<form|<textarea|<input/);
  });

  it('makes the image URL absolute against the article URL', () => {
    expect(clean).toContain('src="https://almadar.example/wp-content/uploads/2024/11/shoigu-kabul.jpg"');
  });

  it('keeps the two headings as headings', () => {
    expect(clean).toContain('<h2>مظاهر التقارب</h2>');
    expect(clean).toContain('<h2>محفزات رئيسية</h2>');
  });

  it.each([
    ['<a href="javascript:alert(1)">x</a>', 'javascript:'],
    ['<a href="data:text/html,hi">x</a>', 'data:'],
    ['<a href="vbscript:msgbox">x</a>', 'vbscript:'],
    ['<img src="x" onload="steal()">', 'onload'],
    ['<iframe src="https://evil.example/"></iframe>', 'iframe'],
    ['<p style="position:fixed">x</p>', 'style='],
    ['<object data="x.swf"></object><embed src="y">', 'embed'],
  ])('removes %s', (input, forbidden) => {
    expect(sanitiseArticleHtml(input, BASE)).not.toContain(forbidden);
  });

  it('makes relative links and srcset absolute', () => {
    const out = sanitiseArticleHtml(
      '<a href="../other/">o</a><img src="a.jpg" srcset="a.jpg 1x, /b.jpg 2x">',
      BASE,
    );
    expect(out).toContain('href="https://almadar.example/2024/11/27/other/"');
    expect(out).toContain(
      'srcset="https://almadar.example/2024/11/27/russia-taliban-rapprochement/a.jpg 1x, https://almadar.example/b.jpg 2x"',
    );
  });
});

describe('htmlToText', () => {
  it('decodes entities exactly once: escaped markup is text, an escaped entity stays an entity', () => {
    const html = sanitiseArticleHtml(
      '<p>About &lt;script&gt;alert(1)&lt;/script&gt;</p><p>&amp;lt;b&amp;gt; &amp;amp;</p>',
      BASE,
    );
    expect(htmlToText(html)).toBe('About <script>alert(1)</script>\n&lt;b&gt; &amp;\n');
  });

  it('keeps the words of two blocks apart', () => {
    expect(
      htmlToText(sanitiseArticleHtml('<h2>Title</h2><ul><li>one</li><li>two</li></ul>x<br>y', BASE)),
    ).toBe('Title\none\ntwo\nx\ny');
  });
});

describe('textToHtml', () => {
  it('turns lines into paragraphs and a short standalone line into a heading', () => {
    expect(
      textToHtml(
        'First paragraph, long enough to be body text.\n\nA heading\n\nThe text under the heading goes on.',
      ),
    ).toBe(
      '<p>First paragraph, long enough to be body text.</p>\n<h2>A heading</h2>\n<p>The text under the heading goes on.</p>',
    );
  });

  it('escapes markup in text', () => {
    expect(textToHtml('1 < 2 & <script>x</script> is text.')).toBe(
      '<p>1 &lt; 2 &amp; &lt;script&gt;x&lt;/script&gt; is text.</p>',
    );
  });

  it('finds the headings of the Arabic sample', () => {
    const html = textToHtml(fixture('webhook-article-text.json').data.contentText as string);
    expect(html).toContain('<h2>مظاهر التقارب</h2>');
    expect(html).toContain('<h2>محفزات رئيسية</h2>');
  });
});

describe('text normalisation', () => {
  it('removes characters XML 1.0 forbids and keeps tab and newline', () => {
    expect(stripXmlForbidden('a\u0000b\u0008c\u000Bd\uFFFEe\uD800f\tg\nh')).toBe('abcdef\tg\nh');
  });

  it('keeps a valid surrogate pair', () => {
    expect(stripXmlForbidden('emoji 😀')).toBe('emoji 😀');
  });

  it('normalises to NFC', () => {
    expect(normaliseText('e\u0301')).toBe('\u00E9');
  });
});

describe('language', () => {
  it.each([
    ['arb', 'ar'],
    ['AR-eg', 'ar-EG'],
    ['pes', 'fa'],
    ['en-GB', 'en-GB'],
  ])('stores %s as %s', (input, expected) => {
    expect(canonicalLanguageTag(input)).toBe(expected);
  });

  it.each([
    ['این یک متن فارسی است که باید به درستی تشخیص داده شود و به عنوان زبان فارسی شناخته شود', 'fa'],
    ['Ceci est un texte en français, assez long pour que le détecteur le reconnaisse correctement.', 'fr'],
    ['مرحبا بكم', 'ar'],
    ['Hello', 'en'],
  ])('detects %s as %s, with the shortest tag', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('detects Arabic from the sample and gives it right-to-left', () => {
    const language = detectLanguage(fixture('webhook-article-text.json').data.contentText as string);
    expect(language).toBe('ar');
    expect(directionOf(language)).toBe('rtl');
    expect(directionOf('en')).toBe('ltr');
  });
});

describe('summary and slug', () => {
  it('summarises to 50 words without cutting one', () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const summary = summarise(words);
    expect(summary.split(' ')).toHaveLength(50);
    expect(summary.endsWith('word49…')).toBe(true);
  });

  it('caps a summary of one endless word in characters', () => {
    const summary = summarise('x'.repeat(10_000));
    expect([...summary].length).toBeLessThanOrEqual(401);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('slugs a Latin title, and an Arabic title from the external id, never percent-encoded', () => {
    expect(slugCandidate('Grain Corridor: Talks Resume!', 'x')).toBe('grain-corridor-talks-resume');
    expect(slugCandidate('كيف تزايدت مظاهر التقارب', '2024-11-russia-taliban')).toBe(
      '2024-11-russia-taliban',
    );
    expect(slugAlternative('base', 1, 'a0123456789abcdefghjk')).toBe('base');
    expect(slugAlternative('base', 2, 'a0123456789abcdefghjk')).toBe('base-012345');
    expect(slugAlternative('base', 3, 'a0123456789abcdefghjk')).toBe('base--a0123456789abcdefghjk');
  });
});
