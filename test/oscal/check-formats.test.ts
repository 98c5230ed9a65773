import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODES } from '../../src/diagnostics/codes.js';
import { diagnostic } from '../../src/diagnostics/diagnostic.js';
import { formatGithub, formatSarif } from '../../src/cli/print-diagnostics.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/project.js';

/** The example organisation with one wrong value, at a known line and column. */
let broken: string;
let brokenDir: string;
beforeAll(() => {
  brokenDir = mkdtempSync(path.join(tmpdir(), 'pm-check-format-'));
  broken = path.join(brokenDir, 'organisation.yaml');
  const text = readFileSync(path.join(REPO_ROOT, 'examples/kestrel/organisation.yaml'), 'utf8').replace(/^\s*logo: .*$/m, '');
  writeFileSync(broken, text.replace(/^employees: .*$/m, 'employees: many'));
});
afterAll(() => rmSync(brokenDir, { recursive: true, force: true }));

/**
 * The SARIF 2.1.0 JSON Schema as Microsoft's SARIF SDK ships it in @microsoft/jest-sarif (a dev
 * dependency, used for nothing but this file): a draft-04 schema, so it is compiled by ajv-draft-04.
 */
const SARIF_SCHEMA = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;

/** A validator of SARIF 2.1.0 logs. */
function sarifValidator(): ValidateFunction {
  // One pattern of this schema (`language`: `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) has a stray `]`
  // that only a non-Unicode regular expression accepts; every other pattern is compiled as Unicode.
  const regExp = Object.assign((pattern: string, flags: string): RegExp => {
    try {
      return new RegExp(pattern, flags);
    } catch {
      return new RegExp(pattern, flags.replace('u', ''));
    }
  }, { code: 'new RegExp' });
  const ajv = new Ajv04({ strict: false, allErrors: true, code: { regExp } });
  addFormats(ajv as unknown as Ajv);
  return ajv.compile(SARIF_SCHEMA);
}

const Ajv04 = Ajv04Module as unknown as typeof import('ajv-draft-04').default;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** The schema's complaints about a log, as readable lines; empty when it is valid. */
function sarifErrors(validate: ValidateFunction, log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

const SAMPLE = [
  diagnostic('schema/invalid-type', 'organisation.yaml', { line: 4, column: 12 }, 'employees must be a number, not "many".', { hint: 'Write a whole number, e.g. 120.', end: { line: 4, column: 18 } }),
  diagnostic('module/raw-html', 'policy-modules/sections/a, b.md', { line: 9, column: 1 }, 'Raw HTML: 100% not allowed.', { severity: 'warning' }),
  diagnostic('load/not-found', 'frameworks/x.yaml', { line: 0, column: 0 }, 'The file does not exist.'),
  diagnostic('policy/unknown-policy', '--policy', { line: 0, column: 0 }, 'There is no policy "x" in the library.'),
];

describe('check --format sarif', () => {
  it('validates against the SARIF 2.1.0 JSON Schema, and the schema rejects a wrong log', () => {
    const validate = sarifValidator();
    const log = JSON.parse(formatSarif(SAMPLE, '1.0.0')) as object;
    expect(sarifErrors(validate, log)).toEqual([]);
    expect(sarifErrors(validate, { ...log, version: '2.0.0' })).not.toEqual([]);
    expect(sarifErrors(validate, { ...log, runs: [{ results: [] }] })).not.toEqual([]);
  });

  it('has every diagnostic code as a rule and each result at its position, end included where known', () => {
    const log = JSON.parse(formatSarif(SAMPLE, '1.0.0')) as { runs: [{ tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: Record<string, number> } }[] }[] }] };
    const [run] = log.runs;
    expect(run.tool.driver.rules.map((r) => r.id).sort()).toEqual(Object.keys(CODES).sort());
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    expect(run.results[0]!.locations![0]!.physicalLocation.region).toEqual({ startLine: 4, startColumn: 12, endLine: 4, endColumn: 18 });
    expect(run.results[1]!.level).toBe('warning');
    expect(run.results[1]!.locations![0]!.physicalLocation.artifactLocation.uri).toBe('policy-modules/sections/a,%20b.md');
    expect(run.results[2]!.locations![0]!.physicalLocation.region).toBeUndefined();
    expect(run.results[3]!.locations).toBeUndefined();
  });

  it('is what `check --format sarif` prints for a project with errors, exit 1', async () => {
    const run = await runCli(['check', '--org', broken, '--library', REPO_ROOT, '--format', 'sarif'], brokenDir);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as { version: string; runs: { results: unknown[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results).toContainEqual(expect.objectContaining({ ruleId: 'schema/invalid-type', level: 'error' }));
    expect(sarifErrors(sarifValidator(), log)).toEqual([]);
  });
});

describe('check --format github', () => {
  it('prints one workflow command per diagnostic, escaped as the runner requires', () => {
    expect(formatGithub(SAMPLE).split('\n')).toEqual([
      '::error file=organisation.yaml,line=4,col=12,endLine=4,endColumn=18,title=schema/invalid-type::employees must be a number, not "many".%0AWrite a whole number, e.g. 120.',
      '::warning file=policy-modules/sections/a%2C b.md,line=9,col=1,title=module/raw-html::Raw HTML: 100%25 not allowed.',
      '::error file=frameworks/x.yaml,title=load/not-found::The file does not exist.',
      '::error title=policy/unknown-policy::There is no policy "x" in the library.',
      '',
    ]);
  });

  it('is what `check --format github` prints; one format at a time', async () => {
    const run = await runCli(['check', '--org', broken, '--library', REPO_ROOT, '--format', 'github'], brokenDir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error file=organisation\.yaml,line=(\d+),col=12,endLine=\1,endColumn=16,title=schema\/invalid-type::/m);
    expect((await runCli(['check', '--format', 'sarif,github'], REPO_ROOT)).code).toBe(2);
    expect((await runCli(['check', '--format', 'xml'], REPO_ROOT)).code).toBe(2);
  });
});
