import { appendFile, readFile } from 'node:fs/promises';
import { decodePublicKeyBlob } from '@sshkit/ssh-crypto';
import { formatKnownHostsEntry, importKnownHosts, SSHKey, SSHKnownHosts } from '@sshkit/ssh-keys';
import { plainAlgorithmOf } from '@sshkit/ssh-transport';
import { WireReader } from '@sshkit/ssh-wire';
import { sameBytes } from '../bytes.js';
import type { HostKeysReceived } from '../connection-base.js';
import { hostKeyProofData } from '../host-key-proof.js';
import type { HostKeyCheck } from '../host-key-trust.js';

/** RSA signatures a proof may use when the key exchange did not sign with RSA (OpenSSH's HOSTKEY_PROOF_RSA_ALGS). */
const PROOF_RSA_ALGS = ['rsa-sha2-512', 'rsa-sha2-256'];

/** What the client knows when the server announces its host keys (`hostkeys-00@openssh.com`). */
export interface HostKeyUpdate {
  /** The known_hosts file that vouched for the key exchange's host key. */
  readonly path: string;
  readonly host: string;
  readonly addr: string;
  readonly port: number;
  /** The host key and algorithm of the key exchange. */
  readonly kexKey: { readonly blob: Uint8Array; readonly algorithm: string };
  /** The client's host key algorithms: keys it would not accept in a key exchange are skipped. */
  readonly hostKeyAlgs: readonly string[];
  readonly sessionId: Uint8Array;
  /** Sends `hostkeys-prove-00@openssh.com` for `blobs`: one signature each, or undefined when refused. */
  prove(blobs: readonly Uint8Array[]): Promise<Uint8Array[] | undefined>;
}

function parseKey(blob: Uint8Array): SSHKey | undefined {
  try {
    return new SSHKey(decodePublicKeyBlob(blob), undefined, false);
  } catch {
    return undefined; // a type we do not know (or a certificate): ssh skips those too
  }
}

/** OpenSSH's hostkey_accepted_by_hostkeyalgs: an RSA key counts as allowed by either SHA-2 algorithm. */
function acceptedType(key: SSHKey, hostKeyAlgs: readonly string[]): boolean {
  if (key.algorithm === 'ssh-rsa') return PROOF_RSA_ALGS.some((a) => hostKeyAlgs.includes(a));
  return hostKeyAlgs.includes(key.algorithm);
}

function signatureAlgorithm(signature: Uint8Array): string | undefined {
  try {
    return new WireReader(signature).utf8();
  } catch {
    return undefined;
  }
}

/**
 * A proof as OpenSSH's ssh judges it: RSA proofs must use the key
 * exchange's RSA algorithm, or one of rsa-sha2-512/256 when the exchange did
 * not sign with RSA (any other is disregarded: that key is not added); a
 * signature that does not verify is bad (nothing is added).
 */
function judgeProof(key: SSHKey, data: Uint8Array, signature: Uint8Array, kexAlgorithm: string) {
  const alg = signatureAlgorithm(signature);
  if (alg === undefined) return 'bad';
  if (key.algorithm === 'ssh-rsa') {
    const kexIsRsa = kexAlgorithm === 'ssh-rsa' || PROOF_RSA_ALGS.includes(kexAlgorithm);
    if (!kexIsRsa && !PROOF_RSA_ALGS.includes(alg)) return 'disregard';
    if (kexIsRsa && alg !== kexAlgorithm) return 'bad';
  }
  return key.verify(data, signature) ? 'good' : 'bad';
}

/**
 * UpdateHostKeys, as OpenSSH's ssh does it: of the keys the server announced
 * (skipping types the client's host key algorithms exclude), those the
 * known_hosts file does not list for this host are added once the server
 * proved it holds them. Nothing is written when the announcement lacks the
 * key of the key exchange or repeats a key, when a wildcard or negated
 * pattern or `@cert-authority` line covers this host (the file is managed by
 * hand), or when a proof does not verify. New lines are hashed when the host's
 * lines are. Keys the server no longer has are left in place.
 * @returns the keys added
 */
export async function updateKnownHosts(
  update: HostKeyUpdate,
  blobs: readonly Uint8Array[],
): Promise<SSHKey[]> {
  if (plainAlgorithmOf(update.kexKey.algorithm) !== undefined) return []; // a host certificate is in use
  if (!blobs.some((b) => sameBytes(b, update.kexKey.blob))) return [];
  if (blobs.some((b, i) => blobs.findIndex((c) => sameBytes(b, c)) !== i)) return [];
  const file = importKnownHosts(await readFile(update.path));
  const mine = file.entries.filter((e) =>
    new SSHKnownHosts([e], []).match(update.host, update.addr, update.port).some((keys) => keys.length > 0),
  );
  if (mine.some((e) => e.marker === 'cert-authority' || e.patterns.some((p) => /[*?!]/.test(p)))) return [];
  const fresh = blobs.flatMap((blob) => {
    if (mine.some((e) => sameBytes(e.key.publicBlob, blob))) return [];
    const key = parseKey(blob);
    return key && acceptedType(key, update.hostKeyAlgs) ? [{ blob, key }] : [];
  });
  if (fresh.length === 0) return [];
  const signatures = await update.prove(fresh.map((f) => f.blob));
  if (!signatures || signatures.length !== fresh.length) return [];
  const proven: SSHKey[] = [];
  for (const [i, f] of fresh.entries()) {
    const data = hostKeyProofData(update.sessionId, f.blob);
    const verdict = judgeProof(f.key, data, signatures[i] as Uint8Array, update.kexKey.algorithm);
    if (verdict === 'bad') return [];
    if (verdict === 'good') proven.push(f.key);
  }
  if (proven.length === 0) return [];
  const hash = mine.length > 0 && mine.every((e) => e.hashed !== undefined);
  const added = new SSHKnownHosts([], []);
  for (const key of proven) added.addHost(update.host, key, { port: update.port, hash });
  const text = added.entries.map((e) => `${formatKnownHostsEntry(e)}\n`).join('');
  const before = await readFile(update.path, 'utf8');
  await appendFile(update.path, before === '' || before.endsWith('\n') ? text : `\n${text}`);
  return proven;
}

/**
 * Whether a connection updates known_hosts (OpenSSH's UpdateHostKeys default
 * since 8.5: on when the default known_hosts file is in use).
 */
export function updatesHostKeys(updateHostKeys: boolean | undefined, knownHostsIsDefault: boolean): boolean {
  return updateHostKeys ?? knownHostsIsDefault;
}

/**
 * The `hostkeys-00@openssh.com` hook of a client connection: updates the
 * known_hosts file that vouched for the host key. Failures leave the file as
 * it was and the connection as it is (ssh only logs them).
 */
export function hostKeyUpdater(
  check: HostKeyCheck,
  target: { readonly host: string; readonly addr: string; readonly port: number },
  hostKeyAlgs: readonly string[],
  sessionId: () => Uint8Array,
): HostKeysReceived {
  return (blobs, prove) => {
    const vouched = check.vouchedByFile();
    if (!vouched) return;
    const update = {
      ...target,
      path: vouched.path,
      kexKey: vouched,
      hostKeyAlgs,
      sessionId: sessionId(),
      prove,
    };
    updateKnownHosts(update, blobs).catch(() => undefined);
  };
}
