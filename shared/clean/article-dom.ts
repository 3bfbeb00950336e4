import render from 'dom-serializer';
import { type AnyNode, type Document, DomHandler } from 'domhandler';
import { Parser } from 'htmlparser2';
import { HtmlTooDeepError } from '../errors/cleaning-errors';

/**
 * Article HTML as a string, or already parsed. The cleaning steps take either, so a caller that
 * runs several of them parses once and hands the same document from one step to the next.
 */
export type ArticleMarkup = string | Document;

/** Builds the tree as `parseDocument` does, and stops the parse once elements nest too deep. */
class DepthLimitedHandler extends DomHandler {
  #depth = 0;

  constructor(private readonly maxDepth: number) {
    super();
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    if (++this.#depth > this.maxDepth) throw new HtmlTooDeepError(this.maxDepth);
    super.onopentag(name, attribs);
  }

  override onclosetag(): void {
    this.#depth = Math.max(0, this.#depth - 1);
    super.onclosetag();
  }
}

/**
 * Parses article HTML into a document, or throws {@link HtmlTooDeepError} as soon as elements nest
 * deeper than `maxDepth`. Stopping there keeps the parse linear: htmlparser2 keeps its open
 * elements in an array it shifts at the front, so each tag costs as much as the depth, and 131,072
 * nested tags (512 KiB of `<b>`) would cost seconds.
 */
export function parseArticleHtml(html: string, maxDepth = Number.POSITIVE_INFINITY): Document {
  const handler = new DepthLimitedHandler(maxDepth);
  new Parser(handler).end(html);
  return handler.root;
}

/** The document a cleaning step works on: the one it was given, or a parse of the string. */
export function articleDocument(markup: ArticleMarkup): Document {
  return typeof markup === 'string' ? parseArticleHtml(markup) : markup;
}

/**
 * Serialises nodes back to HTML, with text as UTF-8 (only `&`, `<`, `>` and quotes escaped). The
 * serialiser recurses once per level, which the depth limit at ingest keeps small.
 */
export function renderArticleHtml(nodes: Document | AnyNode[]): string {
  return render(nodes, { encodeEntities: 'utf8' });
}
