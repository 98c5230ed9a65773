import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { organisationJsonSchema } from '../src/schema/json-schema.js';
import { runCli } from './support/cli.js';
import { listFilesRecursive, makeProject, removeProject, REPO_ROOT } from './support/project.js';

const projects: string[] = [];
afterAll(() => projects.forEach(removeProject));
function project(): string {
  const dir = makeProject();
  projects.push(dir);
  return dir;
}
const BUILD = ['build', '--library', '.', '--out', 'out'];

function hashes(dir: string): Record<string, string> {
  return Object.fromEntries(listFilesRecursive(dir).map((file) => [file, createHash('sha256').update(readFileSync(path.join(dir, file))).digest('hex')]));
}

describe('command line', () => {
  it('exits 2 for no command (with the usage), and for an unknown command, flag or format with one line and where to read more', async () => {
    const dir = project();
    const none = await runCli([], dir);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('Usage: policymark');
    for (const args of [['frobnicate'], ['build', '--colour'], ['build', '--format', 'md,odt'], ['check', '--org']]) {
      const run = await runCli(args, dir);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^[^\n]+\nSee `policymark (\w+ )?--help`\.\n$/);
      expect(run.stderr).not.toContain('Usage: policymark');
    }
  });

  it('prints help for every command with exit 0', async () => {
    for (const command of ['build', 'check', 'init', 'schema']) {
      const run = await runCli([command, '--help'], REPO_ROOT);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: policymark ${command}`);
    }
  });

  it('check passes on a valid project and writes nothing', async () => {
    const dir = project();
    const run = await runCli(['check', '--library', '.'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^OK: 1 policies, 4 section modules, 2 documents composed\.$/m);
    expect(listFilesRecursive(path.join(dir, 'output'))).toEqual([]);
  });

  it('reports a wrong front-matter type at line 4 and the column of the value, as JSON too', async () => {
    const dir = project();
    const file = path.join(dir, 'policy-modules/sections/roles.md');
    const body = readFileSync(file, 'utf8').split('---\n')[2];
    writeFileSync(file, `---\nid: roles\ntitle: Roles and responsibilities\nkind: 12\nlang: en\n---\n${body}`);
    const run = await runCli(['check', '--library', '.', '--json'], dir);
    expect(run.code).toBe(1);
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
    expect(diagnostics).toEqual([
      expect.objectContaining({ file: 'policy-modules/sections/roles.md', line: 4, column: 7, code: 'schema/invalid-value', fieldPath: 'kind' }),
    ]);
  });

  it('positions an undefined variable at its line and column in the module file', async () => {
    const dir = project();
    const file = path.join(dir, 'policy-modules/sections/notification.md');
    const text = readFileSync(file, 'utf8').replace('{{org.gdpr.supervisoryAuthority.name}}', '{{org.gdpr.supervisoryAuthority.nmae}}');
    writeFileSync(file, text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('nmae')) + 1;
    const column = lines[line - 1]!.indexOf('org.gdpr') + 1;
    const run = await runCli([...BUILD, '--json'], dir);
    expect(run.code).toBe(1);
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
    // The edit also makes the Swedish twin stale (warnings); the error is the point here.
    expect(diagnostics.filter((entry) => entry.severity === 'error')).toEqual([expect.objectContaining({ code: 'template/undefined-variable', file: 'policy-modules/sections/notification.md', line, column })]);
    expect(line).toBeGreaterThan(10); // a body line, counted from the top of the file
  });

  it('never prints a stack trace for content errors and never replaces existing output on failure', async () => {
    const dir = project();
    expect((await runCli(BUILD, dir)).code).toBe(0);
    const before = hashes(path.join(dir, 'out'));
    const file = path.join(dir, 'policy-modules/sections/purpose.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('{{org.legalName}}', '{{org.legalName}'));
    const run = await runCli(BUILD, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).toContain('Nothing was written.');
    expect(hashes(path.join(dir, 'out'))).toEqual(before);
  });

  it('builds byte-identical files twice, and a rebuild rewrites nothing', async () => {
    const dir = project();
    const first = await runCli([...BUILD.slice(0, -1), 'out1'], dir);
    const second = await runCli([...BUILD.slice(0, -1), 'out2'], dir);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const a = hashes(path.join(dir, 'out1'));
    expect(Object.keys(a)).toEqual([
      'acme/incident-management/draft/incident-management.docx',
      'acme/incident-management/draft/incident-management.md',
      'acme/incident-management/draft/incident-management.pdf',
      'acme/incident-management/draft/incident-management.sv.docx',
      'acme/incident-management/draft/incident-management.sv.md',
      'acme/incident-management/draft/incident-management.sv.pdf',
      'acme/incident-management/draft/manifest.json',
    ]);
    expect(hashes(path.join(dir, 'out2'))).toEqual(a);
    const again = await runCli([...BUILD.slice(0, -1), 'out1'], dir);
    expect(again.stderr).toBe('Up to date: 2 documents in out1; no input changed since the last build, nothing was written.\n');
    expect(again.stdout).toBe('');
    // Without the stamp of the last build, the manifests' hashes still show that every file is current.
    rmSync(path.join(dir, 'out1/.policymark'), { recursive: true });
    expect((await runCli([...BUILD.slice(0, -1), 'out1'], dir)).stderr).toContain('0 files written, 7 unchanged');
  });

  it('writes a manifest with the sha256 of every input and output, and no absolute path anywhere', async () => {
    const dir = project();
    expect((await runCli(BUILD, dir)).code).toBe(0);
    const folder = path.join(dir, 'out/acme/incident-management/draft');
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as {
      tool: { name: string; version: string };
      inputs: { path: string; sha256: string }[];
      outputs: { path: string; sha256: string }[];
    };
    expect(manifest.tool).toEqual({ name: 'policymark', version: JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version });
    expect(manifest.inputs.map((i) => i.path)).toEqual([
      'frameworks/gdpr.yaml', 'frameworks/iso27001.yaml', 'frameworks/nis2.yaml', 'organisation.yaml',
      'policy-modules/policies/incident-management.yaml',
      'policy-modules/sections/nis2-reporting.md', 'policy-modules/sections/nis2-reporting.sv.md',
      'policy-modules/sections/notification.md', 'policy-modules/sections/notification.sv.md',
      'policy-modules/sections/purpose.md', 'policy-modules/sections/purpose.sv.md',
      'policy-modules/sections/roles.md', 'policy-modules/sections/roles.sv.md',
    ]);
    for (const input of manifest.inputs) {
      expect(input.sha256).toBe(createHash('sha256').update(readFileSync(path.join(dir, input.path))).digest('hex'));
    }
    for (const output of manifest.outputs) {
      expect(output.sha256).toBe(createHash('sha256').update(readFileSync(path.join(folder, output.path))).digest('hex'));
    }
    for (const file of listFilesRecursive(path.join(dir, 'out'))) {
      expect(readFileSync(path.join(dir, 'out', file), 'utf8')).not.toContain(dir);
    }
  });

  it('prints an organisation value verbatim: never evaluated as Handlebars, Markdown or HTML', async () => {
    const dir = project();
    const value = '{{constructor}} # <b>x</b> | [a](b)';
    const org = path.join(dir, 'organisation.yaml');
    writeFileSync(org, readFileSync(org, 'utf8').replace('legalName: Acme Widgets Ltd', `legalName: '${value}'`));
    expect((await runCli(BUILD, dir)).code).toBe(0);
    const markdown = readFileSync(path.join(dir, 'out/acme/incident-management/draft/incident-management.md'), 'utf8');
    const tree = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).parse(markdown);
    expect(toString(tree)).toContain(`This policy sets out how ${value} detects`);
    const kinds = new Set<string>();
    visit(tree, (node) => {
      kinds.add(node.type);
    });
    expect(kinds.has('html')).toBe(false);
    expect(kinds.has('link')).toBe(true); // the e-mail address in the reporting channels
    visit(tree, 'link', (node) => expect(node.url).not.toBe('b'));
  });

  it('leaves no NIS2 section for an organisation outside NIS2 scope', async () => {
    const dir = project();
    const org = path.join(dir, 'organisation.yaml');
    writeFileSync(org, readFileSync(org, 'utf8').replace('inScope: true', 'inScope: false'));
    expect((await runCli(BUILD, dir)).code).toBe(0);
    const markdown = readFileSync(path.join(dir, 'out/acme/incident-management/draft/incident-management.md'), 'utf8');
    expect(markdown).not.toContain('NIS2');
    expect(markdown).toContain('## 3 Personal data breaches');
    expect(markdown).not.toContain('## 4 ');
  });
});

describe('organisation JSON Schema', () => {
  it('the committed schema matches the zod schema (run "npm run schema" after changing it)', () => {
    expect(readFileSync(path.join(REPO_ROOT, 'src/schema/organisation.schema.json'), 'utf8')).toBe(organisationJsonSchema());
  });
  it('the example organisation file refers to it', () => {
    const first = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8').split('\n')[0];
    expect(first).toBe('# yaml-language-server: $schema=../../src/schema/organisation.schema.json');
  });
});

describe('bundled example and init', () => {
  it('the example organisation checks without errors or warnings', async () => {
    const run = await runCli(['check', '--org', 'examples/kestrel/organisation.yaml'], REPO_ROOT);
    expect(run.stderr).toMatch(/^OK: \d+ policies, \d+ section modules, \d+ documents composed\.\n$/);
    expect(run.code).toBe(0);
  });

  it('init creates a project that builds as created, and never overwrites it', async () => {
    const parent = project();
    const init = await runCli(['init', 'client-a'], parent);
    expect(init.code).toBe(0);
    const dir = path.join(parent, 'client-a');
    const org = readFileSync(path.join(dir, 'organisation.yaml'), 'utf8');
    expect(org).toMatch(/^# yaml-language-server: \$schema=\S+organisation\.schema\.json$/m);
    expect(org).toMatch(/^id: client-a$/m);
    const schemaPath = /\$schema=(\S+)/.exec(org)![1]!;
    // The path is inside the project's node_modules/policymark (test/package.test.ts installs it there); here the package is the repository.
    expect(schemaPath.startsWith('node_modules/policymark/')).toBe(true);
    expect(readFileSync(path.join(REPO_ROOT, schemaPath.slice('node_modules/policymark/'.length)), 'utf8')).toBe(organisationJsonSchema());

    const build = await runCli(['build'], dir);
    expect(build.stderr).toContain('Built');
    expect(build.code).toBe(0);
    expect(listFilesRecursive(path.join(dir, 'output')).some((f) => f.endsWith('incident-management/draft/incident-management.md'))).toBe(true);

    writeFileSync(path.join(dir, 'organisation.yaml'), `${org}# edited\n`);
    const again = await runCli(['init', 'client-a'], parent);
    expect(again.code).toBe(1);
    expect(readFileSync(path.join(dir, 'organisation.yaml'), 'utf8')).toBe(`${org}# edited\n`);
  });
});
