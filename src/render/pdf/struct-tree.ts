import type { StructNode } from '../page-layout/struct-node.js';

/**
 * The pdfkit element of a node, made on first use. Elements are added to their parent in reading
 * order; earlier siblings that never got content (an empty table cell) are made first.
 */
export function elementOf(doc: PDFKit.PDFDocument, node: StructNode): PDFKit.PDFStructureElement {
  if (node.element) return node.element;
  const element = doc.struct(node.tag, node.alt !== undefined ? { alt: node.alt } : {});
  if (node.parent) {
    const parent = elementOf(doc, node.parent);
    for (const sibling of node.parent.children) {
      if (sibling === node) break;
      if (!sibling.element) createElements(doc, sibling);
    }
    node.element = element;
    parent.add(element);
  } else {
    node.element = element;
  }
  return element;
}

/** Makes the elements of a node and all its descendants that have none yet, in reading order. */
export function createElements(doc: PDFKit.PDFDocument, node: StructNode): void {
  elementOf(doc, node);
  for (const child of node.children) createElements(doc, child);
}
