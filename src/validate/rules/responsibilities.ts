import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { closest } from '../../diagnostics/suggest.js';
import { hasPath, positionOf, type YamlSource } from '../../source/yaml-source.js';
import type { RuleContext } from '../project.js';

/**
 * Every role the organisation file names in `responsibilities` is one it defines in `roles` (or a
 * group with a `holder`, such as the resolver groups). Library defaults that name a role the
 * organisation does not have are not errors: that role is left out of the generated tables.
 */
export function checkResponsibilities(context: RuleContext): Diagnostic[] {
  const { organisation, organisationFile: file, organisationSource: source } = context;
  const definition = organisation.responsibilities;
  const groups = Object.entries(definition.roles as Readonly<Record<string, { holder?: string | undefined }>>)
    .filter(([, role]) => role.holder !== undefined)
    .map(([key]) => key);
  const known = [...Object.keys(organisation.roles), ...groups];
  const diagnostics: Diagnostic[] = [];
  const check = (key: string, path: readonly (string | number)[]): void => {
    if (known.includes(key) || !written(source, path)) return;
    const suggestion = closest(key, known);
    diagnostics.push(
      diagnostic('organisation/unknown-role', file, positionOf(source, path), `The role "${key}" is not defined in \`roles\`, so no one holds it.`, {
        fieldPath: path.join('.'),
        hint: suggestion ? `Did you mean "${suggestion}"?` : 'Add the role to `roles`, or use a role defined there.',
      }),
    );
  };
  for (const [key, activity] of Object.entries(definition.activities)) {
    const base = ['responsibilities', 'activities', key];
    activity.responsible.forEach((role, index) => check(role, [...base, 'responsible', index]));
    check(activity.accountable, [...base, 'accountable']);
    activity.consulted.forEach((role, index) => check(role, [...base, 'consulted', index]));
    activity.informed.forEach((role, index) => check(role, [...base, 'informed', index]));
  }
  for (const [priority, roles] of Object.entries(definition.informedAtOnce)) {
    roles.forEach((role, index) => check(role, ['responsibilities', 'informedAtOnce', priority, index]));
  }
  definition.majorIncidentInformed.forEach((role, index) => check(role, ['responsibilities', 'majorIncidentInformed', index]));
  return diagnostics;
}

function written(source: YamlSource, path: readonly (string | number)[]): boolean {
  return hasPath(source, path);
}
