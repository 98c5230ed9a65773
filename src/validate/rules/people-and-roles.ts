import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { closest } from '../../diagnostics/suggest.js';
import { positionOf } from '../../source/yaml-source.js';
import type { RuleContext } from '../project.js';

/** Every role names a person who exists; no two people share an id. */
export function checkPeopleAndRoles(context: RuleContext): Diagnostic[] {
  const { organisation, organisationFile: file, organisationSource: source } = context;
  const diagnostics: Diagnostic[] = [];
  const ids = new Set<string>();
  organisation.people.forEach((person, index) => {
    if (ids.has(person.id)) {
      diagnostics.push(
        diagnostic('organisation/duplicate-person', file, positionOf(source, ['people', index, 'id']), `The person id "${person.id}" is used twice in \`people\`.`, {
          hint: 'Give each person a unique id.',
        }),
      );
    }
    ids.add(person.id);
  });
  for (const [role, personId] of Object.entries(organisation.roles)) {
    // A role left empty is a value to fill in: reported where a document uses it.
    if (personId === null || ids.has(personId)) continue;
    const suggestion = closest(personId, [...ids]);
    diagnostics.push(
      diagnostic('organisation/unknown-person', file, positionOf(source, ['roles', role]), `The role "${role}" is given to "${personId}", who is not listed in \`people\`.`, {
        fieldPath: `roles.${role}`,
        hint: suggestion ? `Did you mean "${suggestion}"?` : 'Add the person to `people`, or use the id of someone listed there.',
      }),
    );
  }
  return diagnostics;
}
