import { readFileSync } from 'node:fs';

/** A partner delivery envelope from `tests/fixtures` (copies of the shared sample deliveries). */
export function fixture(name: 'webhook-article-text.json' | 'webhook-article-html.json'): {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
} {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
}

/** A small valid English article delivery, with overrides. */
export function englishArticle(data: Record<string, unknown> = {}, type = 'article.published') {
  return {
    type,
    timestamp: '2024-11-28T10:00:00Z',
    data: {
      externalId: 'en-1',
      url: 'https://other.example/news/en-1',
      title: 'Grain corridor talks resume in Istanbul',
      author: { name: 'Jane Doe', url: 'https://other.example/authors/jane' },
      publishedAt: '2024-11-28T10:00:00+01:00',
      contentText: 'Negotiators met again on Thursday.\n\nThey agreed to meet next week.',
      ...data,
    },
  };
}
