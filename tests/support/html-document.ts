import type { Element } from 'domhandler';
import { findAll, getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';

/** An HTML page as a parser reads it, with the few questions the tests ask of it. */
export class HtmlDocument {
  readonly #elements: Element[];

  constructor(source: string) {
    this.#elements = findAll(() => true, parseDocument(source).children);
  }

  /** Elements with this tag name, in document order. */
  all(tag: string): Element[] {
    return this.#elements.filter((element) => element.name === tag);
  }

  /** The attribute of the first element with this tag that has it. */
  attribute(
    tag: string,
    name: string,
    where: (element: Element) => boolean = () => true,
  ): string | undefined {
    const element = this.all(tag).find((candidate) => where(candidate) && getAttributeValue(candidate, name));
    return element && getAttributeValue(element, name);
  }

  /** The text of every element with this tag, whitespace collapsed. */
  texts(tag: string): string[] {
    return this.all(tag).map((element) => textContent(element).replace(/\s+/g, ' ').trim());
  }

  /** Where every link of the page points. */
  hrefs(): string[] {
    return this.all('a').flatMap((anchor) => getAttributeValue(anchor, 'href') ?? []);
  }

  /** All text of the page. */
  text(): string {
    return this.all('html')
      .map((element) => textContent(element))
      .join(' ');
  }
}
