import type { Article } from '../shared/domain/article';
import type { PipelineContext } from '../shared/runtime/pipeline-context';
import { html, plainText, raw } from '../shared/text/markup';
import { firstRevisionCommit } from '../tests/support/first-revision';

/**
 * The benchmarks' article `index`: a minute after the one before it (from `epoch`), about 14 KB of
 * body, in `language`.
 */
export function benchArticle(index: number, options: { epoch: number; language?: string }): Article {
  const publishedAt = new Date(options.epoch + index * 60_000).toISOString();
  const language = options.language ?? 'en';
  return {
    articleId: `a${String(index).padStart(20, '0')}`,
    partnerId: 'bench',
    externalId: `bench-${index}`,
    slug: `bench-${index}`,
    revision: 1,
    visibility: 'public',
    changeSeq: 1,
    contentHash: String(index),
    createdAt: publishedAt,
    modifiedAt: publishedAt,
    content: {
      title: plainText(`Benchmark article ${index}`),
      summary: plainText('A summary of about this length.'),
      bodyHtml: html`${Array.from({ length: 8 }, () => html`<p>${'A paragraph of body text for the benchmark. '.repeat(40)}</p>`).map(raw)}`,
      url: `https://bench.example/${index}`,
      publishedAt,
      updatedAt: publishedAt,
      authors: [{ name: plainText('Bench Author') }],
      categories: [plainText('bench')],
      language,
      direction: language === 'ar' ? 'rtl' : 'ltr',
      attribution: {
        deliveredBy: { partnerId: 'bench', name: plainText('Bench Outlet') },
        publisher: { name: plainText('Bench Outlet') },
        publisherSource: 'partner',
        originalUrl: `https://bench.example/${index}`,
      },
    },
  };
}

/** Stores `article` as its first delivery would, without publishing it. */
export async function storeBenchArticle(context: PipelineContext, article: Article): Promise<Article> {
  await context.store.commitRevision(firstRevisionCommit(article, article.createdAt));
  return article;
}
