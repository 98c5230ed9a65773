import { closest } from '../diagnostics/suggest.js';

/**
 * What to do about a framework that has no catalog: the nearest framework that has one, else how to
 * add its catalog and which frameworks have one. The same hint wherever a framework is named (the
 * organisation file, a module's mapping, `coverage --framework`).
 */
export function missingCatalogHint(framework: string, known: readonly string[]): string {
  const near = closest(framework, known);
  const add = `add its catalog as frameworks/${framework}.yaml, or an OSCAL catalog as frameworks/${framework}.json, to the library or the project`;
  return near ? `Did you mean "${near}"? Otherwise ${add}.` : `${add[0]!.toUpperCase()}${add.slice(1)}; the frameworks with a catalog: ${known.join(', ')}.`;
}
