import { inlineText } from '../../model/inline-text.js';
import type { Block, DocumentModel, Inline, Section, TableCell } from '../../model/document.js';
import { documentOutline, type AppendixPart, type AppendixTable, type DocumentPart } from '../document-outline.js';
import { fragment, h, type Html, type HtmlChild } from './html-build.js';

/** The anchor of a numbered section, e.g. `s-4-2` for 4.2: stable across versions of the same text. */
export function sectionAnchor(section: Pick<Section, 'number'>): string {
  return `s-${section.number.replace(/\./g, '-')}`;
}

/** The anchor of the control-mapping appendix, and of one framework's table in it. */
export const APPENDIX_ANCHOR = 'appendix';

/** Anchors of the parts before the sections, so the contents can point at every part. */
export const PART_ANCHORS = { documentControl: 'document-control', versionHistory: 'version-history', contents: 'contents' } as const;

/**
 * A policy document as the body of a web page, part by part in the order every format shows them:
 * title block, document control, version history, contents (linked), numbered sections and the
 * control-mapping appendix. Headings run h1 (the title), h2 (parts and top sections), deeper sections
 * one level below their parent, never past h6.
 */
export function modelToHtml(model: DocumentModel, options: { readonly logo?: Html | undefined } = {}): Html {
  const anchors = new Map<object, string>();
  const parts = documentOutline(model);
  for (const part of parts) {
    if (part.kind === 'appendix') {
      anchors.set(part, APPENDIX_ANCHOR);
      part.frameworks.forEach((table, index) => anchors.set(table, `${APPENDIX_ANCHOR}-${index + 1}`));
    }
    if (part.kind === 'sections') {
      const visit = (section: Section): void => {
        anchors.set(section, sectionAnchor(section));
        section.sections.forEach(visit);
      };
      part.sections.forEach(visit);
    }
  }
  return h('article', { class: 'document' }, parts.map((part) => partHtml(part, anchors, options.logo)));
}

function partHtml(part: DocumentPart, anchors: ReadonlyMap<object, string>, logo: Html | undefined): HtmlChild {
  switch (part.kind) {
    case 'title':
      return h('header', { class: 'document-title' },
        logo,
        h('h1', { id: 'title' }, part.title),
        part.draftMarker === null ? null : h('p', { class: 'draft-marker' }, part.draftMarker),
        h('p', { class: 'organisation' }, inlines(part.organisation)),
      );
    case 'toComplete':
      return h('section', { 'aria-labelledby': 'to-complete' },
        h('h2', { id: 'to-complete' }, part.title),
        h('p', {}, part.intro),
        h('ul', {}, part.items.map((item) => h('li', {}, inlines(item.placeholder), ` (${part.appearsIn.toLowerCase()}: ${item.where})`))),
      );
    case 'documentControl':
      return h('section', { class: 'document-control', 'aria-labelledby': PART_ANCHORS.documentControl },
        h('h2', { id: PART_ANCHORS.documentControl }, part.title),
        tableFrame(part.title, h('table', {},
          h('caption', { class: 'visually-hidden' }, part.title),
          h('thead', {}, h('tr', {}, part.header.map((label) => h('th', { scope: 'col' }, label)))),
          h('tbody', {}, part.rows.map((row) => h('tr', {}, h('th', { scope: 'row' }, row.label), h('td', {}, inlines(row.value))))),
        )),
      );
    case 'versionHistory':
      return h('section', { 'aria-labelledby': PART_ANCHORS.versionHistory },
        h('h2', { id: PART_ANCHORS.versionHistory }, part.title),
        tableFrame(part.title, h('table', {},
          h('caption', { class: 'visually-hidden' }, part.title),
          h('thead', {}, h('tr', {}, part.header.map((label) => h('th', { scope: 'col' }, label)))),
          h('tbody', {}, part.rows.map((row) => h('tr', {}, row.map((cell, index) => (index === 0 ? h('th', { scope: 'row' }, inlines(cell)) : h('td', {}, inlines(cell))))))),
        )),
      );
    case 'contents':
      return h('nav', { class: 'contents', 'aria-labelledby': PART_ANCHORS.contents },
        h('h2', { id: PART_ANCHORS.contents }, part.title),
        contentsList(part.entries, anchors),
      );
    case 'sections':
      return part.sections.map(sectionHtml);
    case 'appendix':
      return appendixHtml(part, anchors);
  }
}

/** The contents as nested lists, each entry a link to the heading it names. */
function contentsList(entries: readonly { readonly level: 1 | 2 | 3; readonly number: string | null; readonly title: string; readonly heading: object }[], anchors: ReadonlyMap<object, string>): Html {
  type Node = { entry: (typeof entries)[number]; children: Node[] };
  const roots: Node[] = [];
  const stack: Node[] = [];
  for (const entry of entries) {
    const node: Node = { entry, children: [] };
    while (stack.length > 0 && stack[stack.length - 1]!.entry.level >= entry.level) stack.pop();
    (stack.length > 0 ? stack[stack.length - 1]!.children : roots).push(node);
    stack.push(node);
  }
  const list = (nodes: readonly Node[]): Html =>
    h('ol', {}, nodes.map(({ entry, children }) =>
      h('li', {},
        h('a', { href: `#${anchors.get(entry.heading) ?? ''}` }, entry.number === null ? null : h('span', { class: 'number' }, entry.number), entry.title),
        children.length > 0 ? list(children) : null,
      ),
    ));
  return list(roots);
}

function sectionHtml(section: Section): Html {
  const level = Math.min(6, section.level + 1);
  const id = sectionAnchor(section);
  const title = section.heading ? inlines(section.heading) : [h('span', { class: 'number' }, section.number), section.title];
  return h('section', { 'aria-labelledby': id, class: `level-${section.level}` },
    h(`h${level}`, { id }, title),
    section.blocks.map((block) => blockHtml(block, `${section.number} ${section.title}`)),
    section.sections.map(sectionHtml),
  );
}

function appendixHtml(part: AppendixPart, anchors: ReadonlyMap<object, string>): Html {
  return h('section', { class: 'appendix', 'aria-labelledby': APPENDIX_ANCHOR },
    h('h2', { id: APPENDIX_ANCHOR }, part.title),
    h('p', {}, part.intro),
    part.frameworks.map((framework: AppendixTable) => {
      const id = anchors.get(framework) ?? APPENDIX_ANCHOR;
      return h('section', { 'aria-labelledby': id },
        h('h3', { id }, framework.name),
        framework.rows.length > 0 ? tableFrame(framework.name, h('table', {},
          h('caption', { class: 'visually-hidden' }, `${part.title}: ${framework.name}`),
          h('thead', {}, h('tr', {}, part.header.map((label) => h('th', { scope: 'col' }, label)))),
          h('tbody', {}, framework.rows.map(([control, title, sections]) => h('tr', {}, h('th', { scope: 'row' }, control), h('td', {}, title), h('td', {}, sections)))),
        )) : [],
        framework.supportedOnly ? h('p', {}, framework.supportedOnly) : [],
      );
    }),
  );
}

/**
 * A table inside a frame that scrolls sideways on a narrow screen; the frame is focusable and named,
 * so a keyboard user can scroll it too (WCAG 2.1.1).
 */
export function tableFrame(name: string, table: Html): Html {
  return h('div', { class: 'table-frame', role: 'region', 'aria-label': name, tabindex: 0 }, table);
}

function blockHtml(block: Block, context: string): Html {
  switch (block.type) {
    case 'paragraph':
      return h('p', {}, inlines(block.children));
    case 'list':
      return h(block.ordered ? 'ol' : 'ul', block.ordered && block.start !== undefined && block.start !== 1 ? { start: block.start } : {},
        block.items.map((item) => h('li', {}, item.children.map((child) => blockHtml(child, context)))));
    case 'table': {
      const style = (index: number): string | undefined => {
        const align = block.align[index];
        return align ? `text-align:${align}` : undefined;
      };
      const cell = (tag: 'th' | 'td', content: TableCell, index: number, scope?: string): Html => h(tag, { scope, style: style(index) }, inlines(content.children));
      return tableFrame(context, h('table', { class: block.wide ? 'wide' : undefined },
        h('caption', { class: 'visually-hidden' }, context),
        h('thead', {}, h('tr', {}, block.header.map((content, index) => {
          const short = block.abbreviations?.[index];
          return h('th', { scope: 'col', style: style(index) }, short ? h('abbr', { title: inlineText(content.children) }, short) : inlines(content.children));
        }))),
        h('tbody', {}, block.rows.map((row) => h('tr', {}, row.map((content, index) => cell('td', content, index))))),
      ));
    }
    case 'quote':
      return h('blockquote', {}, block.children.map((child) => blockHtml(child, context)));
    case 'codeBlock':
      return h('pre', {}, h('code', {}, block.value));
    case 'rule':
      return h('hr', {});
  }
}

/** Inline content as markup; a link keeps its address only where it is a web, mail or in-page one. */
export function inlines(content: readonly Inline[]): Html {
  return fragment(content.map(inlineHtml));
}

function inlineHtml(inline: Inline): HtmlChild {
  switch (inline.type) {
    case 'text': return inline.value;
    case 'strong': return h('strong', {}, inlines(inline.children));
    case 'emphasis': return h('em', {}, inlines(inline.children));
    case 'code': return h('code', {}, inline.value);
    case 'link': return /^(https?:|mailto:|#)/i.test(inline.url) ? h('a', { href: inline.url }, inlines(inline.children)) : inlines(inline.children);
    case 'break': return h('br', {});
    case 'placeholder': return inline.value !== undefined ? inline.value : h('mark', { class: 'placeholder' }, `[${inline.label}]`);
    case 'revision': return h(inline.change === 'insert' ? 'ins' : 'del', {}, inlines(inline.children));
  }
}


/** All text of a section's own blocks (not its subsections), for the search index. */
export function blocksText(blocks: readonly Block[]): string {
  const parts: string[] = [];
  const visit = (block: Block): void => {
    switch (block.type) {
      case 'paragraph': parts.push(inlineText(block.children)); break;
      case 'list': block.items.forEach((item) => item.children.forEach(visit)); break;
      case 'table': [block.header, ...block.rows].forEach((row) => row.forEach((cell) => parts.push(inlineText(cell.children)))); break;
      case 'quote': block.children.forEach(visit); break;
      case 'codeBlock': parts.push(block.value); break;
      case 'rule': break;
    }
  };
  blocks.forEach(visit);
  return parts.join(' ');
}
