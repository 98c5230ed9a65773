import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './cli.js';

/**
 * The example's documents, built once per test process, and LibreOffice's PDF of every .docx among
 * them, made in ONE soffice run and cached in the temp folder by the hash of the .docx bytes, so that
 * every test that looks at LibreOffice's pages shares one rendering (a soffice start costs seconds).
 *
 * LibreOffice renders with a fontconfig that knows only DejaVu: no system Carlito, so a Carlito in its
 * PDF can only be the font embedded in the .docx.
 */
export interface ExampleRendering {
  /** Our own files, by file name (e.g. `incident-management.sv.pdf`). */
  readonly ours: ReadonlyMap<string, string>;
  /** LibreOffice's PDF of each .docx, by the .docx's file name. */
  readonly office: ReadonlyMap<string, string>;
}

let built: Promise<ExampleRendering> | undefined;

/** Builds `examples/kestrel --draft` (both languages, every policy) and renders every .docx with LibreOffice. */
export function exampleRendering(): Promise<ExampleRendering> {
  built ??= render();
  return built;
}

async function render(): Promise<ExampleRendering> {
  const root = path.resolve(import.meta.dirname, '../..');
  const out = path.join(os.tmpdir(), `policymark-example-${process.pid}`);
  const run = await runCli(['build', 'examples/kestrel', '--draft', '--out', out], root);
  if (run.code !== 0) throw new Error(`build failed: ${run.stderr}`);
  const ours = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(docx|pdf)$/.test(entry.name)) ours.set(entry.name, full);
    }
  };
  walk(out);
  const docx = [...ours].filter(([name]) => name.endsWith('.docx')).sort();
  const hash = createHash('sha256');
  for (const [name, file] of docx) hash.update(name).update(readFileSync(file));
  const cache = path.join(os.tmpdir(), `policymark-office-${hash.digest('hex').slice(0, 16)}`);
  const office = new Map(docx.map(([name]) => [name, path.join(cache, name.replace(/\.docx$/, '.pdf'))]));
  if (![...office.values()].every((pdf) => existsSync(pdf))) {
    mkdirSync(cache, { recursive: true });
    const fontconfig = path.join(cache, 'fonts.conf');
    writeFileSync(fontconfig, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>${cache}/fc-cache</cachedir></fontconfig>\n`);
    execFileSync('soffice', [`-env:UserInstallation=file://${cache}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', cache, ...docx.map(([, file]) => file)], {
      env: { ...process.env, FONTCONFIG_FILE: fontconfig },
      stdio: 'ignore',
      timeout: 300_000,
    });
  }
  return { ours, office };
}

/** The text of each page of a PDF (pdftotext -layout, one call per page). */
export function pageTexts(pdf: string): string[] {
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())?.[1] ?? '0');
  return Array.from({ length: pages }, (_, i) => execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), pdf, '-']).toString());
}
