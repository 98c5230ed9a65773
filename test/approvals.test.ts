import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/release/release-hash.js';
import { runCli } from './support/cli.js';
import { listFilesRecursive, makeProject } from './support/project.js';

/**
 * Approvals an auditor can trust: releases name people who hold the approver role, move forward in
 * time, are signed with SSH keys that allowed_signers lists (checked by the real ssh-keygen), and are
 * verified, including against a copied client folder and a release edited with a recomputed seal.
 */

const LIB = ['--library', '.'];
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const keys = mkdtempSync(path.join(tmpdir(), 'pm-keys-'));
dirs.push(keys);

function keygen(name: string): { file: string; pub: string; fingerprint: string } {
  const file = path.join(keys, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@test`, '-f', file]);
  const pub = readFileSync(`${file}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1]!;
  return { file, pub, fingerprint };
}

let bob: ReturnType<typeof keygen>;
let ada: ReturnType<typeof keygen>;
beforeAll(() => {
  bob = keygen('bob');
  ada = keygen('ada');
});

/** The base project (approver role ceo: Bob Hope) with bob's key in allowed_signers. */
function project(): string {
  const dir = makeProject();
  dirs.push(dir);
  writeFileSync(path.join(dir, 'allowed_signers'), `# approvers' keys\nbob namespaces="policymark" ${bob.pub}\n`);
  return dir;
}

async function release(dir: string, version: string, date: string, ...extra: string[]) {
  return runCli(['release', 'incident-management', '--version', version, '--summary', `Release ${version}.`, '--date', date, ...LIB, ...extra], dir);
}

/** The real ssh-keygen verifies a release file against the project's allowed_signers. */
function sshVerify(dir: string, file: string, principal: string): { status: number | null; output: string } {
  const run = spawnSync('ssh-keygen', ['-Y', 'verify', '-f', path.join(dir, 'allowed_signers'), '-I', principal, '-n', 'policymark', '-s', path.join(dir, `${file}.sig`)], {
    input: readFileSync(path.join(dir, file)),
    encoding: 'utf8',
  });
  return { status: run.status, output: run.stdout + run.stderr };
}

function setOrganisation(dir: string, from: string, to: string): void {
  const file = path.join(dir, 'organisation.yaml');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

describe('signed releases', () => {
  it('signs with the approver\'s key, and ssh-keygen -Y verify accepts every release signature', async () => {
    const dir = project();
    expect((await release(dir, '1.0.0', '2026-01-20', '--key', bob.file)).code).toBe(0);
    const second = await release(dir, '1.1.0', '2026-03-02', '--key', bob.file, '--editorial', '--approver', 'Bob Hope', '--json');
    expect(second.code, second.stdout).toBe(0);
    const signatures = listFilesRecursive(path.join(dir, 'releases')).filter((f) => f.endsWith('.sig'));
    expect(signatures).toEqual(['incident-management/1.0.0.json.sig', 'incident-management/1.1.0.json.sig']);
    for (const sig of signatures) {
      const checked = sshVerify(dir, `releases/${sig.replace(/\.sig$/, '')}`, 'bob');
      expect(checked.status, checked.output).toBe(0);
      expect(checked.output).toContain('Good "policymark" signature for bob');
    }
    const record = JSON.parse(readFileSync(path.join(dir, 'releases/incident-management/1.1.0.json'), 'utf8'));
    expect(record).toMatchObject({ format: 'policymark-release/2', approverId: 'bob', authorId: 'ada', approverRole: 'ceo', change: 'editorial', signer: { principal: 'bob', fingerprint: bob.fingerprint } });

    const verify = await runCli(['verify', ...LIB, '--json'], dir);
    expect(verify.code, verify.stdout).toBe(0);
    const report = JSON.parse(verify.stdout);
    expect(report.releases.map((r: { version: string; status: string; fingerprint: string }) => [r.version, r.status, r.fingerprint])).toEqual([
      ['1.0.0', 'signed', bob.fingerprint],
      ['1.1.0', 'signed', bob.fingerprint],
    ]);
    expect((await runCli(['check', ...LIB], dir)).code).toBe(0);
  });

  it('shows status, approval date, approver and the key fingerprint in the document control table', async () => {
    const dir = project();
    expect((await release(dir, '1.0.0', '2026-01-20', '--key', bob.file)).code).toBe(0);
    const build = await runCli(['build', ...LIB, '--format', 'md', '--lang', 'en,sv', '--out', 'out'], dir);
    expect(build.code, build.stderr).toBe(0);
    const files = listFilesRecursive(path.join(dir, 'out')).filter((f) => f.endsWith('.md'));
    const en = readFileSync(path.join(dir, 'out', files.find((f) => !f.includes('.sv.'))!), 'utf8');
    const sv = readFileSync(path.join(dir, 'out', files.find((f) => f.includes('.sv.'))!), 'utf8');
    expect(en).toMatch(/\| Status \| Approved \|/);
    expect(en).toMatch(/\| Approval date \| 2026-01-20 \|/);
    expect(en).toMatch(/\| Approver \| Bob Hope, Chief Executive Officer \|/);
    expect(en).toContain(`| Signature | Signed by the approver, key ${bob.fingerprint} |`);
    expect(sv).toMatch(/\| Status \| Godkänd \|/);
    expect(sv).toContain(`| Signatur | Signerad av godkännaren, nyckel ${bob.fingerprint} |`);
  });

  it('refuses a key that allowed_signers does not list for the approver, and writes nothing', async () => {
    const dir = project();
    const run = await release(dir, '1.0.0', '2026-01-20', '--key', ada.file, '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'signature/signer-not-allowed', file: 'allowed_signers' })]);
    expect(existsSync(path.join(dir, 'releases'))).toBe(false);
  });

  it('needs --key or --unsigned, and shows an unsigned release as unsigned in the document, register and verify', async () => {
    const dir = project();
    expect((await release(dir, '1.0.0', '2026-01-20')).code).toBe(2);
    expect((await release(dir, '1.0.0', '2026-01-20', '--unsigned')).code).toBe(0);
    expect(existsSync(path.join(dir, 'releases/incident-management/1.0.0.json.sig'))).toBe(false);
    const verify = await runCli(['verify', ...LIB], dir);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('incident-management 1.0.0  2026-01-20  approved by Bob Hope (bob)  UNSIGNED');
    expect((await runCli(['verify', ...LIB, '--require-signatures'], dir)).code).toBe(1);
    const register = await runCli(['register', ...LIB, '--format', 'csv', '--today', '2026-02-01'], dir);
    expect(register.stdout).toContain(',unsigned');
    await runCli(['build', ...LIB, '--format', 'md', '--lang', 'en', '--out', 'out'], dir);
    const md = listFilesRecursive(path.join(dir, 'out')).find((f) => f.endsWith('.md'))!;
    expect(readFileSync(path.join(dir, 'out', md), 'utf8')).toContain('| Signature | Unsigned |');
  });
});

describe('approvers are people who hold the role', () => {
  it('refuses someone who does not hold the approver role, and a name that is nobody, with the nearest names', async () => {
    const dir = project();
    const notInRole = await release(dir, '1.0.0', '2026-01-20', '--unsigned', '--approver', 'Ada Lovelace', '--json');
    expect(notInRole.code).toBe(1);
    const [d] = JSON.parse(notInRole.stdout).diagnostics;
    expect(d).toMatchObject({ code: 'release/approver-not-in-role' });
    expect(d.message).toContain('Bob Hope (bob) does');
    const nobody = await release(dir, '1.0.0', '2026-01-20', '--unsigned', '--approver', 'Bob Hop', '--json');
    expect(JSON.parse(nobody.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'release/unknown-person', hint: 'Did you mean "Bob Hope"?' })]);
    const mickey = await release(dir, '1.0.0', '2026-01-20', '--unsigned', '--approver', 'Mickey Mouse', '--json');
    expect(JSON.parse(mickey.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'release/unknown-person' })]);
    expect(existsSync(path.join(dir, 'releases'))).toBe(false);
  });

  it('accepts a delegate listed for the role, signing with their own key', async () => {
    const dir = project();
    setOrganisation(dir, 'roles:\n', 'delegates:\n  ceo: [ada]\nroles:\n');
    writeFileSync(path.join(dir, 'allowed_signers'), `bob namespaces="policymark" ${bob.pub}\nada@acme.example namespaces="policymark" ${ada.pub}\n`);
    const run = await release(dir, '1.0.0', '2026-01-20', '--key', ada.file, '--approver', 'ada');
    expect(run.code, run.stderr).toBe(0);
    expect(sshVerify(dir, 'releases/incident-management/1.0.0.json', 'ada@acme.example').status).toBe(0);
    expect((await runCli(['verify', ...LIB], dir)).code).toBe(0);
  });

  it('fails verify when the approver no longer holds the role, and passes again with a roleHistory entry', async () => {
    const dir = project();
    expect((await release(dir, '1.0.0', '2026-01-20', '--unsigned')).code).toBe(0);
    setOrganisation(dir, 'ceo: bob', 'ceo: ada');
    const failed = await runCli(['verify', ...LIB, '--json'], dir);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'release/approver-not-in-role' })]);
    setOrganisation(dir, 'roles:\n', 'roleHistory:\n  - { role: ceo, person: bob, from: 2020-01-01, until: 2026-06-30 }\nroles:\n');
    expect((await runCli(['verify', ...LIB], dir)).code).toBe(0);
  });
});

describe('dates move forward', () => {
  it('refuses a release dated before the previous one or after today, and an impossible date anywhere', async () => {
    const dir = project();
    expect((await release(dir, '1.0.0', '2026-03-02', '--unsigned')).code).toBe(0);
    const backwards = await release(dir, '1.2.0', '2025-01-01', '--unsigned', '--material', '--json');
    expect(JSON.parse(backwards.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'release/date-before-previous' })]);
    const future = await release(dir, '1.2.0', '2099-01-01', '--unsigned', '--material', '--json');
    expect(JSON.parse(future.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'release/date-in-future' })]);
    expect((await release(dir, '1.2.0', '2026-13-45', '--unsigned', '--material')).code).toBe(2);
    expect((await runCli(['register', ...LIB, '--today', '2026-13-45'], dir)).code).toBe(2);
    expect((await release(dir, '1.2.0', '2026-03-02', '--unsigned')).code).toBe(1);
  });
});

describe('tampering', () => {
  it('an edited release with a recomputed sha256 fails verify and check', async () => {
    const dir = project();
    expect((await release(dir, '1.0.0', '2026-01-20', '--key', bob.file)).code).toBe(0);
    const file = path.join(dir, 'releases/incident-management/1.0.0.json');
    const record = JSON.parse(readFileSync(file, 'utf8'));
    record.approver = 'Mickey Mouse';
    const { sha256: _old, ...content } = record;
    record.sha256 = createHash('sha256').update(canonicalJson(content)).digest('hex');
    writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    const index = path.join(dir, 'releases/incident-management/index.json');
    writeFileSync(index, readFileSync(index, 'utf8').replace(/"sha256": "[0-9a-f]+"/, `"sha256": "${record.sha256}"`));
    expect(sshVerify(dir, 'releases/incident-management/1.0.0.json', 'bob').status).not.toBe(0);
    const verify = await runCli(['verify', ...LIB, '--json'], dir);
    expect(verify.code).toBe(1);
    const report = JSON.parse(verify.stdout);
    expect(report.releases[0]).toMatchObject({ status: 'failed' });
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ code: 'signature/invalid', file: 'releases/incident-management/1.0.0.json.sig' }));
    expect((await runCli(['check', ...LIB, '--json'], dir)).code).toBe(1);
  });

  it('a copied client folder with a new id fails check with a diagnostic naming both ids', async () => {
    const dir = project();
    expect((await release(dir, '1.0.0', '2026-01-20', '--key', bob.file)).code).toBe(0);
    const copy = mkdtempSync(path.join(tmpdir(), 'pm-copy-'));
    dirs.push(copy);
    cpSync(dir, copy, { recursive: true });
    setOrganisation(copy, 'id: acme', 'id: heron');
    setOrganisation(copy, 'legalName: Acme Widgets Ltd', 'legalName: Heron Freight AB');
    const check = await runCli(['check', ...LIB, '--json'], copy);
    expect(check.code).toBe(1);
    const [d] = JSON.parse(check.stdout).diagnostics;
    expect(d).toMatchObject({ code: 'release/organisation-mismatch', file: 'releases/incident-management/1.0.0.json' });
    expect(d.message).toContain('"acme"');
    expect(d.message).toContain('"heron"');
    expect((await runCli(['build', ...LIB, '--out', 'out'], copy)).code).toBe(1);
    expect((await runCli(['verify', ...LIB], copy)).code).toBe(1);
  });

  it('a signature file deleted from a signed release fails verify', async () => {
    const dir = project();
    expect((await release(dir, '1.0.0', '2026-01-20', '--key', bob.file)).code).toBe(0);
    rmSync(path.join(dir, 'releases/incident-management/1.0.0.json.sig'));
    const verify = await runCli(['verify', ...LIB, '--json'], dir);
    expect(JSON.parse(verify.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'signature/missing' })]);
  });
});

describe('material and editorial changes', () => {
  it('requires one of --material and --editorial after the first release, and refuses an editorial first release', async () => {
    const dir = project();
    const first = await release(dir, '1.0.0', '2026-01-20', '--unsigned', '--editorial', '--json');
    expect(JSON.parse(first.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'release/change-kind' })]);
    expect((await release(dir, '1.0.0', '2026-01-20', '--unsigned')).code).toBe(0);
    const unsaid = await release(dir, '1.1.0', '2026-01-21', '--unsigned', '--json');
    expect(JSON.parse(unsaid.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'release/change-kind' })]);
    expect(readdirSync(path.join(dir, 'releases/incident-management')).sort()).toEqual(['1.0.0.json', 'index.json']);
  });
});

describe('acknowledgements', () => {
  it('imports an export into a sorted ledger, idempotently, and register shows who has and has not acknowledged', async () => {
    const dir = project();
    expect((await release(dir, '1.0.0', '2026-01-20', '--unsigned')).code).toBe(0);
    writeFileSync(path.join(dir, 'hr.csv'), 'Person,E-mail,Policy,Version,Date\r\n"Lovelace, Ada",,incident-management,1.0.0,2026-01-22\r\nada,ada@acme.example,incident-management,1.0.0,2026-01-21\r\n');
    const bad = await runCli(['ack', 'import', 'hr.csv', ...LIB, '--json'], dir);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'ack/unknown-person', file: 'hr.csv', line: 2, column: 1 })]);
    expect(existsSync(path.join(dir, 'releases/acknowledgements.csv'))).toBe(false);

    writeFileSync(path.join(dir, 'hr.csv'), 'person;e-mail;policy;version;date\nAda Lovelace;ada@acme.example;incident-management;1.0.0;2026-01-22\nada;;incident-management;1.0.0;2026-01-21\n');
    const good = await runCli(['ack', 'import', 'hr.csv', ...LIB, '--json'], dir);
    expect(good.code, good.stdout).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ imported: 2, added: 1, total: 1 });
    const ledger = readFileSync(path.join(dir, 'releases/acknowledgements.csv'), 'utf8');
    expect(ledger).toBe('person,e-mail,policy,version,date\r\nada,ada@acme.example,incident-management,1.0.0,2026-01-21\r\n');
    expect((await runCli(['ack', 'import', 'hr.csv', ...LIB], dir)).code).toBe(0);
    expect(readFileSync(path.join(dir, 'releases/acknowledgements.csv'), 'utf8')).toBe(ledger);

    const register = await runCli(['register', ...LIB, '--today', '2026-02-01', '--json'], dir);
    expect(JSON.parse(register.stdout).policies[0].acknowledgements).toEqual({ version: '1.0.0', acknowledged: ['Ada Lovelace'], pending: ['Bob Hope'] });
    const md = await runCli(['register', ...LIB, '--today', '2026-02-01'], dir);
    expect(md.stdout).toContain('incident-management 1.0.0 (the current material version): 1 of 2 staff have acknowledged it; not yet: Bob Hope.');

    // An editorial release keeps the acknowledgements; a material one needs them again.
    expect((await release(dir, '1.0.1', '2026-02-02', '--unsigned', '--editorial')).code).toBe(0);
    const editorial = await runCli(['register', ...LIB, '--today', '2026-02-03', '--json'], dir);
    expect(JSON.parse(editorial.stdout).policies[0].acknowledgements).toMatchObject({ version: '1.0.0', acknowledged: ['Ada Lovelace'] });
    expect((await release(dir, '1.1.0', '2026-02-04', '--unsigned', '--material')).code).toBe(0);
    const material = await runCli(['register', ...LIB, '--today', '2026-02-05', '--json'], dir);
    expect(JSON.parse(material.stdout).policies[0].acknowledgements).toEqual({ version: '1.1.0', acknowledged: [], pending: ['Ada Lovelace', 'Bob Hope'] });
  });

  it('reports every bad line at its line and column: unknown version, wrong e-mail, impossible and early dates, missing column', async () => {
    const dir = project();
    expect((await release(dir, '1.0.0', '2026-01-20', '--unsigned')).code).toBe(0);
    writeFileSync(
      path.join(dir, 'hr.csv'),
      'person,e-mail,policy,version,date\nada,ada@acme.example,incident-management,2.0.0,2026-01-22\nada,eve@acme.example,incident-management,1.0.0,2026-01-22\nbob,,incident-management,1.0.0,2026-13-45\nbob,,incident-management,1.0.0,2026-01-01\n',
    );
    const run = await runCli(['ack', 'import', 'hr.csv', ...LIB, '--json'], dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).diagnostics.map((d: { code: string; line: number; column: number }) => [d.code, d.line, d.column])).toEqual([
      ['ack/unknown-release', 2, 42],
      ['ack/email-mismatch', 3, 5],
      ['ack/invalid-date', 4, 32],
      ['ack/invalid-date', 5, 32],
    ]);
    writeFileSync(path.join(dir, 'hr.csv'), 'person,policy,version,date\n');
    const missing = await runCli(['ack', 'import', 'hr.csv', ...LIB, '--json'], dir);
    expect(JSON.parse(missing.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'ack/missing-column', line: 1, column: 1 })]);
  });
});

describe('evidence pack', () => {
  it('holds every document, the signed release and its proof, is deterministic, and verifies on its own', async () => {
    const dir = project();
    expect((await release(dir, '1.0.0', '2026-01-20', '--key', bob.file)).code).toBe(0);
    const packed = await runCli(['pack', 'incident-management@1.0.0', ...LIB, '--out', 'pack.zip', '--json'], dir);
    expect(packed.code, packed.stdout).toBe(0);
    expect(JSON.parse(packed.stdout).entries).toEqual([
      'allowed_signers',
      'documents/incident-management.docx',
      'documents/incident-management.md',
      'documents/incident-management.pdf',
      'documents/incident-management.sv.docx',
      'documents/incident-management.sv.md',
      'documents/incident-management.sv.pdf',
      'manifest.json',
      'proof-of-approval.pdf',
      'register-row.json',
      'release/1.0.0.json',
      'release/1.0.0.json.sig',
    ]);
    const first = readFileSync(path.join(dir, 'pack.zip'));
    expect((await runCli(['pack', 'incident-management@1.0.0', ...LIB, '--out', 'again.zip'], dir)).code).toBe(0);
    expect(readFileSync(path.join(dir, 'again.zip')).equals(first)).toBe(true);

    // Away from the project: the pack alone verifies, and so does ssh-keygen on what it holds.
    const away = mkdtempSync(path.join(tmpdir(), 'pm-pack-'));
    dirs.push(away);
    cpSync(path.join(dir, 'pack.zip'), path.join(away, 'pack.zip'));
    const verified = await runCli(['verify', 'pack.zip', '--json'], away);
    expect(verified.code, verified.stdout).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, status: 'signed', fingerprint: bob.fingerprint, organisation: 'acme' });
    const { unzipSync, zipSync } = await import('fflate');
    const entries = unzipSync(new Uint8Array(first));
    for (const [name, bytes] of Object.entries(entries)) {
      const target = path.join(away, 'x', name);
      execFileSync('mkdir', ['-p', path.dirname(target)]);
      writeFileSync(target, bytes);
    }
    const ssh = spawnSync('ssh-keygen', ['-Y', 'verify', '-f', path.join(away, 'x/allowed_signers'), '-I', 'bob', '-n', 'policymark', '-s', path.join(away, 'x/release/1.0.0.json.sig')], { input: entries['release/1.0.0.json'], encoding: 'utf8' });
    expect(ssh.status, ssh.stderr).toBe(0);
    const proof = execFileSync('pdftotext', [path.join(away, 'x/proof-of-approval.pdf'), '-'], { encoding: 'utf8' });
    expect(proof).toContain('Proof of approval');
    expect(proof).toContain(bob.fingerprint);
    expect(proof).toContain('Bob Hope (bob)');
    expect(execFileSync('pdfinfo', [path.join(away, 'x/proof-of-approval.pdf')], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);

    // A pack whose release was edited, manifest recomputed to match, fails on the signature.
    const record = JSON.parse(Buffer.from(entries['release/1.0.0.json']!).toString('utf8'));
    record.summary = 'Something else.';
    const { sha256: _seal, ...content } = record;
    record.sha256 = createHash('sha256').update(canonicalJson(content)).digest('hex');
    const edited = Buffer.from(`${JSON.stringify(record, null, 2)}\n`);
    const manifest = JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8'));
    manifest.files.find((f: { path: string }) => f.path === 'release/1.0.0.json').sha256 = createHash('sha256').update(edited).digest('hex');
    writeFileSync(path.join(away, 'edited.zip'), zipSync({ ...entries, 'release/1.0.0.json': edited, 'manifest.json': Buffer.from(JSON.stringify(manifest)) }));
    const tampered = await runCli(['verify', 'edited.zip', '--json'], away);
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'signature/invalid' })]);
    // ...and one with an entry changed behind the manifest's back fails on the manifest.
    writeFileSync(path.join(away, 'swapped.zip'), zipSync({ ...entries, 'documents/incident-management.md': Buffer.from('# Another text\n') }));
    const swapped = await runCli(['verify', 'swapped.zip', '--json'], away);
    expect(JSON.parse(swapped.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'pack/entry-mismatch', file: 'swapped.zip:documents/incident-management.md' })]);
  });
});
