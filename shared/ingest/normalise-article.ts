import type { Document } from 'domhandler';
import { parseArticleHtml } from '../clean/article-dom';
import { articleFromPage, assertArticleRemains } from '../clean/extract-article';
import {
  type CleanedBody,
  type ProvenanceHints,
  removeProvenanceChrome,
  removeProvenanceChromeFromText,
  withProvenanceAround,
} from '../clean/provenance-chrome';
import { htmlToText, sanitiseArticleHtml } from '../clean/sanitise-html';
import { removeStructuralChrome } from '../clean/structural-chrome';
import { summarise } from '../clean/summarise';
import { textBlocks } from '../clean/text-to-html';
import { CHROME_PATTERN_FLAGS, type Partner } from '../config/partner-registry-schema';
import type { ArticleContent, Author } from '../domain/article';
import { HtmlTooDeepError } from '../errors/cleaning-errors';
import { ValidationError } from '../errors/http-errors';
import { canonicalLanguageTag, detectLanguage, directionOf } from '../text/language';
import { inlineText, type PlainText } from '../text/markup';
import { isBlankText } from '../text/xml-safe-text';
import type { ArticlePayload } from './delivery-schema';

type AuthorInput = NonNullable<ArticlePayload['author']>;

function toAuthors(...inputs: (AuthorInput | undefined)[]): Author[] {
  const seen = new Set<string>();
  const authors: Author[] = [];
  for (const input of inputs) {
    if (input === undefined) continue;
    for (const item of Array.isArray(input) ? input : [input]) {
      const author: Author =
        typeof item === 'string' ? { name: inlineText(item) } : { ...item, name: inlineText(item.name) };
      if (author.name && !seen.has(author.name)) {
        seen.add(author.name);
        authors.push(author);
      }
    }
  }
  return authors;
}

/** Tidied text, or `undefined` when nothing is left of it. */
function optionalText(value: string | undefined): PlainText | undefined {
  return inlineText(value ?? '') || undefined;
}

/** Real articles nest a dozen deep; the serialiser recurses, so anything absurd is refused first. */
const MAX_HTML_DEPTH = 200;

/**
 * The partner's HTML without its chrome. Parsed once, the depth checked as it is parsed, and both
 * chrome steps work on that one document: each parse of 512 KiB costs as much as a step's work.
 */
function cleanHtml(html: string, hints: ProvenanceHints): CleanedBody {
  let document: Document;
  try {
    document = parseArticleHtml(html, MAX_HTML_DEPTH);
  } catch (error) {
    if (!(error instanceof HtmlTooDeepError)) throw error;
    throw new ValidationError({
      detail: `The HTML nests elements more than ${MAX_HTML_DEPTH} deep; no article needs that.`,
      fieldErrors: [
        { pointer: '/data/contentHtml', message: `must not nest elements more than ${MAX_HTML_DEPTH} deep` },
      ],
      cause: error,
    });
  }
  return removeProvenanceChrome(removeStructuralChrome(document), hints);
}

/**
 * Turns a validated delivery into the content we store: cleaned body, tidy text, language and
 * direction, summary and source attribution. Every step takes time linear in the body, whatever
 * a partner sends (decision 0017).
 */
export function normaliseArticle(payload: ArticlePayload, partner: Partner): ArticleContent {
  const hints: ProvenanceHints = {
    partnerNames: [partner.name, ...partner.aliases],
    carries: partner.carries,
    partnerPatterns: partner.chromePatterns.map((source) => new RegExp(source, CHROME_PATTERN_FLAGS)),
  };
  // A whole page becomes its article here; a fragment passes through as delivered.
  const page =
    payload.contentHtml !== undefined
      ? articleFromPage(payload.contentHtml, inlineText(payload.title))
      : undefined;
  // A theme prints the dateline and credit line beside the article, where extraction leaves them.
  const around = page !== undefined ? withProvenanceAround(page.html, page.neighbours, hints) : undefined;
  const cleaned =
    around !== undefined
      ? cleanHtml(around.html, hints)
      : removeProvenanceChromeFromText(textBlocks(payload.contentText ?? ''), hints);
  const via = cleaned.via ?? around?.via;
  // Sanitising comes last, so nothing the cleaning steps serialise escapes the allowlist.
  const bodyHtml = sanitiseArticleHtml(cleaned.html, payload.url);
  const bodyText = htmlToText(bodyHtml);
  if (isBlankText(bodyText) && !/<img\b/.test(bodyHtml)) {
    // Everything was chrome or markup we remove: refuse rather than publish an empty article.
    const field = payload.contentHtml !== undefined ? 'contentHtml' : 'contentText';
    throw new ValidationError({
      detail: 'The article has no text once scripts, forms and site chrome are removed.',
      fieldErrors: [{ pointer: `/data/${field}`, message: 'has no article text after cleaning' }],
    });
  }
  if (page) assertArticleRemains(page, bodyText);
  const title = inlineText(payload.title);
  // A language the page declares is a hint: detection confirms it, or overrules it on clear evidence.
  // When detection is unsure, the language the partner declared in the registry beats a guess.
  const language = canonicalLanguageTag(
    payload.language ?? detectLanguage(`${title}\n${bodyText}`, 'en', page?.language, partner.languages[0]),
  );
  const explicit = payload.attribution;
  const partnerName = inlineText(partner.name);
  const content: ArticleContent = {
    title,
    // A summary that is only white space or control characters is no summary: the body's words stand in.
    summary: inlineText(payload.summary ?? '') || summarise(bodyText),
    bodyHtml,
    url: payload.url,
    publishedAt: payload.publishedAt,
    updatedAt: payload.updatedAt ?? payload.publishedAt,
    authors: toAuthors(payload.author, payload.authors),
    categories: [...new Set((payload.categories ?? []).map(inlineText).filter(Boolean))],
    language,
    // A direction the page declares is the author's word; the language's script is a guess.
    direction: page?.direction ?? directionOf(language),
    attribution: {
      deliveredBy: { partnerId: partner.id, name: partnerName, homepage: partner.homepage },
      publisher: explicit
        ? { name: inlineText(explicit.publisher), url: explicit.url }
        : cleaned.credit
          ? { name: inlineText(cleaned.credit.name), url: cleaned.credit.url }
          : { name: partnerName, url: partner.homepage },
      publisherSource: explicit ? 'explicit' : cleaned.credit ? 'credit-line' : 'partner',
      via: via === undefined ? undefined : inlineText(via),
      license: optionalText(explicit?.license),
      originalUrl: payload.url,
    },
  };
  if (payload.image) {
    content.image = {
      url: payload.image.url,
      alt: optionalText(payload.image.alt),
    };
  }
  return content;
}
