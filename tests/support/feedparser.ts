import { execFileSync } from 'node:child_process';

/** What Universal Feed Parser makes of a feed. */
export interface ParsedFeed {
  bozo: boolean;
  bozoException: string | null;
  version: string;
  language: string | null;
  titles: string[];
  ids: string[];
  links: string[];
}

const SCRIPT = `
import json, sys, feedparser
parsed = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({
  "bozo": bool(parsed.bozo),
  "bozoException": str(parsed.get("bozo_exception")) if parsed.bozo else None,
  "version": parsed.version,
  "language": parsed.feed.get("language"),
  "titles": [entry.get("title") for entry in parsed.entries],
  "ids": [entry.get("id") for entry in parsed.entries],
  "links": [entry.get("link") for entry in parsed.entries],
}))
`;

/**
 * Parses a feed with Universal Feed Parser, the reader library behind many feed readers (Debian's
 * python3-feedparser, run by the system Python, which is the one that has it).
 */
export function parseWithFeedparser(feed: string): ParsedFeed {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', SCRIPT], { input: feed, encoding: 'utf8' }));
}
