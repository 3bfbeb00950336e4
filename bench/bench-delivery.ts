const PARAGRAPH = `<p>${'Body text of a delivered article, a sentence of ordinary prose. '.repeat(6)}</p>`;
/** About 20 KB of HTML, as in issue 12's measurement. */
const CONTENT_HTML = PARAGRAPH.repeat(50);

/**
 * The body of a delivery of the bench partner: a new English article with about 20 KB of HTML, its
 * external id `${label}-${index}` and its title the label's (`burst` and 7 give "Burst article 7").
 */
export function benchDeliveryBody(index: number, publishedAt: Date, label: string): string {
  return JSON.stringify({
    type: 'article.published',
    timestamp: new Date().toISOString(),
    data: {
      externalId: `${label}-${index}`,
      url: `https://bench.example/${label}/${index}`,
      title: `${label.charAt(0).toUpperCase()}${label.slice(1)} article ${index}`,
      summary: 'An article of the ingest benchmark.',
      publishedAt: publishedAt.toISOString(),
      language: 'en',
      authors: [{ name: 'Bench Author' }],
      categories: ['bench'],
      contentHtml: `${CONTENT_HTML}<p>Article ${index}.</p>`,
    },
  });
}
