import { Element, isTag, Text } from 'domhandler';
import { findAll, removeElement } from 'domutils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticleHtml, renderArticleHtml } from '../../shared/clean/article-dom';
import { textOf } from '../../shared/clean/dom-text';
import { htmlNestingDepth } from '../../shared/clean/html-depth';
import { removeProvenanceChrome, removeProvenanceChromeFromText } from '../../shared/clean/provenance-chrome';
import { removeNodes } from '../../shared/clean/remove-nodes';
import { sanitiseArticleHtml } from '../../shared/clean/sanitise-html';
import { textBlocks, textToHtml } from '../../shared/clean/text-to-html';
import { HtmlTooDeepError } from '../../shared/errors/cleaning-errors';

const BASE = 'https://partner.example/2024/11/story/';
const hints = {
  partnerNames: ['Al Madar'],
  carries: [{ name: 'Interregional for Strategic Analyses', aliases: [] }],
  partnerPatterns: [/^Subscribe/iu],
};

/** Markup and text in the pieces the cleaning steps look for, mixed with arbitrary strings. */
const piece = fc.constantFrom(
  '<div>',
  '</div>',
  '<div class="entry-content">',
  '<p>',
  '</p>',
  '<span>',
  '</span>',
  '<hr>',
  '<br>',
  '<embed>',
  '<script>x</script>',
  '<!-- c -->',
  'Share this:',
  'Al Madar - ',
  'Source: Interregional for Strategic Analyses',
  'Subscribe now',
  'Previous post: x',
  ' ',
  '\n',
  '&amp;',
  '"quoted"',
  " it's ",
  ' a sentence long enough to count as a paragraph of article text, with twenty words or more in it, surely.',
);
const markup = fc.array(fc.oneof(piece, fc.string()), { maxLength: 30 }).map((parts) => parts.join(''));

describe('removeNodes', () => {
  it('removes 100,000 siblings in one pass, keeping the rest linked in order', () => {
    const document = parseArticleHtml(`<div>${'<embed><p>kept</p>'.repeat(50_000)}</div>`);
    const container = document.children[0];
    if (!container || !isTag(container)) throw new Error('no container');
    removeNodes(container.children.filter((node) => isTag(node) && node.name === 'embed'));
    expect(container.children).toHaveLength(50_000);
    expect(
      container.children.every((node, index) => node.prev === (container.children[index - 1] ?? null)),
    ).toBe(true);
    expect(
      container.children.every((node, index) => node.next === (container.children[index + 1] ?? null)),
    ).toBe(true);
    expect(renderArticleHtml(document)).toBe(`<div>${'<p>kept</p>'.repeat(50_000)}</div>`);
  });

  it('leaves the tree a new parse of its HTML would build (property-based)', () => {
    fc.assert(
      fc.property(markup, fc.constantFrom('embed', 'hr', 'span', 'p', 'script'), (html, name) => {
        const ours = parseArticleHtml(html);
        removeNodes(findAll((element) => element.name === name, ours.children));
        const theirs = parseArticleHtml(html);
        for (const element of findAll((candidate) => candidate.name === name, theirs.children))
          removeElement(element);
        // domutils leaves adjacent text nodes apart; a parse of its serialised result joins them.
        const reparsed = parseArticleHtml(renderArticleHtml(theirs));
        expect(renderArticleHtml(ours)).toBe(renderArticleHtml(reparsed));
        expect(ours.children.map((node) => node.type)).toEqual(reparsed.children.map((node) => node.type));
      }),
      { numRuns: 500 },
    );
  });
});

describe('depth', () => {
  it('stops the parse exactly where the streaming measure finds it too deep (property-based)', () => {
    fc.assert(
      fc.property(markup, fc.integer({ min: 0, max: 6 }), (html, maxDepth) => {
        let refused = false;
        try {
          parseArticleHtml(html, maxDepth);
        } catch (error) {
          if (!(error instanceof HtmlTooDeepError)) throw error;
          refused = true;
        }
        expect(refused).toBe(htmlNestingDepth(html) > maxDepth);
      }),
      { numRuns: 500 },
    );
  });

  it('stops measuring and parsing 131,072 nested elements at the limit', () => {
    const html = '<b>'.repeat(131_072);
    expect(htmlNestingDepth(html)).toBe(Number.POSITIVE_INFINITY);
    expect(htmlNestingDepth(html, 200)).toBe(Number.POSITIVE_INFINITY);
    expect(() => parseArticleHtml(html, 200)).toThrow(HtmlTooDeepError);
  });

  it('measures up to where it stops', () => {
    const html = `${'<b>'.repeat(1000)}x`;
    expect(htmlNestingDepth(html)).toBe(1000);
    expect(htmlNestingDepth(html, 999)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('walks with an explicit stack', () => {
  it('reads the text of elements nested 100,000 deep without running out of stack', () => {
    let node: Element | Text = new Text('deep');
    for (let depth = 0; depth < 100_000; depth++) node = new Element('b', {}, [node]);
    expect(textOf([node])).toBe('deep');
  });

  it('cleans a wrapper followed by 131,072 rules without running out of stack (issue 8)', () => {
    const cleaned = removeProvenanceChrome(`<div>${'<hr>'.repeat(131_072)}<p>Text.</p>`, hints);
    expect(cleaned.html.endsWith('<hr><p>Text.</p></div>')).toBe(true);
  });
});

describe('captured text', () => {
  it('is cleaned from its lines exactly as from the HTML they make (property-based)', () => {
    fc.assert(
      fc.property(markup, (text) => {
        const fromLines = removeProvenanceChromeFromText(textBlocks(text), hints);
        const fromHtml = removeProvenanceChrome(textToHtml(text), hints);
        expect(sanitiseArticleHtml(fromLines.html, BASE)).toBe(sanitiseArticleHtml(fromHtml.html, BASE));
        expect({ ...fromLines, html: undefined }).toEqual({ ...fromHtml, html: undefined });
      }),
      { numRuns: 1000 },
    );
  });

  it('loses a dateline and a credit line to the attribution', () => {
    const cleaned = removeProvenanceChromeFromText(
      textBlocks('Al Madar - Talks resumed.\nShare this:\nSource: Interregional for Strategic Analyses'),
      hints,
    );
    expect(cleaned).toEqual({
      html: '<p>Talks resumed.</p>',
      via: 'Al Madar',
      credit: hints.carries[0],
      removed: ['share-prompt'],
    });
  });
});
