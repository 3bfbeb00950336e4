import { describe, expect, it } from 'vitest';
import { chromeKindOf } from '../../shared/clean/chrome-rules';
import { removeProvenanceChrome } from '../../shared/clean/provenance-chrome';
import { removeStructuralChrome } from '../../shared/clean/structural-chrome';

const carries = [
  {
    name: 'Interregional for Strategic Analyses',
    aliases: ['انترريجورنال للتحليلات الاستراتيجية'],
    url: 'https://interregional.example/',
  },
];
const hints = {
  partnerNames: ['Al-Madar Network', 'Al Madar'],
  carries,
  partnerPatterns: [/^Subscribe to our newsletter/iu],
};

describe('chromeKindOf', () => {
  it.each([
    ['اترك تعليقاً', 'comment-form'],
    ['Leave a Reply', 'comment-form'],
    ['Leave a Reply Cancel reply', 'comment-form'],
    ['Your email address will not be published. Required fields are marked *', 'comment-form'],
    ['لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *', 'comment-form'],
    ['Post Comment', 'comment-form'],
    ['Previous post: Talks stall in Geneva', 'post-navigation'],
    ['Next article Markets rally', 'post-navigation'],
    ['المقال السابق: انتهاكات إسرائيلية', 'post-navigation'],
    ['المقالة التالية الممثلة هند صبري', 'post-navigation'],
    ['Share this:', 'share-prompt'],
    ['Share on Facebook', 'share-prompt'],
    ['شارك هذا المقال', 'share-prompt'],
  ])('knows "%s" as %s', (text, kind) => {
    expect(chromeKindOf(text)).toBe(kind);
  });

  it.each([
    'Next article in this series will examine the economy.',
    'المقال التالي ترجمة لتقرير نشرته الصحيفة…',
    'The previous post-war order is gone, the minister said.',
    'Share prices fell sharply on Monday as investors weighed the new tariffs on steel.',
    'المقال يناقش العلاقات بين البلدين',
    'Comments from the minister were not available.',
  ])('leaves article text alone: "%s"', (text) => {
    expect(chromeKindOf(text)).toBeUndefined();
  });

  it('applies the partner’s own patterns from the registry', () => {
    expect(chromeKindOf('Subscribe to our newsletter for more', [/^Subscribe to our newsletter/iu])).toBe(
      'partner-pattern',
    );
  });
});

describe('chrome inside the article', () => {
  const long = (n: number) => `<p>${Array.from({ length: 25 }, (_, i) => `word${n}x${i}`).join(' ')}.</p>`;

  it('judges the blocks inside a theme wrapper, not the wrapper', () => {
    const html = `<div class="entry-content">${long(1)}${long(2)}<p>Your email address will not be published.</p><p>Share this:</p></div>`;
    const result = removeProvenanceChrome(html, hints);
    expect(result.html).toContain('word1x0');
    expect(result.html).toContain('word2x0');
    expect(result.html).not.toContain('Your email');
    expect(result.html).not.toContain('Share this');
  });

  it('leaves a chrome-like line between article paragraphs alone', () => {
    const html = `${long(1)}<p>الخبر التالي نشرته وكالة رويترز</p>${long(2)}`;
    expect(removeProvenanceChrome(html, hints).html).toContain('الخبر التالي نشرته وكالة رويترز');
  });

  it('finds a credit line at the end of a theme wrapper', () => {
    const html = `<div>${long(1)}<p>Source: Interregional for Strategic Analyses</p></div>`;
    expect(removeProvenanceChrome(html, hints).credit?.name).toBe('Interregional for Strategic Analyses');
  });
});

describe('removeStructuralChrome', () => {
  it('drops WordPress comment, navigation and share containers with their content', () => {
    const out = removeStructuralChrome(
      '<p>Story.</p><div id="respond"><h3>Leave a Reply</h3></div><nav class="navigation post-navigation"><a href="/p">Prev</a></nav><div class="sharedaddy sd-sharing-enabled">Share</div><script>x()</script>',
    );
    expect(out).toBe('<p>Story.</p>');
  });
});

describe('removeProvenanceChrome', () => {
  it('strips a dateline naming the partner (by alias) and records it as via', () => {
    const result = removeProvenanceChrome(
      '<p>Al-Madar Network - BEIRUT: Talks resumed.</p><p>More.</p>',
      hints,
    );
    expect(result.html).toBe('<p>BEIRUT: Talks resumed.</p><p>More.</p>');
    expect(result.via).toBe('Al-Madar Network');
  });

  it('leaves a first sentence that only mentions the partner', () => {
    const result = removeProvenanceChrome('<p>Al Madar reported that talks resumed.</p>', hints);
    expect(result.html).toBe('<p>Al Madar reported that talks resumed.</p>');
    expect(result.via).toBeUndefined();
  });

  it.each([
    '<p><strong>انترريجورنال للتحليلات الاستراتيجية</strong></p>',
    '<p>Source: Interregional for Strategic Analyses</p>',
    '<p>— Interregional for Strategic Analyses.</p>',
    '<p>المصدر: انترريجورنال للتحليلات الاستراتيجية</p>',
  ])('takes a closing credit line %s into the attribution', (credit) => {
    const result = removeProvenanceChrome(
      `<p>Body text.</p>${credit}<img src="https://x.example/a.jpg">`,
      hints,
    );
    expect(result.credit?.name).toBe('Interregional for Strategic Analyses');
    expect(result.html).toBe('<p>Body text.</p><img src="https://x.example/a.jpg">');
  });

  it('does not take a credit line that names a publisher the partner does not carry', () => {
    const result = removeProvenanceChrome('<p>Body text.</p><p>Source: Some Other Agency</p>', hints);
    expect(result.credit).toBeUndefined();
    expect(result.html).toContain('Some Other Agency');
  });
});
