import type { ImageAsset } from '../load/load-assets.js';
import type { DocumentModel } from '../model/document.js';
import type { RedlineOutline } from '../render/redline-outline.js';

/** Output formats, each a renderer from the document model to bytes. */
export const FORMATS = ['md', 'docx', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

/** What rendering one document takes besides its model (fonts are loaded when a Word or PDF document is asked for). */
export interface RenderInputs {
  readonly timestamp: Date;
  readonly logo: ImageAsset | undefined;
}

type Renderer = (model: DocumentModel, inputs: RenderInputs) => Promise<Uint8Array>;

/** Loaded on first use: a build that is up to date, or writes Markdown only, never loads docx or pdfkit. */
const RENDERERS: Record<Format, () => Promise<Renderer>> = {
  md: async () => {
    const { renderMarkdown } = await import('../render/markdown/render-markdown.js');
    return async (model) => new TextEncoder().encode(renderMarkdown(model));
  },
  docx: async () => {
    const [{ renderDocx }, { loadDocumentFonts }] = await Promise.all([import('../render/docx/render-docx.js'), import('../load/fonts.js')]);
    return async (model, inputs) => {
      const fonts = await loadDocumentFonts(model.organisation.branding.font);
      return renderDocx(model, { timestamp: inputs.timestamp, logo: inputs.logo, fonts: { name: fonts.name, embed: fonts.embeddable, main: fonts.faces, fallback: fonts.fallback } });
    };
  },
  pdf: async () => {
    const [{ renderPdf }, { loadDocumentFonts }] = await Promise.all([import('../render/pdf/render-pdf.js'), import('../load/fonts.js')]);
    return async (model, inputs) => {
      const fonts = await loadDocumentFonts(model.organisation.branding.font);
      return renderPdf(model, { timestamp: inputs.timestamp, logo: inputs.logo, fonts: { main: fonts.faces, fallback: fonts.fallback } });
    };
  },
};

/** Renders one document in one format: the one render path of every command. */
export async function renderArtifact(format: Format, model: DocumentModel, inputs: RenderInputs): Promise<Uint8Array> {
  return (await RENDERERS[format]())(model, inputs);
}

/** Renders a redline as a Word document with tracked changes (the only format a redline has). */
export async function renderRedline(redline: RedlineOutline, inputs: RenderInputs): Promise<Uint8Array> {
  const [{ renderRedlineDocx }, { loadDocumentFonts }] = await Promise.all([import('../render/docx/render-docx.js'), import('../load/fonts.js')]);
  const fonts = await loadDocumentFonts(redline.model.organisation.branding.font);
  return renderRedlineDocx(redline, { timestamp: inputs.timestamp, logo: inputs.logo, fonts: { name: fonts.name, embed: fonts.embeddable, main: fonts.faces, fallback: fonts.fallback } });
}

/** Drafts have no date of their own: without SOURCE_DATE_EPOCH their metadata carries this fixed one. */
export const DRAFT_TIMESTAMP = new Date('2000-01-01T00:00:00Z');

/**
 * The timestamp written into a document's metadata: its release date, else SOURCE_DATE_EPOCH, else a
 * fixed date. Never the clock, so that two builds of the same inputs are byte-identical.
 */
export function documentTimestamp(model: DocumentModel, sourceDateEpoch: number | undefined): Date {
  if (model.policy.effectiveDate) return new Date(`${model.policy.effectiveDate}T00:00:00Z`);
  return sourceDateEpoch !== undefined ? new Date(sourceDateEpoch * 1000) : DRAFT_TIMESTAMP;
}
