import type { PhrasingContent, Root, RootContent, TableCell as MdastTableCell, TableRow, BlockContent } from 'mdast';
import { heading, paragraph, table, text } from './mdast-build.js';
import { stringify as stringifyYaml } from 'yaml';
import { fieldToText, type Block, type DocumentModel, type Inline, type Section, type TableCell } from '../../model/document.js';
import { appendixTitle, documentControlRows, fieldInlines, historyRows, toCompleteRows } from '../document-parts.js';

/** Builds the Markdown syntax tree of a policy document from its model. */
export function modelToMdast(model: DocumentModel): Root {
  const { labels, policy } = model;
  const children: RootContent[] = [
    { type: 'yaml', value: stringifyYaml(frontMatter(model), { lineWidth: 0 }).trimEnd() },
    heading(1, [text(policy.title)]),
  ];
  if (policy.status === 'draft') children.push(paragraph([{ type: 'strong', children: [text(labels.draft)] }]));
  children.push(paragraph(fieldInlines(model.organisation.legalName).map(inlineNode)));

  if (model.toComplete) {
    // A template's checklist, as a GFM task list a client can tick off.
    children.push(heading(2, [text(labels.toComplete)]));
    children.push(paragraph([text(labels.toCompleteIntro)]));
    children.push({
      type: 'list',
      ordered: false,
      spread: false,
      children: toCompleteRows(model).map(([label, where]) => ({
        type: 'listItem',
        checked: false,
        spread: false,
        children: [paragraph([...label.map(inlineNode), text(` (${labels.appearsIn.toLowerCase()}: ${where})`)])],
      })),
    });
  }

  children.push(heading(2, [text(labels.documentControl)]));
  children.push(table([labels.item, labels.details], documentControlRows(model).map(([label, value]) => [[text(label)], value.map(inlineNode)])));

  children.push(heading(2, [text(labels.versionHistory)]));
  children.push(
    table(
      [labels.version, labels.date, labels.author, labels.approver, labels.summary],
      historyRows(model).map((row) => row.map((cell) => cell.map(inlineNode))),
    ),
  );

  for (const section of model.sections) children.push(...sectionNodes(section));

  if (model.appendix.length > 0) {
    children.push(heading(2, [text(appendixTitle(model))]));
    children.push(paragraph([text(labels.controlMappingIntro)]));
    for (const framework of model.appendix) {
      children.push(heading(3, [text(framework.name)]));
      children.push(
        table(
          [labels.control, labels.controlTitle, labels.coveredBy],
          framework.controls.map((control) => [
            [text(control.id)],
            [text(control.title)],
            [text(control.sections.map((s) => `${s.number} ${s.title}`).join('; '))],
          ]),
        ),
      );
    }
  }
  return { type: 'root', children };
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
    case 'placeholder': return { type: 'strong', children: [text(`⟦${inline.label}⟧`)] };
    case 'revision':
      return inline.change === 'delete'
        ? { type: 'delete', children: inline.children.map(inlineNode) }
        : { type: 'strong', children: inline.children.map(inlineNode) };
  }
}
