import { loadPdfFonts } from '../load/fonts.js';
import { proofToPdf, type ProofOfApproval } from '../render/proof/proof-to-pdf.js';

/** The proof of approval as a PDF, set in the PDF renderer's embedded fonts. */
export async function renderProofPdf(proof: ProofOfApproval): Promise<Uint8Array> {
  const fonts = await loadPdfFonts();
  return proofToPdf(proof, { regular: fonts.regular, bold: fonts.bold });
}
