import type { Editorial } from './editorial';

/**
 * An article's editorial record with every part present: empty before an editor first acts, and
 * the maps and list a stored record leaves out when they are empty filled in.
 */
export function editorialOf(editorial: Partial<Editorial> | undefined): Editorial {
  return { held: {}, partner: {}, corrections: [], ...editorial };
}
