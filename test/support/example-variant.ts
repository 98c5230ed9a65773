import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkProject } from '../../src/pipeline/check.js';
import type { SelectedDocument } from '../../src/pipeline/compose-selected.js';
import { REPO_ROOT } from './project.js';

/**
 * The example organisation with some of its lines replaced, composed (drafts) with the bundled library:
 * how the consistency and facts tests change one value and see every document follow. Each line must be
 * in the example as written, so that a test cannot go on passing against a value the example no longer has.
 */
export async function composeExampleVariant(replacements: readonly (readonly [string, string])[], policies: readonly string[] = []): Promise<readonly SelectedDocument[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'policymark-variant-'));
  try {
    const source = path.join(REPO_ROOT, 'examples/kestrel');
    let yaml = readFileSync(path.join(source, 'organisation.yaml'), 'utf8');
    for (const [from, to] of replacements) {
      if (!yaml.includes(from)) throw new Error(`the example no longer has ${from}`);
      yaml = yaml.replace(from, to);
    }
    writeFileSync(path.join(dir, 'organisation.yaml'), yaml);
    copyFileSync(path.join(source, 'logo.png'), path.join(dir, 'logo.png'));
    const result = await checkProject({ root: dir, organisationFile: path.join(dir, 'organisation.yaml'), libraryDir: REPO_ROOT, policies: [...policies], langs: [], select: { kind: 'draft' } });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    return result.documents;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The numbered sections of a rendered document: no front matter, document control table or appendix. */
export function numberedSections(markdown: string): string {
  const start = markdown.search(/^## 1 /m);
  const end = markdown.search(/^## (Appendix|Bilaga) A/m);
  return markdown.slice(start, end === -1 ? undefined : end);
}

/** The sentences (and list items, table cells) of Markdown text, with emphasis removed. */
export function sentences(markdown: string): string[] {
  return markdown.replace(/\*\*|__|\*/g, '').split(/(?<=[.;:!?])\s+|\n+|\s\|\s/).map((s) => s.trim()).filter(Boolean);
}
