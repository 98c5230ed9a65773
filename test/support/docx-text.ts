import { strFromU8, unzipSync } from 'fflate';

/**
 * The text of a Word document's body (`word/document.xml`), for the `document.txt` golden: what a
 * reviewer needs to see the structure, without the XML.
 *
 * - One paragraph per line, its paragraph style id in front: `[Heading1] 1⇥Purpose and scope`. A
 *   paragraph without a style shows the document's default paragraph style (from `word/styles.xml`).
 *   A list paragraph adds its numbering and level (`list 2, level 0`), a paragraph that starts a new
 *   page `page break before`.
 * - A table is a `[table]` line, then one indented line per row with the cells separated by ` | `
 *   (a `|` inside a cell is written `\|`); where every paragraph of the row has the same style it is
 *   named once in front, otherwise in front of each cell. Paragraphs within a cell are joined by ` ¶ `.
 * - Inside text: a tab is `⇥`, a line break `↵`, a page break `[page break]`, a picture `[image]`;
 *   a link to outside the document is followed by its target, `security@acme.example ⟨mailto:…⟩`
 *   (links inside it, such as the contents entries, are not marked). Field instructions (TOC,
 *   PAGEREF) are not text; their displayed results are.
 *
 * Headers, footers and footnotes live in other parts and are not included. Throws on structure the
 * renderer is not expected to produce (a table inside a table), so that it is noticed.
 */
export function docxText(bytes: Uint8Array): string {
  const files = unzipSync(bytes);
  const documentXml = files['word/document.xml'];
  if (!documentXml) throw new Error('docxText: the package has no word/document.xml');
  const stylesXml = files['word/styles.xml'];
  const defaultStyle = (stylesXml && /<w:style\b[^>]*\bw:type="paragraph"[^>]*\bw:default="(?:1|true)"[^>]*>/.exec(strFromU8(stylesXml))?.[0].match(/w:styleId="([^"]+)"/)?.[1]) ?? '(no style)';
  const relsXml = files['word/_rels/document.xml.rels'];
  const targets = new Map<string, string>();
  for (const [relationship] of relsXml ? strFromU8(relsXml).matchAll(/<Relationship\b[^>]*>/g) : []) {
    const id = /\sId="([^"]+)"/.exec(relationship)?.[1];
    const target = /\sTarget="([^"]*)"/.exec(relationship)?.[1];
    if (id && target !== undefined && /\sTargetMode="External"/.test(relationship)) targets.set(id, decodeXml(target));
  }
  return `${bodyLines(strFromU8(documentXml), defaultStyle, targets).join('\n')}\n`;
}

interface Paragraph {
  style: string | undefined;
  list: { numId: string; level: string } | undefined;
  pageBreakBefore: boolean;
  text: string;
}

type Cell = Paragraph[];

function bodyLines(xml: string, defaultStyle: string, linkTargets: ReadonlyMap<string, string>): string[] {
  const lines: string[] = [];
  let paragraph: Paragraph | undefined;
  let row: Cell[] | undefined;
  let cell: Cell | undefined;
  let tableDepth = 0;
  let inParagraphProperties = false;
  let inRun = false;
  let inText = false;
  let link: string | undefined;
  const label = (p: Paragraph): string =>
    [p.style ?? defaultStyle, ...(p.list ? [`list ${p.list.numId}, level ${p.list.level}`] : []), ...(p.pageBreakBefore ? ['page break before'] : [])].join(', ');

  for (const token of xml.matchAll(/<(\/?)([A-Za-z][\w.-]*:[\w.-]+|[A-Za-z][\w.-]*)((?:\s+[^\s=/>]+="[^"]*")*)\s*(\/?)>|([^<]+)/g)) {
    const [, closing, name, attributes = '', selfClosing, text] = token;
    if (text !== undefined) {
      if (inText && paragraph) paragraph.text += decodeXml(text);
      continue;
    }
    const attribute = (key: string): string | undefined => new RegExp(`\\s${key}="([^"]*)"`).exec(attributes)?.[1];
    const open = closing === '';
    const empty = selfClosing === '/';
    switch (name) {
      case 'w:tbl':
        if (open) {
          if (tableDepth > 0) throw new Error('docxText: a table inside a table');
          tableDepth++;
          lines.push('[table]');
        } else tableDepth--;
        break;
      case 'w:tr':
        if (open) row = [];
        else if (row) {
          lines.push(`  ${rowText(row, label)}`);
          row = undefined;
        }
        break;
      case 'w:tc':
        if (open) cell = [];
        else if (cell && row) {
          row.push(cell);
          cell = undefined;
        }
        break;
      case 'w:p':
        if (open && !empty) paragraph = { style: undefined, list: undefined, pageBreakBefore: false, text: '' };
        else {
          const finished = paragraph ?? { style: undefined, list: undefined, pageBreakBefore: false, text: '' };
          if (cell) cell.push(finished);
          else if (tableDepth > 0) throw new Error('docxText: a paragraph in a table but outside a cell');
          else lines.push(finished.text === '' ? `[${label(finished)}]` : `[${label(finished)}] ${finished.text}`);
          paragraph = undefined;
        }
        break;
      case 'w:pPr':
        inParagraphProperties = open && !empty;
        break;
      case 'w:pStyle':
        if (paragraph && inParagraphProperties) paragraph.style = attribute('w:val');
        break;
      case 'w:ilvl':
      case 'w:numId':
        if (paragraph && inParagraphProperties) {
          const list = paragraph.list ?? { numId: '?', level: '0' };
          paragraph.list = name === 'w:ilvl' ? { ...list, level: attribute('w:val') ?? '?' } : { ...list, numId: attribute('w:val') ?? '?' };
        }
        break;
      case 'w:pageBreakBefore':
        if (paragraph && inParagraphProperties) paragraph.pageBreakBefore = !['0', 'false', 'off'].includes(attribute('w:val') ?? 'true');
        break;
      case 'w:r':
        inRun = open && !empty;
        break;
      case 'w:t':
        inText = open && !empty;
        break;
      case 'w:tab':
        if (paragraph && inRun) paragraph.text += '⇥';
        break;
      case 'w:br':
      case 'w:cr':
        if (paragraph && inRun) paragraph.text += attribute('w:type') === 'page' ? '[page break]' : '↵';
        break;
      case 'w:hyperlink':
        if (open && !empty) {
          const id = attribute('r:id');
          link = id === undefined ? undefined : linkTargets.get(id) ?? `(missing relationship ${id})`;
        } else if (!open && paragraph && link !== undefined) {
          paragraph.text += ` ⟨${link}⟩`;
          link = undefined;
        }
        break;
      case 'w:drawing':
        if (paragraph && open) paragraph.text += '[image]';
        break;
      default:
        break;
    }
  }
  return lines;
}

function rowText(row: readonly Cell[], label: (p: Paragraph) => string): string {
  const labels = new Set(row.flatMap((cell) => cell.map(label)));
  const cellText = (cell: Cell, withLabel: boolean): string =>
    cell.map((p) => `${withLabel ? `[${label(p)}] ` : ''}${p.text.replace(/\|/g, '\\|')}`).join(' ¶ ');
  if (labels.size === 1) return `[${[...labels][0]!}] ${row.map((cell) => cellText(cell, false)).join(' | ')}`;
  return row.map((cell) => cellText(cell, true)).join(' | ');
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#x[0-9A-Fa-f]+|#\d+);/g, (_, entity: string) => {
    switch (entity) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
      default: return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    }
  });
}
