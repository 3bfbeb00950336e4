import { checkLanguageTag } from '../text/language-tag';
import * as z from './zod';

/**
 * A BCP 47 tag reduced to the shortest tag of its language (`AR`, `arb` and `ar-EG` become `ar`), or
 * the issue saying why it is refused: the one transform behind every schema that takes a tag (a
 * delivery's language, a registry's languages, the editor list's filter), so a tag names the same
 * feed wherever it is given. A schema taking a tag from a request bounds its length before it.
 */
export const shortestLanguageTag = z.transform((tag: string, context) => {
  const checked = checkLanguageTag(tag);
  if ('language' in checked) return checked.language;
  context.issues.push({ code: 'custom', message: checked.problem, input: tag });
  return z.NEVER;
});
