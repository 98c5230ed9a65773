import { parsePublicKeyLine, SIGNATURE_NAMESPACE, type SshPublicKey } from './ssh-signature.js';

/**
 * The project's `allowed_signers` file, in the format git and `ssh-keygen -Y verify` read (see
 * ssh-keygen(1), ALLOWED SIGNERS): one line per key, `principals [options] ssh-ed25519 AAAA... [comment]`.
 * Principals are comma-separated person ids or e-mail addresses of the organisation file. Of the
 * options, `namespaces`, `valid-after` and `valid-before` are honoured; `cert-authority` lines and
 * keys other than Ed25519 are reported, because policymark never accepts them.
 */
export interface AllowedSigner {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The line as written, for the evidence pack. */
  readonly text: string;
  readonly principals: readonly string[];
  /** Namespaces the key may sign for; undefined when the line does not restrict them. */
  readonly namespaces?: readonly string[];
  /** YYYY-MM-DD from `valid-after` / `valid-before` (the date part), when given. */
  readonly validAfter?: string;
  readonly validBefore?: string;
  readonly key: SshPublicKey;
}

/** A line of allowed_signers that policymark cannot use, with why. */
export interface AllowedSignersProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Parses allowed_signers text; every line it cannot use is a problem, never silently skipped. */
export function parseAllowedSigners(text: string): { signers: AllowedSigner[]; problems: AllowedSignersProblem[] } {
  const signers: AllowedSigner[] = [];
  const problems: AllowedSignersProblem[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const column = raw.indexOf(line) + 1;
    const tokens = tokenize(line);
    const principals = tokens.shift();
    if (!principals) continue;
    const options: Record<string, string | true> = {};
    while (tokens[0] !== undefined && !tokens[0].startsWith('ssh-') && !tokens[0].startsWith('ecdsa-') && !tokens[0].startsWith('sk-')) {
      for (const option of splitOptions(tokens.shift()!)) {
        const eq = option.indexOf('=');
        options[(eq < 0 ? option : option.slice(0, eq)).toLowerCase()] = eq < 0 ? true : option.slice(eq + 1).replace(/^"|"$/g, '');
      }
    }
    if (options['cert-authority']) {
      problems.push({ line: index + 1, column, message: 'This line names a certificate authority; policymark accepts only the approvers\' own keys.' });
      continue;
    }
    const key = tokens[0] !== undefined && tokens[1] !== undefined ? parsePublicKeyLine(`${tokens[0]} ${tokens[1]}`) : undefined;
    if (!key) {
      problems.push({ line: index + 1, column, message: tokens[0] === 'ssh-ed25519' ? 'The key on this line is damaged.' : `The key on this line is ${tokens[0] ?? 'missing'}; policymark accepts only ssh-ed25519 keys.` });
      continue;
    }
    const date = (value: string | true | undefined): string | undefined => (typeof value === 'string' && /^\d{8}/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : undefined);
    const validAfter = date(options['valid-after']);
    const validBefore = date(options['valid-before']);
    const namespaces = typeof options.namespaces === 'string' ? options.namespaces.split(',').map((n) => n.trim()) : undefined;
    signers.push({
      line: index + 1,
      text: raw,
      principals: principals.replace(/^"|"$/g, '').split(','),
      ...(namespaces ? { namespaces } : {}),
      ...(validAfter ? { validAfter } : {}),
      ...(validBefore ? { validBefore } : {}),
      key,
    });
  }
  return { signers, problems };
}

/**
 * The line that allows `key` to sign policymark releases for one of `principals` on `date`, if any:
 * the same question `ssh-keygen -Y verify -I <principal> -n policymark` answers.
 */
export function allowedSignerFor(signers: readonly AllowedSigner[], principals: readonly string[], key: SshPublicKey, date: string): AllowedSigner | undefined {
  return signers.find(
    (signer) =>
      signer.key.line === key.line &&
      signer.principals.some((p) => principals.includes(p)) &&
      (signer.namespaces === undefined || signer.namespaces.includes(SIGNATURE_NAMESPACE)) &&
      (signer.validAfter === undefined || date >= signer.validAfter) &&
      (signer.validBefore === undefined || date <= signer.validBefore),
  );
}

/** Whitespace-separated tokens, where a double-quoted part keeps its spaces. */
function tokenize(line: string): string[] {
  return line.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
}

/** `namespaces="a,b",valid-after="2026"` → its comma-separated options, quotes respected. */
function splitOptions(token: string): string[] {
  return token.match(/(?:[^,"]+|"[^"]*")+/g) ?? [];
}
