import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { decodePublicKeyBlob } from '@sshkit/ssh-crypto';
import {
  formatKnownHostsEntry,
  importKnownHosts,
  type KnownHostsEntry,
  SSHKey,
  SSHKnownHosts,
} from '@sshkit/ssh-keys';
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
  /** Hash new lines (ssh's HashKnownHosts); undefined: hash them when the host's lines are. */
  readonly hash?: boolean | undefined;
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
 * A hand-managed line OpenSSH's ssh will not rewrite: a wildcard or negated
 * pattern, or more names than a host and its address.
 */
function isComplex(entry: KnownHostsEntry): boolean {
  return entry.patterns.length > 2 || entry.patterns.some((p) => /[*?!]/.test(p));
}

/** What {@link updateKnownHosts} changed. */
export interface HostKeyChanges {
  /** Keys the server proved it holds, appended. */
  readonly added: SSHKey[];
  /** Keys of this host the server no longer announced, their lines removed. */
  readonly removed: SSHKey[];
}

const NO_CHANGES: HostKeyChanges = { added: [], removed: [] };

/**
 * UpdateHostKeys, as OpenSSH's ssh does it: of the keys the server announced
 * (skipping types the client's host key algorithms exclude), those the
 * known_hosts file does not list for this host are added once the server
 * proved it holds them, and the lines of keys of this host the server no
 * longer announces (of types the client accepts) are removed. Nothing is
 * written when the announcement lacks the key of the key exchange or repeats
 * a key, when a complex line (wildcards, negation, more names than host and
 * address) or a `@cert-authority` or `@revoked` line covers this host (the
 * file is managed by hand), when a key to remove is also another host's, or
 * when a proof does not verify. New lines are
 * hashed as `hash` says (ssh's HashKnownHosts), else when the host's lines are.
 */
export async function updateKnownHosts(
  update: HostKeyUpdate,
  blobs: readonly Uint8Array[],
): Promise<HostKeyChanges> {
  if (plainAlgorithmOf(update.kexKey.algorithm) !== undefined) return NO_CHANGES; // a host certificate is in use
  if (!blobs.some((b) => sameBytes(b, update.kexKey.blob))) return NO_CHANGES;
  if (blobs.some((b, i) => blobs.findIndex((c) => sameBytes(b, c)) !== i)) return NO_CHANGES;
  const text = await readFile(update.path, 'utf8');
  const file = importKnownHosts(text);
  const mine = file.entries.filter((e) =>
    new SSHKnownHosts([e], []).match(update.host, update.addr, update.port).some((keys) => keys.length > 0),
  );
  if (mine.some((e) => e.marker !== undefined || isComplex(e))) return NO_CHANGES;
  // The key came from another file (a global one): ssh updates only the user's file that lists it.
  if (!mine.some((e) => sameBytes(e.key.publicBlob, update.kexKey.blob))) return NO_CHANGES;
  const stale = mine.filter(
    (e) => !blobs.some((b) => sameBytes(b, e.key.publicBlob)) && acceptedType(e.key, update.hostKeyAlgs),
  );
  // A retired key other hosts still use ties their lines to this one: ssh then leaves the file alone.
  const elsewhere = file.entries.filter((e) => !mine.includes(e));
  if (stale.some((s) => elsewhere.some((e) => sameBytes(e.key.publicBlob, s.key.publicBlob))))
    return NO_CHANGES;
  const fresh = blobs.flatMap((blob) => {
    if (mine.some((e) => sameBytes(e.key.publicBlob, blob))) return [];
    const key = parseKey(blob);
    return key && acceptedType(key, update.hostKeyAlgs) ? [{ blob, key }] : [];
  });
  const proven = fresh.length > 0 ? await provenKeys(update, fresh) : [];
  if (proven === undefined || (proven.length === 0 && stale.length === 0)) return NO_CHANGES;
  const hash = update.hash ?? (mine.length > 0 && mine.every((e) => e.hashed !== undefined));
  const added = new SSHKnownHosts([], []);
  for (const key of proven) added.addHost(update.host, key, { port: update.port, hash });
  const staleLines = new Set(stale.map((e) => e.line));
  const kept = text.split('\n').filter((_, i) => !staleLines.has(i + 1));
  if (kept.at(-1) === '') kept.pop();
  const lines = [...kept, ...added.entries.map(formatKnownHostsEntry)];
  await replaceFile(update.path, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  return { added: proven, removed: stale.map((e) => e.key) };
}

/**
 * Asks the server to prove `fresh` and judges the answers as ssh does.
 * @returns the keys proven (those with a disregarded proof left out), or undefined when a proof is bad
 */
async function provenKeys(
  update: HostKeyUpdate,
  fresh: readonly { readonly blob: Uint8Array; readonly key: SSHKey }[],
): Promise<SSHKey[] | undefined> {
  const signatures = await update.prove(fresh.map((f) => f.blob));
  if (!signatures || signatures.length !== fresh.length) return undefined;
  const proven: SSHKey[] = [];
  for (const [i, f] of fresh.entries()) {
    const data = hostKeyProofData(update.sessionId, f.blob);
    const verdict = judgeProof(f.key, data, signatures[i] as Uint8Array, update.kexKey.algorithm);
    if (verdict === 'bad') return undefined;
    if (verdict === 'good') proven.push(f.key);
  }
  return proven;
}

/** Writes `path` whole through a temp file and a rename, keeping its mode, as ssh rewrites known_hosts. */
async function replaceFile(path: string, text: string): Promise<void> {
  const { mode } = await stat(path);
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, text, { mode: mode & 0o777 });
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
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
  target: {
    readonly host: string;
    readonly addr: string;
    readonly port: number;
    readonly hash?: boolean | undefined;
  },
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
