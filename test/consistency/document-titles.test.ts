import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/pipeline/check.js';
import { renderMarkdown } from '../../src/render/markdown/render-markdown.js';
import { REPO_ROOT } from '../support/project.js';

/**
 * One source for the titles of other documents: modules cite a document as
 * `{{library.documents.<id>.title}}`, so renaming it in its manifest renames every citation, and no
 * module types a bundled document's title by hand.
 */
interface Rendered {
  readonly policy: string;
  readonly lang: 'en' | 'sv';
  readonly markdown: string;
}

const SECTIONS = path.join(REPO_ROOT, 'policy-modules/sections');
const POLICIES = path.join(REPO_ROOT, 'policy-modules/policies');

/** Every manifest's id and titles. */
const manifests = readdirSync(POLICIES).filter((f) => f.endsWith('.yaml')).map((f) => {
  const manifest = parse(readFileSync(path.join(POLICIES, f), 'utf8')) as { id: string; title: { en: string; sv: string } };
  return { file: f, id: manifest.id, title: manifest.title };
});

/** The documents renamed, with their new titles. */
const RENAMED: Readonly<Record<string, { en: string; sv: string }>> = {
  'incident-management': { en: 'Zephyr Incident Rulebook', sv: 'Zephyrs regelverk för incidenter' },
  'supplier-security': { en: 'Quokka Supplier Charter', sv: 'Quokkas leverantörsstadga' },
  'secure-development': { en: 'Narwhal Engineering Code', sv: 'Narvalens utvecklingskod' },
};

const dirs: string[] = [];
let changed: Rendered[] = [];
let unchanged: Rendered[] = [];

/** A copy of the bundled library with `edit` applied, and the example organisation, checked and composed (drafts). */
async function composeExample(edit: (library: string) => void): Promise<ReturnType<typeof checkProject>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-titles-'));
  dirs.push(dir);
  const library = path.join(dir, 'library');
  for (const part of ['policy-modules', 'frameworks', 'policymark-library.yaml']) cpSync(path.join(REPO_ROOT, part), path.join(library, part), { recursive: true });
  edit(library);
  const source = path.join(REPO_ROOT, 'examples/kestrel');
  const project = path.join(dir, 'project');
  cpSync(path.join(source, 'organisation.yaml'), path.join(project, 'organisation.yaml'));
  copyFileSync(path.join(source, 'logo.png'), path.join(project, 'logo.png'));
  return checkProject({ root: project, organisationFile: path.join(project, 'organisation.yaml'), libraryDir: library, policies: [], langs: [], select: { kind: 'draft' } });
}

async function rendered(edit: (library: string) => void): Promise<Rendered[]> {
  const result = await composeExample(edit);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.documents.map((d) => ({ policy: d.policy, lang: d.lang === 'sv' ? 'sv' : 'en', markdown: renderMarkdown(d.model) }));
}

function rename(library: string): void {
  for (const [id, title] of Object.entries(RENAMED)) {
    const file = path.join(library, 'policy-modules/policies', `${id}.yaml`);
    const yaml = readFileSync(file, 'utf8');
    const old = manifests.find((m) => m.id === id)?.title;
    if (!old) throw new Error(`no manifest ${id}`);
    let renamed = yaml;
    for (const lang of ['en', 'sv'] as const) {
      const from = `${lang}: ${old[lang]}\n`;
      if (!renamed.includes(from)) throw new Error(`${id}: the manifest no longer has ${from}`);
      renamed = renamed.replace(from, `${lang}: ${title[lang]}\n`);
    }
    writeFileSync(file, renamed);
  }
}

function count(text: string, phrase: string): number {
  return text.toLowerCase().split(phrase.toLowerCase()).length - 1;
}

beforeAll(async () => {
  [changed, unchanged] = await Promise.all([rendered(rename), rendered(() => undefined)]);
}, 240_000);
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('titles of other documents: one source, the manifest', () => {
  it('renaming a document in its manifest changes every citation of it across the composed library, in both languages', () => {
    for (const [id, title] of Object.entries(RENAMED)) {
      const old = manifests.find((m) => m.id === id)?.title;
      if (!old) throw new Error(id);
      for (const lang of ['en', 'sv'] as const) {
        const citing = unchanged.filter((d) => d.lang === lang && d.policy !== id && count(d.markdown, old[lang]) > 0);
        // The document is cited elsewhere, so that the check below has something to check.
        expect(citing.length, `${id} ${lang} is cited`).toBeGreaterThan(0);
        for (const before of unchanged.filter((d) => d.lang === lang)) {
          const after = changed.find((d) => d.policy === before.policy && d.lang === lang);
          expect(after, before.policy).toBeDefined();
          const where = `${before.policy} (${lang})`;
          expect(count(after?.markdown ?? '', old[lang]), `${where} still names "${old[lang]}"`).toBe(0);
          expect(count(after?.markdown ?? '', title[lang]), `${where} cites "${title[lang]}" where it cited "${old[lang]}"`).toBe(count(before.markdown, old[lang]));
        }
      }
    }
  });

  it('a misspelt document id is an error at its position, with the nearest id as a hint', async () => {
    const module = 'malware-response.md';
    let line = 0;
    const result = await composeExample((library) => {
      const file = path.join(library, 'policy-modules/sections', module);
      const text = readFileSync(file, 'utf8');
      if (!text.includes('{{library.documents.incident-management.title}}')) throw new Error(`${module} no longer cites the Incident Management Policy`);
      line = text.slice(0, text.indexOf('{{library.documents.incident-management.title}}')).split('\n').length;
      writeFileSync(file, text.replace('{{library.documents.incident-management.title}}', '{{library.documents.incident-managment.title}}'));
    });
    expect(result.ok).toBe(false);
    const errors = result.diagnostics.filter((d) => d.code === 'template/undefined-variable');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.file.endsWith(path.join('sections', module))).toBe(true);
    expect(errors[0]?.line).toBe(line);
    expect(errors[0]?.hint).toBe('Did you mean "library.documents.incident-management"?');
  });
});

/**
 * Places where a module names a bundled document in plain text on purpose, as "file: title". Each is
 * listed so the scan stays strict for every other module, and fails once the list is out of date.
 */
const JUSTIFIED: readonly string[] = [
  // The Statement of Applicability's own body explains which ISO/IEC 27001 clause requires "the statement of applicability" in the generic sense.
  'soa-statement.sv.md: uttalande om tillämplighet',
];

/** A title as a Swedish sentence uses it in the definite form: "Policy för X" becomes "policyn för X". */
function swedishDefinite(title: string): string {
  const forms: readonly [RegExp, string][] = [[/^Policy för /, 'policyn för '], [/^Rutin för /, 'rutinen för '], [/^Standard för /, 'standarden för '], [/^Riktlinjer för /, 'riktlinjerna för '], [/^Uttalande om /, 'uttalandet om ']];
  for (const [pattern, definite] of forms) if (pattern.test(title)) return title.replace(pattern, definite);
  return `${title}n`;
}

describe('no module types a bundled document title by hand', () => {
  it('the module bodies cite every manifest title, in both languages and the Swedish definite form, only through library.documents', () => {
    const phrases = manifests.flatMap((m) => [m.title.en, m.title.sv, swedishDefinite(m.title.sv)]);
    const found: string[] = [];
    for (const file of readdirSync(SECTIONS).filter((f) => f.endsWith('.md')).sort()) {
      const source = readFileSync(path.join(SECTIONS, file), 'utf8');
      // The body only: the front matter's title is the section's own heading.
      const body = source.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/\{\{[^}]*\}\}/g, ' ');
      const lower = body.toLowerCase();
      for (const phrase of new Set(phrases)) {
        const at = lower.search(new RegExp(`(?<![\\p{L}\\d-])${phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\d-])`, 'u'));
        if (at !== -1) found.push(`${file}: ${phrase.toLowerCase()}`);
      }
    }
    expect(found.filter((f) => !JUSTIFIED.includes(f))).toEqual([]);
    expect(JUSTIFIED.filter((f) => !found.includes(f)), 'no longer typed by hand: remove from the list').toEqual([]);
  });
});
