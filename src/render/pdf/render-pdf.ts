import { fieldToText, type DocumentModel } from '../../model/document.js';
import { classificationLabel, pageLabel, versionText } from '../document-outline.js';
import { documentTheme, type Theme } from '../page-layout/model-to-flow.js';
import { paginateDocument } from '../page-layout/paginate-document.js';
import type { PageFurniture } from '../page-layout/layout-input.js';
import { layoutPdf } from './layout.js';
import type { PdfRenderOptions } from './pdf-render-options.js';

const MUTED = '#5B6573';

/**
 * Renders a policy as a tagged PDF: the document outline's parts in order (title block, a template's
 * checklist, document control, version history, table of contents with page numbers, numbered sections
 * and the control-mapping appendix). Fonts come from `context.fonts` (required by the type, so none can
 * fall back to an unembedded font) and are embedded as subsets; the same model and context always give
 * the same bytes.
 */
export async function renderPdf(model: DocumentModel, context: PdfRenderOptions): Promise<Uint8Array> {
  const theme = documentTheme(model.organisation.branding.primaryColor);
  const { policy, organisation } = model;
  return layoutPdf(paginateDocument(model, context), {
    pageSize: organisation.branding.pageSize,
    fonts: context.fonts,
    lang: model.lang,
    theme: theme.layout,
    info: {
      title: policy.title,
      author: fieldToText(policy.owner.name),
      subject: `${fieldToText(organisation.legalName)}: ${policy.title}`,
      keywords: [policy.id, classificationLabel(model), ...model.appendix.map((f) => f.name)].join(', '),
      creator: 'policymark',
      producer: 'policymark (PDFKit)',
      date: context.timestamp,
    },
    furniture: (page, total) => furniture(model, theme, page, total),
  });
}

function furniture(model: DocumentModel, theme: Theme, page: number, total: number): PageFurniture {
  const { policy, labels } = model;
  const draft = policy.status === 'draft';
  return {
    headerLeft: `${fieldToText(model.organisation.shortName)} · ${policy.title}`,
    headerRight: [
      { text: classificationLabel(model), color: MUTED, bold: false },
      ...(draft ? [{ text: labels.draft, color: theme.draft, bold: true }] : []),
    ],
    footerLeft: `${labels.version} ${versionText(model)}`,
    footerRight: pageLabel(model, page, total),
  };
}

