import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { libraryVersionOf } from '../library/library-version.js';
import { LIBRARY_MANIFEST_FILE, libraryDirOf, loadLibraryIdentity } from '../load/load-library.js';
import { organisationFiles } from '../load/organisation-files.js';
import { clientOverviewRow, type ClientOverviewRow } from '../register/client-overview.js';
import { displayPath } from '../source/display-path.js';
import { registerReport } from './reports.js';

export interface ClientsOverviewRequest {
  /** Absolute folder that paths are shown relative to. */
  readonly root: string;
  /** Client folders and organisation files (absolute). */
  readonly clients: readonly string[];
  /** --library: the library every client builds from, instead of its `library:` (absolute). */
  readonly library?: string | undefined;
  /** YYYY-MM-DD: the date reviews are judged overdue against. */
  readonly today: string;
}

/**
 * `policymark clients`: one row per client from its policy register (latest releases, overdue and due
 * reviews, unreleased changes, the share of acknowledgements) and its library version, recorded and
 * declared. A client whose files have errors is a failed row with its diagnostics; the others are listed.
 */
export async function clientsOverview(request: ClientsOverviewRequest): Promise<{ rows: ClientOverviewRow[]; diagnostics: Diagnostic[] }> {
  const display = (absolute: string): string => displayPath(request.root, absolute);
  const diagnostics: Diagnostic[] = [];
  const listed = await organisationFiles(request.clients);
  // A library's own manifest is YAML too, but never an organisation file.
  const files = listed.files.filter((file) => path.basename(file) !== LIBRARY_MANIFEST_FILE);
  const { missing } = listed;
  for (const given of missing) diagnostics.push(diagnostic('load/not-found', display(given), { line: 0, column: 0 }, 'This organisation file or client folder does not exist.', { hint: 'Name a client folder, or organisation files.' }));
  const rows: ClientOverviewRow[] = [];
  for (const organisationFile of files) {
    const report = await registerReport({ root: request.root, organisationFile, libraryDir: request.library, today: request.today });
    const file = display(organisationFile);
    if (!report.ok) {
      diagnostics.push(...report.diagnostics);
      rows.push({ ...clientOverviewRow({ organisation: path.basename(path.dirname(organisationFile)), file, libraryVersion: null, libraryDeclared: null }, []), status: 'failed' });
      continue;
    }
    const { project } = report;
    const recorded = project.organisationRecord.libraryVersion;
    const dir = libraryDirOf(project.organisationRecord.library, organisationFile, request.library);
    const identity = 'dir' in dir ? await loadLibraryIdentity(dir.dir, request.root) : undefined;
    const declared = identity ? libraryVersionOf(identity.value) : undefined;
    if (identity) diagnostics.push(...identity.diagnostics, ...(declared?.diagnostics ?? []));
    rows.push(clientOverviewRow({ organisation: project.organisation.id, file, libraryVersion: typeof recorded === 'string' ? recorded : null, libraryDeclared: declared?.value.version ?? null }, report.value, (policy) => project.releases.get(policy)?.at(-1)?.libraryVersion ?? null));
  }
  return { rows, diagnostics };
}
