/**
 * How a template names an organisation field, in the Word content controls and the custom XML part of
 * a template and in `policymark import`: the path of the value below `org`, as module bodies print it,
 * its keys joined by ".". `legalName`, `tools.ticketing`, `incident.priorities.P1.response`; an item of a
 * list by its index, `incident.reportingChannels.0`; a field of the person holding a role by the role,
 * `roles.incidentManager.name` (import writes it to a person in `people` and gives the role that
 * person's id). A per-language value is one field: the template of each language carries its own text,
 * and import writes it as the language's entry where the file gives that field per language.
 *
 * The naming is reversible: {@link fieldPathSegments} gives back the keys. A path is usable as an XML
 * element name (letters, digits, "_", "-" and "." only, not starting with a digit), which the schema's
 * keys are; a path that is not (an odd `variables` key) is left unbound.
 */

/** The field path of a template variable path (`['org', 'roles', 'dpo', 'name']`), or undefined outside `org`. */
export function fieldPathOf(path: readonly string[]): string | undefined {
  const [root, ...rest] = path;
  if (root !== 'org' || rest.length === 0) return undefined;
  const joined = rest.join('.');
  return isFieldPath(joined) ? joined : undefined;
}

/** Whether a text is a field path that can name an element of the custom XML part. */
export function isFieldPath(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/.test(text) && !/^xml/i.test(text);
}

/** The keys of a field path, in order. */
export function fieldPathSegments(path: string): string[] {
  return path.split('.');
}
