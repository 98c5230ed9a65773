import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSignature, readPrivateKey } from '../../../src/release/ssh-signature.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pm-sshsig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keygen(name: string, passphrase = ''): string {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', file]);
  return file;
}

describe('SSHSIG signatures', () => {
  const key = keygen('approver');
  const message = Buffer.from('{"policy":"incident-management"}\n');

  it('signs so that ssh-keygen -Y verify accepts it, with the fingerprint ssh-keygen prints', () => {
    const read = readPrivateKey(readFileSync(key, 'utf8'));
    if (!read.ok) throw new Error(read.problem);
    const printed = execFileSync('ssh-keygen', ['-l', '-f', `${key}.pub`], { encoding: 'utf8' });
    expect(printed).toContain(read.publicKey.fingerprint);
    writeFileSync(path.join(dir, 'msg.sig'), read.sign(message));
    writeFileSync(path.join(dir, 'allowed'), `maria.ek namespaces="policymark" ${read.publicKey.line}\n`);
    const verify = (namespace: string, data: Buffer) =>
      spawnSync('ssh-keygen', ['-Y', 'verify', '-f', path.join(dir, 'allowed'), '-I', 'maria.ek', '-n', namespace, '-s', path.join(dir, 'msg.sig')], { input: data, encoding: 'utf8' });
    expect(verify('policymark', message).status).toBe(0);
    expect(verify('git', message).status).not.toBe(0);
    expect(verify('policymark', Buffer.from('changed')).status).not.toBe(0);
    expect(checkSignature(read.sign(message), message)).toMatchObject({ ok: true, publicKey: { fingerprint: read.publicKey.fingerprint } });
  });

  it('accepts a signature made by ssh-keygen -Y sign, and refuses it for another message or namespace', () => {
    writeFileSync(path.join(dir, 'm'), message);
    execFileSync('ssh-keygen', ['-Y', 'sign', '-f', key, '-n', 'policymark', path.join(dir, 'm')], { stdio: 'ignore' });
    const armored = readFileSync(path.join(dir, 'm.sig'), 'utf8');
    expect(checkSignature(armored, message).ok).toBe(true);
    expect(checkSignature(armored, Buffer.from('other')).ok).toBe(false);
    execFileSync('ssh-keygen', ['-Y', 'sign', '-f', key, '-n', 'git', path.join(dir, 'm')], { stdio: 'ignore', input: 'y\n' });
  });

  it('says a passphrase-protected key is encrypted, and still knows its public key', () => {
    const encrypted = keygen('locked', 'secret words');
    const read = readPrivateKey(readFileSync(encrypted, 'utf8'));
    expect(read).toMatchObject({ ok: false, problem: 'encrypted' });
    expect(read.publicKey?.line).toBe(readFileSync(`${encrypted}.pub`, 'utf8').split(' ').slice(0, 2).join(' '));
  });

  it('refuses a key of another type and text that is not a key', () => {
    const rsa = path.join(dir, 'rsa');
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', rsa]);
    expect(readPrivateKey(readFileSync(rsa, 'utf8'))).toMatchObject({ ok: false, problem: 'not-ed25519' });
    expect(readPrivateKey('hello')).toMatchObject({ ok: false, problem: 'not-openssh' });
    expect(checkSignature('nonsense', message).ok).toBe(false);
  });
});
