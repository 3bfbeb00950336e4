import { execFileSync } from 'node:child_process';

/** A text construct as Universal Feed Parser reports it: its value and the media type it took it for. */
export interface ParsedText {
  value: string;
  type: string;
}

/** One entry as Universal Feed Parser reads it. */
export interface ParsedEntry {
  id: string | null;
  title: ParsedText | null;
  summary: ParsedText | null;
  /** Every `content` (Atom `content`, RSS `content:encoded`). */
  content: ParsedText[];
  /** Author names: Atom `author/name`, RSS `dc:creator`. */
  authors: string[];
  /** Category terms. */
  tags: string[];
  rights: string | null;
  source: { title: string | null; href: string | null } | null;
  links: { rel: string; href: string; title: string | null }[];
}

/** What Universal Feed Parser makes of a feed. */
export interface ParsedFeed {
  bozo: boolean;
  bozoException: string | null;
  version: string;
  language: string | null;
  title: ParsedText | null;
  subtitle: ParsedText | null;
  titles: string[];
  ids: string[];
  links: string[];
  /** The feed's own links (`atom:link`, Atom `link`): self, hub, alternate. */
  feedLinks: { rel: string; href: string }[];
  entries: ParsedEntry[];
}

const SCRIPT = `
import json, sys, feedparser

def text(detail):
    return {"value": detail.get("value"), "type": detail.get("type")} if detail else None

def entry(e):
    source = e.get("source")
    return {
        "id": e.get("id"),
        "title": text(e.get("title_detail")),
        "summary": text(e.get("summary_detail")),
        "content": [text(c) for c in e.get("content", [])],
        "authors": [a.get("name") for a in e.get("authors", []) if a.get("name") is not None],
        "tags": [t.get("term") for t in e.get("tags", [])],
        "rights": e.get("rights"),
        "source": {"title": source.get("title"), "href": source.get("href") or source.get("link")} if source else None,
        "links": [{"rel": l.get("rel"), "href": l.get("href"), "title": l.get("title")} for l in e.get("links", [])],
    }

def feed(document):
    # Unsanitised, unresolved: the values as the feed holds them, which is what a test must judge
    # (feedparser's sanitiser would hide the very markup a test looks for).
    parsed = feedparser.parse(document.encode("utf-8"), sanitize_html=False, resolve_relative_uris=False)
    return {
        "bozo": bool(parsed.bozo),
        "bozoException": str(parsed.get("bozo_exception")) if parsed.bozo else None,
        "version": parsed.version,
        "language": parsed.feed.get("language"),
        "title": text(parsed.feed.get("title_detail")),
        "subtitle": text(parsed.feed.get("subtitle_detail")),
        "titles": [e.get("title") for e in parsed.entries],
        "ids": [e.get("id") for e in parsed.entries],
        "links": [e.get("link") for e in parsed.entries],
        "feedLinks": [{"rel": l.get("rel"), "href": l.get("href")} for l in parsed.feed.get("links", [])],
        "entries": [entry(e) for e in parsed.entries],
    }

request = json.load(sys.stdin)
looks_like_html = feedparser.mixin._FeedParserMixin.looks_like_html
print(json.dumps({
    "feeds": [feed(document) for document in request["feeds"]],
    "looksLikeHtml": [bool(looks_like_html(t)) for t in request["texts"]],
}))
`;

function run(feeds: string[], texts: string[]): { feeds: ParsedFeed[]; looksLikeHtml: boolean[] } {
  return JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', SCRIPT], {
      input: JSON.stringify({ feeds, texts }),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
}

/**
 * Parses a feed with Universal Feed Parser, the reader library behind many feed readers (Debian's
 * python3-feedparser, run by the system Python, which is the one that has it). Values are read
 * unsanitised, as the feed holds them.
 */
export function parseWithFeedparser(feed: string): ParsedFeed {
  return run([feed], []).feeds[0] as ParsedFeed;
}

/** Several feeds in one Python process (they are many in a property test). */
export function parseAllWithFeedparser(feeds: string[]): ParsedFeed[] {
  return run(feeds, []).feeds;
}

/**
 * Feeds as Universal Feed Parser reads them, and for each of `texts` whether it would take that
 * text for HTML in an RSS element (see {@link feedparserGuessesHtml}); one Python process.
 */
export function readWithFeedparser(
  feeds: string[],
  texts: string[],
): { feeds: ParsedFeed[]; guessesHtml: boolean[] } {
  const answer = run(feeds, texts);
  return { feeds: answer.feeds, guessesHtml: answer.looksLikeHtml };
}

/**
 * Whether Universal Feed Parser takes each text for HTML when an RSS element holds it. RSS 2.0 has
 * no way to say "this is text", so feedparser guesses HTML when text holds a closing tag or a known
 * entity (`</b>`, `&amp;`); that is its guess, made on the decoded text, whatever the encoding.
 */
export function feedparserGuessesHtml(texts: string[]): boolean[] {
  return run([], texts).looksLikeHtml;
}

/**
 * Text as Universal Feed Parser gives it back: it "repairs" text made only of Latin-1 characters
 * that are also valid UTF-8 bytes (`Ã©` becomes `é`), taking it for double-encoded UTF-8.
 */
export function asFeedparserReadsIt(text: string): string {
  if ([...text].some((char) => (char.codePointAt(0) ?? 0) > 0xff)) return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
}
