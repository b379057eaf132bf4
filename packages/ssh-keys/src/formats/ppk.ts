/**
 * PuTTY private key files (`.ppk`), versions 2 and 3 (PuTTY's `sshpubk.c`,
 * documented in the PuTTY manual appendix "PPK file format"):
 *
 *     PuTTY-User-Key-File-3: ssh-ed25519
 *     Encryption: aes256-cbc | none
 *     Comment: text
 *     Public-Lines: N
 *     <the SSH public key blob in base64, 64 columns>
 *     Key-Derivation: Argon2id | Argon2i | Argon2d     (v3, encrypted only)
 *     Argon2-Memory: KiB
 *     Argon2-Passes: n
 *     Argon2-Parallelism: n
 *     Argon2-Salt: hex
 *     Private-Lines: M
 *     <the private blob, encrypted, base64>
 *     Private-MAC: hex
 *
 * Keys: v2 derives the AES-256-CBC key as `SHA-1(u32 0 || pass) || SHA-1(u32 1 || pass)`
 * (first 32 bytes) with a zero IV, and MACs with HMAC-SHA-1 under
 * `SHA-1("putty-private-key-file-mac-key" || pass)`. v3 takes 80 bytes of
 * Argon2 output as cipher key (32), IV (16) and MAC key (32), and MACs with
 * HMAC-SHA-256 (under an empty key when unencrypted). The MAC covers
 * `string alg || string encryption || string comment || string public blob ||
 * string private blob` (the decrypted private blob, with its padding).
 */
import { decodeBase64, encodeBase64, encodeUtf8, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { getKeyAlgorithm, keyTypeOf } from '../algorithms/registry.js';
import { concatBytes, fromHex, toHex } from '../bytes.js';
import {
  type Argon2Variant,
  argon2,
  constantTimeEqual,
  decodePublicKeyBlob,
  defaultRandom,
  encodePublicKeyBlob,
  getKeyFileCipher,
  hash,
  hmac,
  type PrivateKey,
  type RandomSource,
} from '../crypto.js';
import { KeyEncryptionError, KeyExportError, KeyImportError } from '../errors.js';
import { type Passphrase, passphraseBytes } from '../passphrase.js';
import type { DecodedPrivateKey } from './openssh.js';

const MAGIC = 'PuTTY-User-Key-File-';
/** Most base64 lines in one section (a 16384-bit RSA private blob needs ~60). */
const MAX_SECTION_LINES = 1024;
const MAC_KEY_V2 = /* @__PURE__ */ encodeUtf8('putty-private-key-file-mac-key');
/** Most Argon2 memory accepted on import, in KiB (256 MiB; PuTTY writes 8192). */
export const MAX_ARGON2_MEMORY = 1 << 18;
/** Most Argon2 passes accepted on import. */
export const MAX_ARGON2_PASSES = 1024;
/** Most Argon2 lanes accepted on import. */
export const MAX_ARGON2_PARALLELISM = 64;
/** Bound on memory × passes (KiB): a hostile file must not pin a CPU for minutes. */
export const MAX_ARGON2_WORK = 1 << 22;

const FLAVORS: Readonly<Record<string, Argon2Variant>> = {
  Argon2id: 'argon2id',
  Argon2i: 'argon2i',
  Argon2d: 'argon2d',
};

/** True when the text is a PuTTY key file. */
export function isPpk(text: string): boolean {
  return text.trimStart().startsWith(MAGIC);
}

class Lines {
  readonly #lines: string[];
  #at = 0;
  constructor(text: string) {
    this.#lines = text.trim().split(/\r?\n/);
  }

  peekName(): string | undefined {
    const line = this.#lines[this.#at];
    return line === undefined ? undefined : /^([A-Za-z0-9-]+):/.exec(line)?.[1];
  }

  header(name: string): string {
    const line = this.#lines[this.#at];
    if (line === undefined) throw new KeyImportError('truncated', `ppk: missing ${name}`);
    const m = /^([A-Za-z0-9-]+): ?(.*)$/.exec(line.replace(/\s+$/, ''));
    if (!m || m[1] !== name) throw new KeyImportError('corrupted', `ppk: expected ${name}`);
    this.#at++;
    return m[2] as string;
  }

  number(name: string, max: number): number {
    const v = this.header(name);
    if (!/^\d{1,9}$/.test(v) || Number(v) > max) throw new KeyImportError('corrupted', `ppk: bad ${name}`);
    return Number(v);
  }

  base64(name: string): Uint8Array {
    const count = this.number(name, MAX_SECTION_LINES);
    let body = '';
    for (let i = 0; i < count; i++) {
      const line = this.#lines[this.#at++];
      if (line === undefined) throw new KeyImportError('truncated', `ppk: ${name} ends early`);
      body += line.trim();
    }
    try {
      return decodeBase64(body);
    } catch (cause) {
      throw new KeyImportError('corrupted', `ppk: ${name} is not base64`, { cause });
    }
  }

  end(): void {
    if (this.#lines.slice(this.#at).some((l) => l.trim() !== '')) {
      throw new KeyImportError('corrupted', 'ppk: data after Private-MAC');
    }
  }
}

function macData(
  alg: string,
  encryption: string,
  comment: string,
  pub: Uint8Array,
  priv: Uint8Array,
): Uint8Array {
  return new WireWriter().string(alg).string(encryption).string(comment).string(pub).string(priv).finish();
}

function v2CipherKey(pass: Uint8Array): Uint8Array {
  const h = (n: number) => hash('sha1', concatBytes(Uint8Array.of(0, 0, 0, n), pass));
  return concatBytes(h(0), h(1)).subarray(0, 32);
}

/** Argon2 parameters of a v3 file. */
export interface PpkArgon2Params {
  /** @default 'argon2id' */
  flavor?: Argon2Variant;
  /**
   * Memory in KiB.
   * @default 8192 (PuTTY's default)
   */
  memory?: number;
  /**
   * Passes. PuTTY tunes this to take 100 ms; ours is fixed.
   * @default 8
   */
  passes?: number;
  /** @default 1 */
  parallelism?: number;
}

function argon2Keys(
  pass: Uint8Array,
  salt: Uint8Array,
  p: Required<PpkArgon2Params>,
): { key: Uint8Array; iv: Uint8Array; mac: Uint8Array } {
  const out = argon2(p.flavor, pass, salt, {
    memory: p.memory,
    passes: p.passes,
    parallelism: p.parallelism,
    length: 80,
  });
  return { key: out.subarray(0, 32), iv: out.subarray(32, 48), mac: out.subarray(48, 80) };
}

/**
 * Decodes a `.ppk` file (version 2 or 3).
 * @throws KeyImportError, KeyEncryptionError
 */
export function decodePpk(text: string, passphrase?: Passphrase): DecodedPrivateKey {
  const lines = new Lines(text);
  const first = lines.peekName();
  const version = first === `${MAGIC}2` ? 2 : first === `${MAGIC}3` ? 3 : undefined;
  if (version === undefined) {
    throw new KeyImportError(
      'unsupported-algorithm',
      `ppk: unsupported file version ${JSON.stringify(first)}`,
    );
  }
  const alg = lines.header(`${MAGIC}${version}`);
  const encryption = lines.header('Encryption');
  if (encryption !== 'none' && encryption !== 'aes256-cbc') {
    throw new KeyEncryptionError(
      'unsupported-cipher',
      `ppk: unsupported encryption ${JSON.stringify(encryption)}`,
    );
  }
  const comment = lines.header('Comment');
  const pubBlob = lines.base64('Public-Lines');
  const encrypted = encryption !== 'none';
  let kdf: (Required<PpkArgon2Params> & { salt: Uint8Array }) | undefined;
  if (version === 3 && encrypted) {
    const flavor = FLAVORS[lines.header('Key-Derivation')];
    if (!flavor) throw new KeyEncryptionError('unsupported-kdf', 'ppk: unknown Key-Derivation');
    const memory = lines.number('Argon2-Memory', 0xffffffff);
    const passes = lines.number('Argon2-Passes', 0xffffffff);
    const parallelism = lines.number('Argon2-Parallelism', 0xffffffff);
    const salt = fromHex(lines.header('Argon2-Salt'));
    if (!salt || salt.length === 0 || salt.length > 1024)
      throw new KeyImportError('corrupted', 'ppk: bad Argon2-Salt');
    if (
      memory < 8 * parallelism ||
      memory > MAX_ARGON2_MEMORY ||
      passes < 1 ||
      passes > MAX_ARGON2_PASSES ||
      parallelism < 1 ||
      parallelism > MAX_ARGON2_PARALLELISM ||
      memory * passes > MAX_ARGON2_WORK
    ) {
      throw new KeyEncryptionError(
        'invalid-kdf-parameters',
        `ppk: Argon2 memory ${memory} KiB, ${passes} passes, ${parallelism} lanes`,
      );
    }
    kdf = { flavor, memory, passes, parallelism, salt };
  }
  let priv = lines.base64('Private-Lines');
  const macHex = lines.header('Private-MAC');
  lines.end();
  const mac = fromHex(macHex);
  if (!mac || mac.length !== (version === 2 ? 20 : 32))
    throw new KeyImportError('corrupted', 'ppk: bad Private-MAC');

  const pub = decodePublicKeyBlob(pubBlob);
  if (keyTypeOf(pub) !== alg)
    throw new KeyImportError('corrupted', `ppk: ${alg} file holds a ${keyTypeOf(pub)} key`);
  let pass = passphraseBytes(passphrase);
  if (encrypted && pass === undefined)
    throw new KeyEncryptionError('passphrase-required', 'the private key is encrypted');
  if (!encrypted) pass = new Uint8Array(0);
  const passBytes = pass as Uint8Array;
  let macKey: Uint8Array;
  if (version === 2) {
    macKey = hash('sha1', concatBytes(MAC_KEY_V2, passBytes));
    if (encrypted) priv = decryptBlob(v2CipherKey(passBytes), new Uint8Array(16), priv);
  } else if (kdf) {
    const k = argon2Keys(passBytes, kdf.salt, kdf);
    priv = decryptBlob(k.key, k.iv, priv);
    macKey = k.mac;
  } else {
    macKey = new Uint8Array(0);
  }
  const expected = hmac(
    version === 2 ? 'sha1' : 'sha256',
    macKey,
    macData(alg, encryption, comment, pubBlob, priv),
  );
  if (!constantTimeEqual(expected, mac)) {
    if (encrypted) throw new KeyEncryptionError('wrong-passphrase', 'wrong passphrase (ppk MAC mismatch)');
    throw new KeyImportError('corrupted', 'ppk: Private-MAC does not match');
  }
  const r = new WireReader(priv);
  const key = getKeyAlgorithm(alg).readPpkPrivate(r, pub);
  // What follows is the cipher padding (up to one block).
  if (r.remaining >= 16 || (!encrypted && r.remaining > 0))
    throw new KeyImportError('corrupted', 'ppk: trailing private data');
  return { key, comment };
}

function decryptBlob(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length === 0 || data.length % 16 !== 0)
    throw new KeyImportError('corrupted', 'ppk: private blob is not block aligned');
  return getKeyFileCipher('aes256-cbc').decrypt(key, iv, data);
}

/** Options of `.ppk` export. */
export interface PpkExportOptions {
  /**
   * File version: 3 (PuTTY 0.75 and later) or 2 (older PuTTY, SHA-1 key derivation).
   * @default 3
   */
  version?: 2 | 3;
  /** Argon2 parameters of an encrypted version 3 file. */
  argon2?: PpkArgon2Params;
  /**
   * Randomness for the Argon2 salt and the padding.
   * @default the platform CSPRNG
   */
  random?: RandomSource;
}

function wrap64(bytes: Uint8Array): string[] {
  const b64 = encodeBase64(bytes);
  const out: string[] = [];
  for (let i = 0; i < b64.length; i += 64) out.push(b64.slice(i, i + 64));
  return out;
}

/**
 * Encodes a key as a `.ppk` file, encrypted with AES-256-CBC when a non-empty passphrase is given.
 * @throws KeyExportError('invalid-option') for a bad version or Argon2 parameter
 */
export function encodePpk(
  key: PrivateKey,
  comment: string,
  passphrase: Passphrase | undefined,
  options: PpkExportOptions = {},
): string {
  const version = options.version ?? 3;
  if (version !== 2 && version !== 3)
    throw new KeyExportError('invalid-option', `ppk version ${String(version)}`);
  if (/[\r\n]/.test(comment)) throw new KeyExportError('invalid-option', 'a ppk comment is one line');
  const random = options.random ?? defaultRandom;
  const pass = passphraseBytes(passphrase);
  const encrypted = pass !== undefined && pass.length > 0;
  const encryption = encrypted ? 'aes256-cbc' : 'none';
  const alg = keyTypeOf(key);
  const pubBlob = encodePublicKeyBlob(key);
  const w = new WireWriter();
  getKeyAlgorithm(alg).writePpkPrivate(w, key);
  let priv = w.finish();
  if (encrypted) {
    // PuTTY pads with the start of SHA-1(blob), which keeps the last block from being known plaintext.
    const pad = (16 - (priv.length % 16)) % 16;
    priv = concatBytes(priv, hash('sha1', priv).subarray(0, pad));
  }
  const header = [`${MAGIC}${version}: ${alg}`, `Encryption: ${encryption}`, `Comment: ${comment}`];
  const pubLines = wrap64(pubBlob);
  header.push(`Public-Lines: ${pubLines.length}`, ...pubLines);
  let macKey: Uint8Array;
  let out = priv;
  if (version === 2) {
    const p = pass ?? new Uint8Array(0);
    macKey = hash('sha1', concatBytes(MAC_KEY_V2, encrypted ? p : new Uint8Array(0)));
    if (encrypted) out = getKeyFileCipher('aes256-cbc').encrypt(v2CipherKey(p), new Uint8Array(16), priv);
  } else if (encrypted && pass) {
    const a = options.argon2 ?? {};
    const params: Required<PpkArgon2Params> = {
      flavor: a.flavor ?? 'argon2id',
      memory: a.memory ?? 8192,
      passes: a.passes ?? 8,
      parallelism: a.parallelism ?? 1,
    };
    const name = Object.entries(FLAVORS).find(([, f]) => f === params.flavor)?.[0];
    if (
      !name ||
      !Number.isInteger(params.memory) ||
      !Number.isInteger(params.passes) ||
      !Number.isInteger(params.parallelism) ||
      params.parallelism < 1 ||
      params.parallelism > MAX_ARGON2_PARALLELISM ||
      params.memory < 8 * params.parallelism ||
      params.memory > MAX_ARGON2_MEMORY ||
      params.passes < 1 ||
      params.passes > MAX_ARGON2_PASSES
    ) {
      throw new KeyExportError('invalid-option', 'bad Argon2 parameters');
    }
    const salt = random(16);
    const k = argon2Keys(pass, salt, params);
    out = getKeyFileCipher('aes256-cbc').encrypt(k.key, k.iv, priv);
    macKey = k.mac;
    header.push(
      `Key-Derivation: ${name}`,
      `Argon2-Memory: ${params.memory}`,
      `Argon2-Passes: ${params.passes}`,
      `Argon2-Parallelism: ${params.parallelism}`,
      `Argon2-Salt: ${toHex(salt)}`,
    );
  } else {
    macKey = new Uint8Array(0);
  }
  const mac = hmac(
    version === 2 ? 'sha1' : 'sha256',
    macKey,
    macData(alg, encryption, comment, pubBlob, priv),
  );
  const privLines = wrap64(out);
  header.push(`Private-Lines: ${privLines.length}`, ...privLines, `Private-MAC: ${toHex(mac)}`);
  return `${header.join('\n')}\n`;
}
