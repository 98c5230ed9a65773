import type { PhrasingContent, Root, RootContent, TableCell as MdastTableCell, TableRow, BlockContent } from 'mdast';
import { heading, paragraph, table, text, textTable } from './mdast-build.js';
import { stringify as stringifyYaml } from 'yaml';
import { fieldToText, type Block, type DocumentModel, type Inline, type Section, type TableCell } from '../../model/document.js';
import { documentOutline, type DocumentPart } from '../document-outline.js';

/** Builds the Markdown syntax tree of a policy document from its model, part by part. */
export function modelToMdast(model: DocumentModel): Root {
  return {
    type: 'root',
    children: [
      { type: 'yaml', value: stringifyYaml(frontMatter(model), { lineWidth: 0 }).trimEnd() },
      ...documentOutline(model).flatMap(partNodes),
    ],
  };
}

function partNodes(part: DocumentPart): RootContent[] {
  switch (part.kind) {
    case 'title':
      return [
        heading(1, [text(part.title)]),
        ...(part.draftMarker === null ? [] : [paragraph([{ type: 'strong', children: [text(part.draftMarker)] }])]),
        paragraph(part.organisation.map(inlineNode)),
      ];
    case 'toComplete':
      // A template's checklist, as a GFM task list a client can tick off.
      return [
        heading(2, [text(part.title)]),
        paragraph([text(part.intro)]),
        {
          type: 'list',
          ordered: false,
          spread: false,
          children: part.items.map((item) => ({
            type: 'listItem',
            checked: false,
            spread: false,
            children: [paragraph([...item.placeholder.map(inlineNode), text(` (${part.appearsIn.toLowerCase()}: ${item.where})`)])],
          })),
        },
      ];
    case 'documentControl':
      return [heading(2, [text(part.title)]), table(part.header, part.rows.map((row) => [[text(row.label)], row.value.map(inlineNode)]))];
    case 'versionHistory':
      return [heading(2, [text(part.title)]), table(part.header, part.rows.map((row) => row.map((cell) => cell.map(inlineNode))))];
    case 'contents':
      // Markdown has no pages to number; every Markdown viewer builds its own outline from the headings.
      return [];
    case 'sections':
      return part.sections.flatMap(sectionNodes);
    case 'appendix':
      return [
        heading(2, [text(part.title)]),
        paragraph([text(part.intro)]),
        ...part.frameworks.flatMap((framework) => [
          heading(3, [text(framework.name)]),
          ...(framework.rows.length > 0 ? [textTable(part.header, framework.rows)] : []),
          ...(framework.supportedOnly ? [paragraph([text(framework.supportedOnly)])] : []),
        ]),
      ];
  }
}

function frontMatter(model: DocumentModel): Record<string, unknown> {
  const { policy } = model;
  return {
    policy: policy.id,
    title: policy.title,
    organisation: fieldToText(model.organisation.legalName),
    version: policy.version,
    status: policy.status,
    lang: model.lang,
    classification: policy.classification,
    owner: `${fieldToText(policy.owner.name)}, ${fieldToText(policy.owner.title)}`,
    approver: `${fieldToText(policy.approver.name)}, ${fieldToText(policy.approver.title)}`,
    effectiveDate: policy.effectiveDate,
    nextReviewDate: policy.nextReviewDate,
    reviewIntervalMonths: policy.reviewIntervalMonths,
  };
}

function sectionNodes(section: Section): RootContent[] {
  const depth = Math.min(6, section.level + 1) as 2 | 3 | 4 | 5 | 6;
  return [
    heading(depth, [text(`${section.number} ${section.title}`)]),
    ...section.blocks.map(blockNode),
    ...section.sections.flatMap(sectionNodes),
  ];
}

function blockNode(block: Block): BlockContent {
  switch (block.type) {
    case 'paragraph':
      return paragraph(block.children.map(inlineNode));
    case 'list':
      return {
        type: 'list',
        ordered: block.ordered,
        ...(block.start !== undefined ? { start: block.start } : {}),
        spread: false,
        children: block.items.map((item) => ({ type: 'listItem', spread: false, children: item.children.map(blockNode) })),
      };
    case 'table':
      return {
        type: 'table',
        align: [...block.align],
        children: [row(block.header), ...block.rows.map(row)],
      };
    case 'quote':
      return { type: 'blockquote', children: block.children.map(blockNode) };
    case 'codeBlock':
      return { type: 'code', value: block.value };
    case 'rule':
      return { type: 'thematicBreak' };
  }
}

function row(cells: readonly TableCell[]): TableRow {
  return { type: 'tableRow', children: cells.map((cell): MdastTableCell => ({ type: 'tableCell', children: cell.children.map(inlineNode) })) };
}

function inlineNode(inline: Inline): PhrasingContent {
  switch (inline.type) {
    case 'text': return text(inline.value);
    case 'strong': return { type: 'strong', children: inline.children.map(inlineNode) };
    case 'emphasis': return { type: 'emphasis', children: inline.children.map(inlineNode) };
    case 'code': return { type: 'inlineCode', value: inline.value };
    case 'link': return { type: 'link', url: inline.url, children: inline.children.map(inlineNode) };
    case 'break': return { type: 'break' };
    // A placeholder stands out in the source and in any Markdown viewer: bold, in white square brackets.
    // A default to adapt reads as its value (Word marks it for adapting).
    case 'placeholder': return inline.value !== undefined ? text(inline.value) : { type: 'strong', children: [text(`⟦${inline.label}⟧`)] };
    case 'revision':
      return inline.change === 'delete'
        ? { type: 'delete', children: inline.children.map(inlineNode) }
        : { type: 'strong', children: inline.children.map(inlineNode) };
  }
}
