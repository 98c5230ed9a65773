import type { RootContent } from 'mdast';
import { coveredByText, supportedByText, type FrameworkCoverage } from '../../coverage/compute-coverage.js';
import { bulletList, heading, paragraph, strong, text, textTable } from './mdast-build.js';
import { stringifyMarkdown } from './render-markdown.js';

/** The coverage report as Markdown: totals, then per framework every counted control and its gaps. */
export function coverageToMarkdown(organisation: string, coverage: readonly FrameworkCoverage[]): string {
  const children: RootContent[] = [
    heading(1, [text(`Control coverage: ${organisation}`)]),
    paragraph([text('Computed from the control mappings of the policy sections. A requirement is covered when a section implements it (its text, read alone, fulfils the requirement); sections that only support a requirement are listed apart and never make it covered. A requirement is counted when it obliges the organisation and is not split into listed paragraphs or points.')]),
    textTable(['Framework', 'Requirements', 'Implemented', 'Supported only', 'Gaps', 'Coverage'], coverage.map((f) => [f.name, String(f.total), String(f.covered), String(f.supportedOnly), String(f.total - f.covered), `${f.percent.toFixed(1)}%`])),
  ];
  for (const framework of coverage) {
    const counted = framework.controls.filter((c) => c.counted);
    const gaps = counted.filter((c) => !c.covered);
    children.push(
      heading(2, [text(`${framework.name}: ${framework.covered} of ${framework.total} covered (${framework.percent.toFixed(1)}%)`)]),
      textTable(['Control', 'Title', 'Implemented by', 'Supported by'], counted.map((c) => [c.id, c.title, c.covered ? coveredByText(c) : 'GAP', supportedByText(c)])),
    );
    if (gaps.length > 0) {
      children.push(paragraph([strong(`Gaps (${gaps.length})`)]), bulletList(gaps.map((c) => [text(`${c.id} ${c.title}`)])));
    }
  }
  return stringifyMarkdown({ type: 'root', children });
}
