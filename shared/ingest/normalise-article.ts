import { htmlNestingDepth } from '../clean/html-depth';
import { removeProvenanceChrome } from '../clean/provenance-chrome';
import { htmlToText, sanitiseArticleHtml } from '../clean/sanitise-html';
import { removeStructuralChrome } from '../clean/structural-chrome';
import { summarise } from '../clean/summarise';
import { textToHtml } from '../clean/text-to-html';
import type { Partner } from '../config/partner-registry-schema';
import type { ArticleContent, Author } from '../domain/article';
import { ValidationError } from '../errors/http-errors';
import { canonicalLanguageTag, detectLanguage, directionOf } from '../text/language';
import { tidyInlineText } from '../text/xml-safe-text';
import type { ArticlePayload } from './delivery-schema';

type AuthorInput = NonNullable<ArticlePayload['author']>;

function toAuthors(...inputs: (AuthorInput | undefined)[]): Author[] {
  const seen = new Set<string>();
  const authors: Author[] = [];
  for (const input of inputs) {
    if (input === undefined) continue;
    for (const item of Array.isArray(input) ? input : [input]) {
      const author: Author = typeof item === 'string' ? { name: item } : { ...item };
      author.name = tidyInlineText(author.name);
      if (author.name && !seen.has(author.name)) {
        seen.add(author.name);
        authors.push(author);
      }
    }
  }
  return authors;
}

/** Real articles nest a dozen deep; the cleaning steps recurse, so anything absurd is refused first. */
const MAX_HTML_DEPTH = 200;

/**
 * Turns a validated delivery into the content we store: cleaned body, tidy text, language and
 * direction, summary and source attribution.
 */
export function normaliseArticle(payload: ArticlePayload, partner: Partner): ArticleContent {
  if (payload.contentHtml !== undefined && htmlNestingDepth(payload.contentHtml) > MAX_HTML_DEPTH) {
    throw new ValidationError({
      detail: `The HTML nests elements more than ${MAX_HTML_DEPTH} deep; no article needs that.`,
      fieldErrors: [
        { pointer: '/data/contentHtml', message: `must not nest elements more than ${MAX_HTML_DEPTH} deep` },
      ],
    });
  }
  const raw =
    payload.contentHtml !== undefined
      ? removeStructuralChrome(payload.contentHtml)
      : textToHtml(payload.contentText ?? '');
  const cleaned = removeProvenanceChrome(raw, {
    partnerNames: [partner.name, ...partner.aliases],
    carries: partner.carries,
    partnerPatterns: partner.chromePatterns.map((source) => new RegExp(source, 'iu')),
  });
  // Sanitising comes last, so nothing the cleaning steps serialise escapes the allowlist.
  const bodyHtml = sanitiseArticleHtml(cleaned.html, payload.url);
  const bodyText = htmlToText(bodyHtml);
  if (tidyInlineText(bodyText).length === 0 && !/<img\b/.test(bodyHtml)) {
    // Everything was chrome or markup we remove: refuse rather than publish an empty article.
    const field = payload.contentHtml !== undefined ? 'contentHtml' : 'contentText';
    throw new ValidationError({
      detail: 'The article has no text once scripts, forms and site chrome are removed.',
      fieldErrors: [{ pointer: `/data/${field}`, message: 'has no article text after cleaning' }],
    });
  }
  const title = tidyInlineText(payload.title);
  const language = canonicalLanguageTag(payload.language ?? detectLanguage(`${title}\n${bodyText}`));
  const explicit = payload.attribution;
  const content: ArticleContent = {
    title,
    summary: payload.summary ? tidyInlineText(payload.summary) : summarise(bodyText),
    bodyHtml,
    url: payload.url,
    publishedAt: payload.publishedAt,
    updatedAt: payload.updatedAt ?? payload.publishedAt,
    authors: toAuthors(payload.author, payload.authors),
    categories: [...new Set((payload.categories ?? []).map(tidyInlineText).filter(Boolean))],
    language,
    direction: directionOf(language),
    attribution: {
      deliveredBy: { partnerId: partner.id, name: partner.name, homepage: partner.homepage },
      publisher: explicit
        ? { name: tidyInlineText(explicit.publisher), url: explicit.url }
        : cleaned.credit
          ? { name: cleaned.credit.name, url: cleaned.credit.url }
          : { name: partner.name, url: partner.homepage },
      publisherSource: explicit ? 'explicit' : cleaned.credit ? 'credit-line' : 'partner',
      via: cleaned.via,
      license: explicit?.license ? tidyInlineText(explicit.license) : undefined,
      originalUrl: payload.url,
    },
  };
  if (payload.image) {
    content.image = {
      url: payload.image.url,
      alt: payload.image.alt ? tidyInlineText(payload.image.alt) : undefined,
    };
  }
  return content;
}
