import { diagnostic, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import { findPerson, type RoleRecords } from '../release/approval.js';
import { compareSemver } from '../release/semver.js';
import { isoDateProblem } from '../schema/iso-date.js';
import type { ReleaseRecord } from '../schema/release.js';
import { parseCsv, type CsvCell } from '../source/csv-source.js';
import type { SourceFile } from '../source/source-file.js';

/** One person's acknowledgement of one released version of a policy. */
export interface Acknowledgement {
  /** The person's id in the organisation file. */
  readonly person: string;
  readonly email: string;
  readonly policy: string;
  readonly version: string;
  /** YYYY-MM-DD */
  readonly date: string;
}

/** The columns of an acknowledgement file, in the ledger's order; an import may have them in any order. */
export const ACKNOWLEDGEMENT_COLUMNS = ['person', 'e-mail', 'policy', 'version', 'date'] as const;

/**
 * Reads acknowledgements from CSV (an HR system's or e-signature service's export, or the ledger
 * `releases/acknowledgements.csv`): a header naming the columns person (id or full name), e-mail,
 * policy, version and date, in any order, then one acknowledgement per line. Each row must name a
 * person of the organisation file (by id, full name or e-mail), a released version of a policy, and
 * a real date no earlier than that release and, for an import, no later than `today`. Every problem is
 * a diagnostic at its CSV line and column. In the ledger (`asLedger`), a person no longer listed is a
 * warning, not an error: people leave, and their acknowledgements stay on record.
 */
export function validateAcknowledgements(
  file: SourceFile,
  context: { readonly people: RoleRecords['people']; readonly releases: ReadonlyMap<string, readonly ReleaseRecord[]>; readonly today?: string; readonly asLedger?: boolean },
): { value: Acknowledgement[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const parsed = parseCsv(file.text);
  if ('problem' in parsed) {
    return { value: [], diagnostics: [diagnostic('ack/invalid-csv', file.path, parsed.problem, parsed.problem.message, { hint: 'Export the file again as CSV (comma-separated, UTF-8).' })] };
  }
  const [header, ...rows] = parsed.rows;
  if (!header) return { value: [], diagnostics: [diagnostic('ack/missing-column', file.path, { line: 1, column: 1 }, 'This acknowledgement file is empty.', { hint: `Start it with the header ${ACKNOWLEDGEMENT_COLUMNS.join(',')}.` })] };
  const normalise = (name: string): string => name.toLowerCase().replace(/[\s_]/g, '').replace(/^email$/, 'e-mail');
  const index = new Map(header.map((cell, i) => [normalise(cell.value), i]));
  const missing = ACKNOWLEDGEMENT_COLUMNS.filter((column) => !index.has(column));
  if (missing.length > 0) {
    return {
      value: [],
      diagnostics: [
        diagnostic('ack/missing-column', file.path, { line: header[0]!.line, column: header[0]!.column }, `The header of this acknowledgement file has no column ${missing.map((m) => `"${m}"`).join(', ')}; it has ${header.map((c) => `"${c.value}"`).join(', ')}.`, {
          hint: `Name the columns ${ACKNOWLEDGEMENT_COLUMNS.join(', ')} in the first line.`,
        }),
      ],
    };
  }
  const value: Acknowledgement[] = [];
  for (const row of rows) {
    const at = (cell: CsvCell | undefined) => ({ line: cell?.line ?? row[0]!.line, column: cell?.column ?? 1 });
    if (row.length !== header.length) {
      diagnostics.push(diagnostic('ack/invalid-row', file.path, at(row[0]), `This line has ${row.length} field${row.length === 1 ? '' : 's'}; the header has ${header.length}.`, { hint: 'Quote a field that contains a comma: "Lindqvist, Anna".' }));
      continue;
    }
    const cell = (column: (typeof ACKNOWLEDGEMENT_COLUMNS)[number]): CsvCell => row[index.get(column)!]!;
    const [personCell, emailCell, policyCell, versionCell, dateCell] = ACKNOWLEDGEMENT_COLUMNS.map(cell) as [CsvCell, CsvCell, CsvCell, CsvCell, CsvCell];
    const problems = diagnostics.length;

    const found = findPerson(context.people, personCell.value);
    const person = 'person' in found ? found.person : context.people.find((p) => p.email !== undefined && emailCell.value !== '' && p.email.toLowerCase() === emailCell.value.toLowerCase());
    if (!person) {
      const severity: Severity = context.asLedger ? 'warning' : 'error';
      const suggestions = 'suggestions' in found ? found.suggestions : [];
      diagnostics.push(
        diagnostic('ack/unknown-person', file.path, at(personCell), `"${personCell.value}"${emailCell.value ? ` (${emailCell.value})` : ''} is not a person of the organisation file.`, {
          hint: suggestions.length > 0 ? `Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : 'Add them to `people` (the staff list), or leave the line out.',
          severity,
        }),
      );
      if (context.asLedger) continue;
    } else if (emailCell.value !== '' && person.email !== undefined && person.email.toLowerCase() !== emailCell.value.toLowerCase()) {
      diagnostics.push(
        diagnostic('ack/email-mismatch', file.path, at(emailCell), `The e-mail ${emailCell.value} is not ${person.name ?? person.id}'s, which is ${person.email} in the organisation file.`, {
          hint: 'Correct the e-mail address, or the person, so that the acknowledgement is attributed to who gave it.',
        }),
      );
    }
    const released = context.releases.get(policyCell.value);
    const release = released?.find((r) => r.version === versionCell.value);
    if (!released) {
      diagnostics.push(
        diagnostic('ack/unknown-release', file.path, at(policyCell), `There is no released policy "${policyCell.value}" to acknowledge.`, {
          hint: `Released policies: ${[...context.releases.keys()].sort().join(', ') || 'none yet'}.`,
        }),
      );
    } else if (!release) {
      diagnostics.push(
        diagnostic('ack/unknown-release', file.path, at(versionCell), `${policyCell.value} has no released version "${versionCell.value}".`, {
          hint: `Released versions: ${released.map((r) => r.version).join(', ')}.`,
        }),
      );
    }
    const dateProblem = isoDateProblem(dateCell.value);
    if (dateProblem) {
      diagnostics.push(diagnostic('ack/invalid-date', file.path, at(dateCell), `The date "${dateCell.value}" ${dateProblem}.`, { hint: 'Write dates as YYYY-MM-DD.' }));
    } else if (release && dateCell.value < release.date) {
      diagnostics.push(
        diagnostic('ack/invalid-date', file.path, at(dateCell), `The acknowledgement is dated ${dateCell.value}, before ${policyCell.value} ${versionCell.value} was released on ${release.date}.`, {
          hint: 'Check the version and the date: a version can be acknowledged only once it is released.',
        }),
      );
    } else if (context.today !== undefined && dateCell.value > context.today) {
      diagnostics.push(diagnostic('ack/invalid-date', file.path, at(dateCell), `The acknowledgement is dated ${dateCell.value}, after today (${context.today}).`, { hint: 'Check the date.' }));
    }
    if (diagnostics.length > problems || !person) continue;
    value.push({ person: person.id, email: person.email ?? emailCell.value, policy: policyCell.value, version: versionCell.value, date: dateCell.value });
  }
  return { value, diagnostics };
}

/**
 * Merges acknowledgements into a ledger: one per person, policy and version (the earliest date kept),
 * sorted by policy, version, person: the same acknowledgements always give the same file.
 */
export function mergeAcknowledgements(ledger: readonly Acknowledgement[], added: readonly Acknowledgement[]): { ledger: Acknowledgement[]; added: number } {
  const byKey = new Map<string, Acknowledgement>();
  for (const ack of ledger) byKey.set(`${ack.policy}\u0000${ack.version}\u0000${ack.person}`, ack);
  let count = 0;
  for (const ack of added) {
    const key = `${ack.policy}\u0000${ack.version}\u0000${ack.person}`;
    const existing = byKey.get(key);
    if (!existing) count++;
    if (!existing || ack.date < existing.date) byKey.set(key, ack);
  }
  const sorted = [...byKey.values()].sort((a, b) => (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : compareSemver(a.version, b.version) || (a.person < b.person ? -1 : a.person > b.person ? 1 : 0)));
  return { ledger: sorted, added: count };
}

/**
 * Who has and who has not acknowledged the current material version of a policy: its latest release
 * that is not editorial (a release older than the material/editorial distinction counts as material).
 * An acknowledgement of that version or any later one counts. Staff are the people of the organisation file.
 */
export function acknowledgementStatus(
  releases: readonly ReleaseRecord[],
  people: RoleRecords['people'],
  acknowledgements: readonly Acknowledgement[],
): { version: string; acknowledged: string[]; pending: string[] } | null {
  const material = [...releases].reverse().find((r) => r.change !== 'editorial');
  if (!material) return null;
  const released = new Set(releases.map((r) => r.version));
  const done = new Set(
    acknowledgements.filter((a) => a.policy === material.policy && released.has(a.version) && compareSemver(a.version, material.version) >= 0).map((a) => a.person),
  );
  return {
    version: material.version,
    acknowledged: people.filter((p) => done.has(p.id)).map((p) => p.id),
    pending: people.filter((p) => !done.has(p.id)).map((p) => p.id),
  };
}
