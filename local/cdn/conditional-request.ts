import type { IncomingHttpHeaders } from 'node:http';
import { opaqueTag } from './find-tear';

/** What a conditional GET or HEAD is evaluated against: the current representation's validators. */
export interface Validators {
  etag: string;
  lastModified?: Date;
}

/**
 * Whether a GET or HEAD is answered 304, as CloudFront answers it (RFC 9110 §13.1–13.2):
 * `If-None-Match` uses weak comparison, takes a list of entity tags or `*`, and when present
 * makes `If-Modified-Since` be ignored; `If-Modified-Since` compares whole seconds, the
 * precision of `Last-Modified`, and is ignored when it is not a date.
 */
export function isNotModified(headers: IncomingHttpHeaders, validators: Validators): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) return noneMatchFails(ifNoneMatch, validators.etag);
  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince === undefined || !validators.lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since)) return false;
  return wholeSeconds(validators.lastModified.getTime()) <= wholeSeconds(since);
}

/** True when the list names the current tag (weakly) or is `*`: the condition is false, so 304. */
function noneMatchFails(field: string, etag: string): boolean {
  if (field.trim() === '*') return true;
  const current = opaqueTag(etag);
  // An entity tag may itself hold a comma, so the members are found by their quotes, not split.
  for (const member of field.matchAll(/(?:W\/)?"([^"]*)"/g)) {
    if (member[1] === current) return true;
  }
  return false;
}

function wholeSeconds(milliseconds: number): number {
  return Math.floor(milliseconds / 1000);
}
