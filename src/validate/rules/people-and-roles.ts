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
  const unknownPerson = (personId: string, fieldPath: (string | number)[], what: string): void => {
    if (ids.has(personId)) return;
    const suggestion = closest(personId, [...ids]);
    diagnostics.push(
      diagnostic('organisation/unknown-person', file, positionOf(source, fieldPath), `${what} "${personId}", who is not listed in \`people\`.`, {
        fieldPath: fieldPath.join('.'),
        hint: suggestion ? `Did you mean "${suggestion}"?` : 'Add the person to `people`, or use the id of someone listed there.',
      }),
    );
  };
  for (const [role, delegates] of Object.entries(organisation.delegates)) {
    if (!(role in organisation.roles)) {
      diagnostics.push(
        diagnostic('organisation/unknown-role', file, positionOf(source, ['delegates', role]), `\`delegates\` names the role "${role}", which is not one of \`roles\`.`, {
          hint: `Use one of: ${Object.keys(organisation.roles).join(', ')}.`,
        }),
      );
    }
    delegates.forEach((personId, i) => unknownPerson(personId, ['delegates', role, i], `A delegate for the role "${role}" is`));
  }
  organisation.roleHistory.forEach((entry, i) => {
    unknownPerson(entry.person, ['roleHistory', i, 'person'], `An earlier holder of the role "${entry.role}" is`);
    if (entry.until < entry.from) {
      diagnostics.push(
        diagnostic('organisation/invalid-period', file, positionOf(source, ['roleHistory', i, 'until']), `This period in the role "${entry.role}" ends (${entry.until}) before it starts (${entry.from}).`, {
          hint: 'Give the first and the last day in the role.',
        }),
      );
    }
  });
  return diagnostics;
}
