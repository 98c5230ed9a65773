import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * OpenSSH signatures (SSHSIG, as `ssh-keygen -Y sign` makes them) with Ed25519 keys, using Node's own
 * Ed25519: this module only encodes and decodes the wire formats of OpenSSH's PROTOCOL.sshsig and
 * PROTOCOL.key, it implements no cryptography.
 */

/** The SSHSIG namespace of policymark's release signatures: a signature made for git or e-mail never counts. */
export const SIGNATURE_NAMESPACE = 'policymark';

const MAGIC = Buffer.from('SSHSIG');
const KEY_MAGIC = Buffer.from('openssh-key-v1\0');
const ED25519 = 'ssh-ed25519';

/** An Ed25519 public key as OpenSSH writes it: the wire blob, its one-line form and its fingerprint. */
export interface SshPublicKey {
  /** `ssh-ed25519 AAAA...`, as in an allowed_signers or .pub file (without comment). */
  readonly line: string;
  /** `SHA256:...`, as `ssh-keygen -l` prints it. */
  readonly fingerprint: string;
  readonly blob: Buffer;
}

/** A private key read from an OpenSSH key file: usable, or why not. */
export type PrivateKeyRead =
  | { readonly ok: true; readonly publicKey: SshPublicKey; readonly sign: (message: Uint8Array) => string }
  | { readonly ok: false; readonly problem: 'not-openssh' | 'encrypted' | 'not-ed25519' | 'damaged'; readonly publicKey?: SshPublicKey };

class Reader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}
  uint32(): number {
    if (this.offset + 4 > this.bytes.length) throw new RangeError('truncated');
    const value = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }
  string(): Buffer {
    const length = this.uint32();
    if (this.offset + length > this.bytes.length) throw new RangeError('truncated');
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
  raw(length: number): Buffer {
    if (this.offset + length > this.bytes.length) throw new RangeError('truncated');
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
  get done(): boolean {
    return this.offset === this.bytes.length;
  }
}

function sshString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/** The public key of a wire blob, when it is an Ed25519 key. */
export function publicKeyFromBlob(blob: Buffer): SshPublicKey | undefined {
  try {
    const reader = new Reader(blob);
    if (reader.string().toString() !== ED25519) return undefined;
    if (reader.string().length !== 32 || !reader.done) return undefined;
  } catch {
    return undefined;
  }
  return {
    line: `${ED25519} ${blob.toString('base64')}`,
    fingerprint: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`,
    blob: Buffer.from(blob),
  };
}

/** A public key from its one-line form (`ssh-ed25519 AAAA... [comment]`); undefined for any other key type. */
export function parsePublicKeyLine(line: string): SshPublicKey | undefined {
  const [type, base64] = line.trim().split(/\s+/);
  if (type !== ED25519 || !base64 || !/^[A-Za-z0-9+/]+=*$/.test(base64)) return undefined;
  return publicKeyFromBlob(Buffer.from(base64, 'base64'));
}

function nodePublicKey(key: SshPublicKey): KeyObject {
  const raw = new Reader(key.blob);
  raw.string();
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.string().toString('base64url') }, format: 'jwk' });
}

/** Reads an OpenSSH private key file (`-----BEGIN OPENSSH PRIVATE KEY-----`, openssh-key-v1). */
export function readPrivateKey(text: string): PrivateKeyRead {
  const match = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (!match) return { ok: false, problem: 'not-openssh' };
  const bytes = Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
  try {
    if (!bytes.subarray(0, KEY_MAGIC.length).equals(KEY_MAGIC)) return { ok: false, problem: 'not-openssh' };
    const reader = new Reader(bytes.subarray(KEY_MAGIC.length));
    const cipher = reader.string().toString();
    reader.string(); // kdf name
    reader.string(); // kdf options
    if (reader.uint32() !== 1) return { ok: false, problem: 'damaged' };
    const publicKey = publicKeyFromBlob(reader.string());
    if (!publicKey) return { ok: false, problem: 'not-ed25519' };
    if (cipher !== 'none') return { ok: false, problem: 'encrypted', publicKey };
    const secret = new Reader(reader.string());
    if (secret.uint32() !== secret.uint32()) return { ok: false, problem: 'damaged', publicKey };
    if (secret.string().toString() !== ED25519) return { ok: false, problem: 'not-ed25519' };
    const pub = secret.string();
    const priv = secret.string();
    if (pub.length !== 32 || priv.length !== 64 || !priv.subarray(32).equals(pub)) return { ok: false, problem: 'damaged', publicKey };
    const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: priv.subarray(0, 32).toString('base64url'), x: pub.toString('base64url') }, format: 'jwk' });
    if (!createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-32).equals(pub)) return { ok: false, problem: 'damaged', publicKey };
    return { ok: true, publicKey, sign: (message) => signMessage(message, key, publicKey) };
  } catch {
    return { ok: false, problem: 'damaged' };
  }
}

function signedData(namespace: string, hashAlgorithm: 'sha512' | 'sha256', message: Uint8Array): Buffer {
  const digest = createHash(hashAlgorithm).update(message).digest();
  return Buffer.concat([MAGIC, sshString(namespace), sshString(''), sshString(hashAlgorithm), sshString(digest)]);
}

function signMessage(message: Uint8Array, key: KeyObject, publicKey: SshPublicKey): string {
  const signature = sign(null, signedData(SIGNATURE_NAMESPACE, 'sha512', message), key);
  const blob = Buffer.concat([
    MAGIC,
    uint32(1),
    sshString(publicKey.blob),
    sshString(SIGNATURE_NAMESPACE),
    sshString(''),
    sshString('sha512'),
    sshString(Buffer.concat([sshString(ED25519), sshString(signature)])),
  ]);
  // ssh-keygen wraps the armored signature at 70 characters.
  const lines = blob.toString('base64').match(/.{1,70}/g) ?? [];
  return `-----BEGIN SSH SIGNATURE-----\n${lines.join('\n')}\n-----END SSH SIGNATURE-----\n`;
}

/** What an armored SSHSIG signature says, and whether it is a valid signature of `message`. */
export type SignatureCheck =
  | { readonly ok: true; readonly publicKey: SshPublicKey }
  | { readonly ok: false; readonly problem: string; readonly publicKey?: SshPublicKey };

/**
 * Checks an armored SSHSIG signature over `message`, as `ssh-keygen -Y verify` does before it looks
 * at allowed_signers: the format, the namespace, the hash algorithm (sha512 or sha256) and the Ed25519
 * signature by the public key the signature carries. Who that key belongs to is the caller's question.
 */
export function checkSignature(armored: string, message: Uint8Array, namespace = SIGNATURE_NAMESPACE): SignatureCheck {
  const match = /^-----BEGIN SSH SIGNATURE-----\r?\n([\s\S]*?)-----END SSH SIGNATURE-----\s*$/.exec(armored.trimStart());
  if (!match) return { ok: false, problem: 'is not an armored SSH signature (-----BEGIN SSH SIGNATURE-----)' };
  const blob = Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
  let publicKey: SshPublicKey | undefined;
  try {
    if (!blob.subarray(0, 6).equals(MAGIC)) return { ok: false, problem: 'is not an SSHSIG signature' };
    const reader = new Reader(blob.subarray(6));
    if (reader.uint32() !== 1) return { ok: false, problem: 'has an SSHSIG version other than 1' };
    publicKey = publicKeyFromBlob(reader.string());
    if (!publicKey) return { ok: false, problem: 'is made with a key that is not Ed25519' };
    const signedNamespace = reader.string().toString();
    reader.string();
    const hashAlgorithm = reader.string().toString();
    const inner = new Reader(reader.string());
    if (!reader.done) return { ok: false, problem: 'has trailing data', publicKey };
    if (signedNamespace !== namespace) return { ok: false, problem: `is made for the namespace "${signedNamespace}", not "${namespace}"`, publicKey };
    if (hashAlgorithm !== 'sha512' && hashAlgorithm !== 'sha256') return { ok: false, problem: `uses the hash algorithm "${hashAlgorithm}"`, publicKey };
    if (inner.string().toString() !== ED25519) return { ok: false, problem: 'is not an Ed25519 signature', publicKey };
    const signature = inner.string();
    if (signature.length !== 64 || !inner.done) return { ok: false, problem: 'is damaged', publicKey };
    const valid = verify(null, signedData(namespace, hashAlgorithm, message), nodePublicKey(publicKey), signature);
    return valid ? { ok: true, publicKey } : { ok: false, problem: 'does not match the release: the release or the signature was changed after signing', publicKey };
  } catch {
    return publicKey ? { ok: false, problem: 'is damaged', publicKey } : { ok: false, problem: 'is damaged' };
  }
}
