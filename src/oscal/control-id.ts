/**
 * OSCAL control ids are tokens that start with a letter or underscore; ours are citations such as
 * `5.24`, `Clause 6.1`, `CC7.3` and `Art. 21(2)(a)`. The rule, reversible without the catalog:
 *
 *   <framework>-<token>, token from the canonical id:
 *   `Art. 21(2)(a)` → `art-21-2-a`     article, then each parenthesised subdivision after a hyphen
 *   `Clause 6.1.2`  → `clause-6.1.2`
 *   `5.24`          → `a.5.24`         a bare number is an ISO/IEC 27001 Annex A control
 *   `CC7.3`         → `cc7.3`          anything else: lower case (SOC 2 criteria are upper case)
 *
 * so `iso27001-a.5.24`, `gdpr-art-33`, `nis2-art-21-2-a`, `soc2-cc7.3`.
 */
export function oscalControlId(framework: string, id: string): string {
  return `${framework}-${controlToken(id)}`;
}

function controlToken(id: string): string {
  const article = /^Art\. (\d+)((?:\([0-9a-z]+\))*)$/.exec(id);
  if (article) return `art-${article[1]}${[...article[2]!.matchAll(/\(([0-9a-z]+)\)/g)].map((m) => `-${m[1]}`).join('')}`;
  const clause = /^Clause (\d+(?:\.\d+)*)$/.exec(id);
  if (clause) return `clause-${clause[1]}`;
  if (/^\d+(?:\.\d+)*$/.test(id)) return `a.${id}`;
  return id.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}

/** The canonical id an OSCAL control id of `oscalControlId` stands for; undefined for another framework's. */
export function policymarkControlId(framework: string, oscalId: string): string | undefined {
  if (!oscalId.startsWith(`${framework}-`)) return undefined;
  const token = oscalId.slice(framework.length + 1);
  const article = /^art-(\d+)((?:-[0-9a-z]+)*)$/.exec(token);
  if (article) return `Art. ${article[1]}${article[2]!.split('-').filter(Boolean).map((part) => `(${part})`).join('')}`;
  const clause = /^clause-(\d+(?:\.\d+)*)$/.exec(token);
  if (clause) return `Clause ${clause[1]}`;
  const annex = /^a\.(\d+(?:\.\d+)*)$/.exec(token);
  if (annex) return annex[1];
  return token.toUpperCase();
}

/** The OSCAL id of a catalog group: `<framework>-group-<id>` (`nis2-group-iv`, `iso27001-group-5`). */
export function oscalGroupId(framework: string, id: string): string {
  return `${framework}-group-${id.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}`;
}
