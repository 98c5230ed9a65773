import path from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { ACKNOWLEDGEMENTS_FILE, loadInputFile, releasesDir, type ProjectLocation } from '../load/load-project.js';
import { toCsv } from '../render/csv/to-csv.js';
import { ACKNOWLEDGEMENT_COLUMNS, mergeAcknowledgements, validateAcknowledgements, type Acknowledgement } from '../validate/validate-acknowledgements.js';
import { writeFileAtomic } from '../write/atomic-write.js';
import { prepareProject } from './prepare-project.js';

/** What `ack import` did. */
export interface AcknowledgeResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** Project-relative path of the ledger. */
  readonly ledger?: string;
  /** Acknowledgements in the import, new ones, and the ledger's size after it. */
  readonly imported?: number;
  readonly added?: number;
  readonly total?: number;
}

/**
 * `ack import FILE.csv`: validates an export of acknowledgements against the organisation's people
 * and released versions (every problem positioned at its CSV line and column), and merges it into the
 * ledger `releases/acknowledgements.csv`. Nothing is written unless the whole file is sound.
 */
export async function importAcknowledgements(request: ProjectLocation & { readonly file: string; readonly today: string }): Promise<AcknowledgeResult> {
  const prepared = await prepareProject({ ...request, policies: [], langs: [] });
  if (!prepared.value) return { ok: false, diagnostics: prepared.diagnostics };
  const { project } = prepared.value;
  const input = await loadInputFile(request, request.file);
  if (!input.value) return { ok: false, diagnostics: input.diagnostics };
  const checked = validateAcknowledgements(input.value, { people: project.organisation.people, releases: project.releases, today: request.today });
  if (hasErrors(checked.diagnostics)) return { ok: false, diagnostics: checked.diagnostics };
  const merged = mergeAcknowledgements(project.acknowledgements, checked.value);
  const target = path.join(releasesDir(request), ACKNOWLEDGEMENTS_FILE);
  await writeFileAtomic(target, ledgerText(merged.ledger));
  const ledger = path.relative(request.root, target).split(path.sep).join('/');
  return { ok: true, diagnostics: checked.diagnostics, ledger, imported: checked.value.length, added: merged.added, total: merged.ledger.length };
}

/** The ledger as CSV, in the order {@link mergeAcknowledgements} sorts it. */
export function ledgerText(ledger: readonly Acknowledgement[]): string {
  return toCsv(ACKNOWLEDGEMENT_COLUMNS, ledger.map((a) => [a.person, a.email, a.policy, a.version, a.date]));
}
