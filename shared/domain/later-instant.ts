/**
 * The later of two instants, returned as given (a partner's offset is kept); `a` when they are the
 * same instant or `b` is absent. An article's `content.updatedAt` is set with it, so that it is
 * always its newest change readers see: the partner's edit or an editor's correction.
 */
export function laterInstant(a: string, b: string | undefined): string {
  return b !== undefined && new Date(b) > new Date(a) ? b : a;
}
