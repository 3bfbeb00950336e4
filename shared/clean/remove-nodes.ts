import { type ChildNode, isText, type ParentNode } from 'domhandler';

/**
 * Removes nodes from their parents, each parent's children rebuilt once. `domutils.removeElement`
 * searches and splices the parent's array for every node, which is quadratic when a partner sends
 * tens of thousands of siblings to remove; this is linear in the siblings touched.
 *
 * Text left side by side by a removal is joined into one node, as a new parse of the serialised
 * result would join it, so the steps after see the same tree whether or not they re-parse.
 */
export function removeNodes(nodes: Iterable<ChildNode>): void {
  const doomedByParent = new Map<ParentNode, Set<ChildNode>>();
  for (const node of nodes) {
    const parent = node.parent;
    if (!parent) continue;
    let doomed = doomedByParent.get(parent);
    if (!doomed) {
      doomed = new Set();
      doomedByParent.set(parent, doomed);
    }
    doomed.add(node);
  }
  for (const [parent, doomed] of doomedByParent) {
    const kept: ChildNode[] = [];
    for (const child of parent.children) {
      const previous = kept[kept.length - 1];
      const joined = !doomed.has(child) && previous !== undefined && isText(previous) && isText(child);
      if (joined) previous.data += child.data;
      if (doomed.has(child) || joined) {
        child.parent = null;
        child.prev = null;
        child.next = null;
      } else {
        kept.push(child);
      }
    }
    kept.forEach((child, index) => {
      child.prev = kept[index - 1] ?? null;
      child.next = kept[index + 1] ?? null;
    });
    parent.children = kept;
  }
}
