/**
 * A node of the tag tree. Layout makes the nodes; the pdfkit elements are made while drawing, in
 * reading order (see `elementOf`).
 */
export class StructNode {
  readonly children: StructNode[] = [];
  /** The PDF renderer's structure element of the node, once it made one. */
  element: PDFKit.PDFStructureElement | undefined;
  constructor(
    readonly tag: string,
    readonly parent: StructNode | null,
    readonly alt?: string,
  ) {
    parent?.children.push(this);
  }

  /** A new last child. */
  add(tag: string, alt?: string): StructNode {
    return new StructNode(tag, this, alt);
  }
}
