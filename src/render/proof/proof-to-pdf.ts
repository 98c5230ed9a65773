import PDFDocument from 'pdfkit';

/** What the one-page proof of approval states. */
export interface ProofOfApproval {
  readonly organisation: string;
  readonly organisationId: string;
  readonly policy: string;
  readonly title: string;
  readonly version: string;
  readonly date: string;
  readonly approver: string;
  readonly approverId: string;
  readonly role: string;
  /** `holder` or `delegate` of the role on the release date. */
  readonly standing: string;
  readonly author: string;
  readonly change: string;
  readonly summary: string;
  readonly seal: string;
  readonly signature: { readonly principal: string; readonly fingerprint: string; readonly allowedSigner: string } | null;
  readonly releaseFile: string;
  readonly tool: string;
}

/** The faces the proof is set in (the PDF renderer's embedded fonts). */
export interface ProofFonts {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

/**
 * A one-page PDF that states who approved which version of which policy, when, in which role, and how
 * to check it (the seal, the key fingerprint, the ssh-keygen command): the page an auditor files.
 * Deterministic: its dates are the release date.
 */
export function proofToPdf(proof: ProofOfApproval, fonts: ProofFonts): Promise<Uint8Array> {
  const date = new Date(`${proof.date}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    pdfVersion: '1.7',
    lang: 'en',
    displayTitle: true,
    info: { Title: `Proof of approval: ${proof.title} ${proof.version}`, Author: proof.approver, Subject: proof.organisation, Creator: proof.tool, Producer: proof.tool, CreationDate: date, ModDate: date },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', Buffer.from(fonts.regular));
  doc.registerFont('bold', Buffer.from(fonts.bold));
  doc.font('bold').fontSize(18).text('Proof of approval');
  doc.moveDown(0.3).font('regular').fontSize(11).text(`${proof.title}, version ${proof.version}: ${proof.organisation}`);
  doc.moveDown(1);
  const row = (label: string, value: string): void => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    doc.font('bold').fontSize(10).text(label, left, doc.y, { width });
    doc.font('regular').fontSize(10).text(value, left + 12, doc.y, { width: width - 12 });
    doc.moveDown(0.4);
  };
  row('Organisation', `${proof.organisation} (id ${proof.organisationId})`);
  row('Policy', `${proof.title} (${proof.policy}), version ${proof.version}`);
  row('Approved on', proof.date);
  row('Approved by', `${proof.approver} (${proof.approverId}), ${proof.standing === 'delegate' ? 'as delegate for' : 'holding'} the role "${proof.role}" on that date`);
  row('Prepared by', proof.author);
  row('Kind of change', proof.change === 'material' ? 'Material: staff acknowledge this version' : 'Editorial: acknowledgements of the previous material version stand');
  row('Summary', proof.summary);
  row('Seal (sha256 of the release content)', proof.seal);
  if (proof.signature) {
    row('Signature', `OpenSSH signature (SSHSIG, namespace "policymark") by ${proof.signature.principal}`);
    row('Key fingerprint', proof.signature.fingerprint);
    row('Allowed signer', proof.signature.allowedSigner);
    row('Check it yourself', `ssh-keygen -Y verify -f allowed_signers -I ${proof.signature.principal} -n policymark -s ${proof.releaseFile}.sig < ${proof.releaseFile}`);
  } else {
    row('Signature', 'Unsigned: this release was made without a signature (release --unsigned).');
  }
  row('Verify the whole pack', 'policymark verify <this pack>.zip');
  doc.end();
  return done;
}
