import type { AnyNode } from 'domhandler';
import { hasChildren, isComment, isText } from 'domhandler';

/**
 * The text of nodes, in document order, as `domutils.textContent` gives it (comments hold no
 * text), walked with an explicit stack rather than by recursion.
 */
export function textOf(nodes: readonly AnyNode[]): string {
  const out: string[] = [];
  const pending: AnyNode[] = [];
  for (let index = nodes.length - 1; index >= 0; index--) pending.push(nodes[index] as AnyNode);
  while (pending.length > 0) {
    const next = pending.pop() as AnyNode;
    if (isText(next)) {
      out.push(next.data);
    } else if (hasChildren(next) && !isComment(next)) {
      for (let index = next.children.length - 1; index >= 0; index--) {
        pending.push(next.children[index] as AnyNode);
      }
    }
  }
  return out.join('');
}
