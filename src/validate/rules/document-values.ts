import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { positionOf } from '../../source/yaml-source.js';
import type { RuleContext } from '../project.js';

/**
 * Outside template mode, the values every document prints itself (on its title block, in its header
 * and document control table) must be set: the organisation's names, and the name and title of each
 * policy's owner and approver. Values that only modules print are checked where the modules use them.
 */
export function checkDocumentValues(context: RuleContext): Diagnostic[] {
  if (context.template) return [];
  const { organisation, organisationFile, organisationSource } = context;
  const diagnostics: Diagnostic[] = [];
  const hint = 'Fill it in, or build with --template to print a marked placeholder for the client to complete.';
  for (const field of ['legalName', 'shortName'] as const) {
    if (organisation[field] !== null) continue;
    diagnostics.push(
      diagnostic('organisation/unset-value', organisationFile, positionOf(organisationSource, [field]), `\`${field}\` is empty, but every document prints it.`, { fieldPath: field, hint }),
    );
  }
  const people = new Map(organisation.people.map((person) => [person.id, person]));
  for (const entry of [...context.policies.values()].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    for (const which of ['owner', 'approver'] as const) {
      const role = entry.manifest[which];
      const personId = organisation.roles[role];
      if (personId === undefined) continue; // an unknown role is reported by the policy references rule
      const person = personId === null ? undefined : people.get(personId);
      if (personId !== null && !person) continue; // an unknown person is reported by the people rule
      const empty = !person ? `the role "${role}" is given to nobody` : person.name === null ? `${person.id} has no name` : person.title === null ? `${person.id} has no title` : undefined;
      if (!empty) continue;
      diagnostics.push(
        diagnostic('organisation/unset-value', entry.file, positionOf(entry.source, [which]), `The ${which} of "${entry.manifest.id}" is printed in its document control table, but ${empty} in ${organisationFile}.`, {
          fieldPath: `roles.${role}`,
          hint,
        }),
      );
    }
  }
  return diagnostics;
}
