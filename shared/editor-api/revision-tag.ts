import { MalformedRequestError } from '../errors/http-errors';

/** The strong entity tag of an article's revision: `"r7"`. */
export function revisionTag(revision: number): string {
  return `"r${revision}"`;
}

/**
 * The revision an `If-Match` names, for an update that must not overwrite a revision its sender
 * has not seen; `undefined` when there is no `If-Match`. Only one tag of ours is understood: `*`
 * and lists would not say which revision the editor read, so they are a 400 like any other bad tag.
 */
export function expectedRevision(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = /^\s*"r(0|[1-9][0-9]{0,8})"\s*$/.exec(ifMatch);
  if (!match?.[1]) {
    throw new MalformedRequestError({
      detail: 'If-Match must be one ETag this API gave, such as "r3" (with the quotes).',
    });
  }
  return Number(match[1]);
}
