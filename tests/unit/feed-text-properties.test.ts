import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../shared/domain/article';
import { checkArticlePayload } from '../../shared/ingest/delivery-schema';
import { normaliseArticle } from '../../shared/ingest/normalise-article';
import { renderArticleDocument } from '../../shared/render/article-document';
import { renderArticlePage } from '../../shared/render/article-page';
import { renderFeeds } from '../../shared/render/feed-documents';
import { SiteUrls } from '../../shared/render/site-urls';
import { expectedText, type HostileArticle, hostileArticle, payloadOf } from '../support/hostile-text';
import { testPartners } from '../support/test-partners';
import { type ExpectedText, expectExactText } from '../support/text-expectations';

const urls = new SiteUrls('https://news.example/');
const site = { title: 'News & Views', description: 'Syndicated <articles>', language: 'en' };
const partner = testPartners()
  .list()
  .find((candidate) => candidate.id === 'other-outlet');
if (!partner) throw new Error('the test registry has no other-outlet');

/** An article as ingest stores it: the payload through the field rules and the cleaning steps. */
function ingested(payload: Record<string, unknown>): Article {
  const checked = checkArticlePayload(payload, new Date());
  if (!checked.success) throw new Error(`the payload breaks a field rule: ${JSON.stringify(checked.issues)}`);
  const content = normaliseArticle(checked.article, partner as NonNullable<typeof partner>);
  return {
    articleId: 'a0000000000000000001',
    partnerId: 'other-outlet',
    externalId: String(payload.externalId),
    slug: 'hostile',
    revision: 1,
    visibility: 'public',
    changeSeq: 1,
    contentHash: 'h',
    createdAt: '2024-11-27T09:00:01Z',
    modifiedAt: '2024-11-27T09:00:01Z',
    content,
  };
}

/** Renders an article everywhere it appears and checks what each consumer reads. */
function renderAndCheck(article: Article, expected: ExpectedText): void {
  const feeds = renderFeeds({
    scope: { kind: 'site' },
    title: site.title,
    description: site.description,
    language: 'en',
    articles: [article],
    urls,
    site,
  });
  expectExactText(
    {
      ...feeds,
      itemId: `tag:news.example,2026:article:${article.articleId}`,
      page: renderArticlePage({
        article,
        neighbours: {},
        agreement: { canonical: 'self', robots: 'index' },
        urls,
        site,
      }),
      document: renderArticleDocument(article, {}, urls),
      publisher: 'Other Outlet',
    },
    expected,
  );
}

describe('text in feeds, pages and data (property-based, render layer)', () => {
  it('reads back exactly as sent, and nothing in an HTML field runs', () => {
    fc.assert(
      fc.property(hostileArticle, (sent: HostileArticle) => {
        renderAndCheck(ingested(payloadOf(sent, 'hostile-1', '2024-11-27T09:00:00Z')), expectedText(sent));
      }),
      { numRuns: 30 },
    );
  });
});

describe('the payloads of issue 7', () => {
  it('keeps a body that mentions <script> as text out of every HTML field as markup', () => {
    const article = ingested({
      externalId: 'issue-7-body',
      url: 'https://partner.example/issue-7-body',
      title: 'About scripts',
      contentHtml: '<p>About &lt;script&gt;alert(1)&lt;/script&gt;</p>',
      publishedAt: '2024-11-27T09:00:00Z',
      language: 'en',
    });
    // The summary is the body's text: a sentence that mentions a tag.
    expect(article.content.summary).toBe('About <script>alert(1)</script>');
    renderAndCheck(article, {
      title: 'About scripts',
      summary: 'About <script>alert(1)</script>',
      authors: [],
      categories: [],
      body: ['About <script>alert(1)</script>'],
    });
  });

  it('keeps a partner summary quoting <img onerror> as text', () => {
    const summary = 'The filter missed <img src=x onerror=alert(document.cookie)> in a comment.';
    const article = ingested({
      externalId: 'issue-7-summary',
      url: 'https://partner.example/issue-7-summary',
      title: 'Q&A: ]]> and other edges',
      summary,
      contentText: 'The article itself.',
      publishedAt: '2024-11-27T09:00:00Z',
      language: 'en',
    });
    renderAndCheck(article, {
      title: 'Q&A: ]]> and other edges',
      summary,
      authors: [],
      categories: [],
      body: ['The article itself.'],
    });
  });
});
