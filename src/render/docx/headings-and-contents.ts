import { Bookmark, HeadingLevel, InternalHyperlink, NextAttributeComponent, Paragraph, Tab, TextRun, XmlComponent, type ParagraphChild } from 'docx';
import type { Inline } from '../../model/document.js';
import { CONTENTS_DEPTH, type ContentsEntry, type ContentsPart } from '../document-outline.js';
import { inlines, runs, xmlText } from './inlines-to-docx.js';
import type { RenderState } from './render-state.js';
import { paragraphMark } from './revisions-to-docx.js';
import { STYLE } from './theme.js';

const HEADING_STYLES = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

/** A heading of the front matter (checklist, document control, version history): outside the numbering and the contents. */
export function frontHeading(title: string): Paragraph {
  return new Paragraph({ style: STYLE.frontHeading, children: runs(title) });
}

/**
 * A heading with a Heading N style and a bookmark; `heads` is the section or appendix part it heads,
 * so the contents can link to it. A redline's `tracked` heading replaces the number and title.
 */
export function heading(
  state: RenderState,
  level: number,
  number: string | null,
  title: string,
  options: { pageBreakBefore?: boolean; tracked?: readonly Inline[] | undefined; heads?: ContentsEntry['heading'] } = {},
): Paragraph {
  const clamped = Math.min(Math.max(level, 1), HEADING_STYLES.length);
  const bookmark = `_Toc${++state.headingCount}`;
  if (options.heads) state.bookmarks.set(options.heads, bookmark);
  const text = options.tracked
    ? inlines(options.tracked, {})
    : number === null ? runs(title) : [new TextRun({ children: [xmlText(number), new Tab(), xmlText(title)] })];
  return new Paragraph({
    heading: HEADING_STYLES[clamped - 1]!,
    // Unnumbered headings start at the margin instead of the number's hanging indent.
    ...(number === null ? { indent: { left: 0, hanging: 0 } } : {}),
    ...(options.pageBreakBefore ? { pageBreakBefore: true } : {}),
    ...(options.tracked ? paragraphMark(options.tracked) : {}),
    children: [new Bookmark({ id: bookmark, children: text })],
  });
}

/** `w:fldChar`: the begin, separate and end marks of a complex field. */
class FieldChar extends XmlComponent {
  constructor(type: 'begin' | 'separate' | 'end') {
    super('w:fldChar');
    this.root.push(new NextAttributeComponent({ type: { key: 'w:fldCharType', value: type } }));
  }
}

/** `w:instrText`: a field's code. */
class FieldCode extends XmlComponent {
  constructor(code: string) {
    super('w:instrText');
    this.root.push(new NextAttributeComponent({ space: { key: 'xml:space', value: 'preserve' } }));
    this.root.push(code);
  }
}

/**
 * The TOC field over Heading 1-3 (the outline's contents depth) with its result filled in: each entry
 * a hyperlink to its heading's bookmark with a PAGEREF field whose result is the heading's page from
 * the pagination. Not marked dirty: Word, LibreOffice and previewers show the numbers as they open
 * the file, and Word's own update gives the same ones. The headings must have been rendered first.
 */
export function tableOfContents(part: ContentsPart, state: RenderState): Paragraph[] {
  const begin = new TextRun({ children: [new FieldChar('begin'), new FieldCode(`TOC \\o "1-${CONTENTS_DEPTH}" \\h \\z`), new FieldChar('separate')] });
  const end = new TextRun({ children: [new FieldChar('end')] });
  const heading = new Paragraph({ style: STYLE.tocHeading, pageBreakBefore: true, keepNext: true, children: runs(part.title) });
  if (part.entries.length === 0) return [heading, new Paragraph({ children: [begin, end] })];
  const entries = part.entries.map((entry, index) => {
    const bookmark = state.bookmarks.get(entry.heading);
    if (bookmark === undefined) throw new Error(`renderDocx: the contents lists "${entry.title}", whose heading was not rendered first`);
    const text = entry.number === null ? [xmlText(entry.title)] : [xmlText(entry.number), new Tab(), xmlText(entry.title)];
    const children: ParagraphChild[] = [
      new InternalHyperlink({
        anchor: bookmark,
        children: [
          new TextRun({ children: text }),
          new TextRun({ children: [new Tab()] }),
          new TextRun({ children: [new FieldChar('begin'), new FieldCode(`PAGEREF ${bookmark} \\h`), new FieldChar('separate')] }),
          new TextRun({ text: String(state.pages[index] ?? '') }),
          new TextRun({ children: [new FieldChar('end')] }),
        ],
      }),
    ];
    if (index === 0) children.unshift(begin);
    if (index === part.entries.length - 1) children.push(end);
    return new Paragraph({
      style: STYLE.toc(entry.level),
      ...(entry.number === null ? { indent: { left: (entry.level - 1) * 284, hanging: 0 } } : {}),
      children,
    });
  });
  return [heading, ...entries];
}
