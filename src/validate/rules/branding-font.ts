import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { DEFAULT_BRANDING_FONT, EMBEDDABLE_FONTS } from '../../load/fonts.js';
import { positionOf } from '../../source/yaml-source.js';
import type { RuleContext } from '../project.js';

/**
 * A branding font policymark cannot embed is named in the Word styles but travels with no document:
 * another machine substitutes a font of its own, the PDF is set in Carlito instead, and the Word
 * contents' page numbers are computed with Carlito's metrics. Said once, at `branding.font`.
 */
export function checkBrandingFont(context: RuleContext): Diagnostic[] {
  const font = context.organisation.branding.font.trim();
  if (font === '' || EMBEDDABLE_FONTS.has(font.toLowerCase())) return [];
  const embeddable = [...EMBEDDABLE_FONTS.values()].join(', ');
  return [
    diagnostic(
      'organisation/font-not-embeddable',
      context.organisationFile,
      positionOf(context.organisationSource, ['branding', 'font']),
      `The branding font "${font}" cannot be embedded by policymark: the Word documents name it without embedding it, so a machine without it substitutes another font, and the PDF is set in ${DEFAULT_BRANDING_FONT} instead.`,
      {
        severity: 'warning',
        fieldPath: 'branding.font',
        hint: `Use a font policymark embeds (${embeddable}; ${DEFAULT_BRANDING_FONT} has the metrics of Calibri), or remove \`font\` for the default.`,
      },
    ),
  ];
}
