import type { Editorial } from '../domain/editorial';

/** An article's editorial record before an editor first acts on it. */
export function editorialOf(editorial: Editorial | undefined): Editorial {
  return editorial ?? { held: {}, partner: {}, corrections: [] };
}
