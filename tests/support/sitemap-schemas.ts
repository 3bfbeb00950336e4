import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

const schemaFile = (fileName: string) => ({
  fileName,
  contents: readFileSync(new URL(`../fixtures/sitemaps/${fileName}`, import.meta.url), 'utf8'),
});

/** Which published schema a document answers to (tests/fixtures/sitemaps/README.md). */
export type SitemapKind = 'index' | 'urlset' | 'news';

/**
 * The schema errors libxml2 finds in a sitemap document (none when it is valid): the sitemap index
 * against siteindex.xsd, an URL set against sitemap.xsd, a news sitemap against sitemap.xsd and
 * Google's sitemap-news.xsd together.
 */
export async function sitemapSchemaErrors(document: string, kind: SitemapKind): Promise<string[]> {
  const schemas = {
    index: { schema: schemaFile('siteindex.xsd'), preload: [] },
    urlset: { schema: schemaFile('sitemap.xsd'), preload: [] },
    news: {
      schema: schemaFile('news-sitemap.xsd'),
      preload: [schemaFile('sitemap.xsd'), schemaFile('sitemap-news.xsd')],
    },
  }[kind];
  const result = await validateXML({
    xml: { fileName: 'document.xml', contents: document },
    schema: schemas.schema,
    preload: schemas.preload,
  });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}
