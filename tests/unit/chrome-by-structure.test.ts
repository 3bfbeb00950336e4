import { describe, expect, it } from 'vitest';
import { chromeKindOf } from '../../shared/clean/chrome-rules';
import { htmlToText } from '../../shared/clean/sanitise-html';
import type { Partner } from '../../shared/config/partner-registry-schema';
import type { ArticlePayload } from '../../shared/ingest/delivery-schema';
import { normaliseArticle } from '../../shared/ingest/normalise-article';
import { innermostBlockTexts } from '../support/html-blocks';
import { testPartners } from '../support/test-partners';

const almadar = (await testPartners().getPartner('almadar')) as Partner;

const FRENCH = [
  'Les négociateurs des deux pays se sont retrouvés jeudi à Istanbul pour discuter de l’avenir du corridor céréalier, qui a transporté des millions de tonnes de blé depuis l’été dernier.',
  'Les responsables ont qualifié les discussions de constructives, mais plusieurs questions sur les inspections et les assurances restent ouvertes et une nouvelle séance suivra.',
];
const PERSIAN = [
  'مذاکره‌کنندگان دو کشور روز پنجشنبه دوباره در استانبول دیدار کردند تا درباره آینده کریدور غلات گفت‌وگو کنند؛ کریدوری که از تابستان گذشته میلیون‌ها تن گندم را جابه‌جا کرده است.',
  'مقام‌ها گفتند گفت‌وگوها سازنده بود اما چند پرسش درباره بازرسی و بیمه همچنان باز است و دور دیگری از مذاکرات هفته آینده برگزار خواهد شد.',
];

/**
 * A fragment delivered by almadar: the blocks a reader sees, as an HTML parser finds them, once
 * the body's whole text is shown to hold nothing else.
 */
function blocksOf(contentHtml: string): string[] {
  const payload: ArticlePayload = {
    externalId: 'structure-1',
    url: 'https://almadar.example/2024/11/28/structure/',
    title: 'Corridor',
    publishedAt: '2024-11-28T10:00:00Z',
    contentHtml,
  };
  const { bodyHtml } = normaliseArticle(payload, almadar);
  const blocks = innermostBlockTexts(bodyHtml).map((text) => text.trim());
  expect(htmlToText(bodyHtml).replace(/\s+/g, ' ').trim()).toBe(blocks.join(' '));
  return blocks;
}

const paragraphs = (texts: string[]) => texts.map((text) => `<p>${text}</p>`).join('');

describe('chrome recognised by structure, whatever its language', () => {
  it('drops a French WordPress comment area and the title printed above its form', () => {
    const html = `${paragraphs(FRENCH)}
      <h3>Laisser un commentaire</h3>
      <form action="/wp-comments-post.php" class="comment-form"><p class="comment-notes">Votre adresse e-mail ne sera pas publiée.</p><textarea name="comment"></textarea></form>
      <div class="wp-block-comments"><h2>2 réflexions sur « Corridor »</h2><ol><li><p>Très bon article, merci pour ces précisions sur les inspections.</p></li></ol></div>
      <nav class="wp-block-post-navigation-link"><a href="/a/">Article précédent : la récolte de blé</a></nav>`;
    expect(blocksOf(html)).toEqual(FRENCH);
  });

  it('drops a Persian Blogger post footer, comments, comment form title and pager', () => {
    const html = `<div class="post-body entry-content">${paragraphs(PERSIAN)}</div>
      <div class="post-footer"><div class="post-footer-line"><span class="post-author">ارسال شده توسط مدیر</span> <span class="post-labels">برچسب‌ها: اقتصاد</span></div></div>
      <div class="comments" id="comments"><h4>۲ نظر:</h4><div id="comment-holder"><p>مطلب بسیار خوبی بود، ممنون از شما.</p></div>
        <h4 id="comment-post-message">ارسال یک نظر</h4><div id="comment-editor"><iframe src="https://www.blogger.com/comment-iframe.g"></iframe></div></div>
      <div class="blog-pager" id="blog-pager"><a class="blog-pager-newer-link" href="/a">پست جدیدتر</a> <a class="blog-pager-older-link" href="/b">پست قدیمی‌تر</a> <a class="home-link" href="/">صفحهٔ اصلی</a></div>`;
    expect(blocksOf(html)).toEqual(PERSIAN);
  });

  it('drops the site’s landmarks by role: breadcrumbs as navigation, a search box', () => {
    const html = `<div role="navigation" aria-label="Fil d’Ariane"><p>Accueil › Monde › Corridor</p></div>${paragraphs(FRENCH)}<div role="search"><p>Rechercher sur le site</p></div>`;
    expect(blocksOf(html)).toEqual(FRENCH);
  });

  it('keeps a heading above an embedded video: only a form’s or box’s title goes with it', () => {
    const html = `${paragraphs(FRENCH)}<h2>La vidéo de la conférence</h2><iframe src="https://video.example/1"></iframe><p>${FRENCH[0]}</p>`;
    expect(blocksOf(html)).toEqual([...FRENCH, 'La vidéo de la conférence', FRENCH[0]]);
  });
});

describe('text rules, the fallback for chrome without structure', () => {
  it.each([
    'Laisser un commentaire',
    'Laisser une réponse Annuler la réponse',
    'Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *',
    'دیدگاهتان را بنویسید',
    'نشانی ایمیل شما منتشر نخواهد شد. بخش‌های موردنیاز علامت‌گذاری شده‌اند *',
  ])('know the French and Persian comment form: "%s"', (text) => {
    expect(chromeKindOf(text)).toBe('comment-form');
  });

  it('drop a French comment-form heading that has no structure at all, after the article', () => {
    expect(blocksOf(`${paragraphs(FRENCH)}<h3>Laisser un commentaire</h3>`)).toEqual(FRENCH);
  });

  it.each([
    'Laisser un commentaire sur cette affaire serait prématuré, a déclaré le ministre lors de la conférence.',
    'ارسال نظر کارشناسان به کمیسیون تا پایان هفته آینده ادامه خواهد داشت و نتیجه آن منتشر می‌شود.',
  ])('leave article sentences alone: "%s"', (text) => {
    expect(chromeKindOf(text)).toBeUndefined();
  });
});

describe('a dateline naming the partner in another language', () => {
  it('goes like the Arabic one: the registry’s aliases name the partner in English too', () => {
    const payload: ArticlePayload = {
      externalId: 'dateline-en',
      url: 'https://almadar.example/en/2024/11/28/corridor/',
      title: 'Corridor',
      publishedAt: '2024-11-28T10:00:00Z',
      contentHtml: `<p>Almadar European Media Network — Negotiators met again on Thursday in Istanbul to discuss the future of the grain corridor, which has carried millions of tonnes of wheat.</p>`,
    };
    const content = normaliseArticle(payload, almadar);
    expect(htmlToText(content.bodyHtml).startsWith('Negotiators met again')).toBe(true);
    expect(content.attribution.via).toBe('شبكة المدار الإعلامية الأوروبية');
  });
});
