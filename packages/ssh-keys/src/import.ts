/**
 * Format auto-detection for private and public keys.
 *
 * Private: `openssh-key-v1` (PEM or binary), PKCS#1 `RSA PRIVATE KEY`, SEC1
 * `EC PRIVATE KEY` (both optionally with traditional `Proc-Type`/`DEK-Info`
 * encryption), PKCS#8 `PRIVATE KEY`, `ENCRYPTED PRIVATE KEY` (PBES2), the
 * DER forms of the last four, and PuTTY `.ppk` (versions 2 and 3).
 *
 * Public: OpenSSH one-line, RFC 4716, SubjectPublicKeyInfo `PUBLIC KEY` (PEM/DER),
 * PKCS#1 `RSA PUBLIC KEY` (PEM/DER), and raw SSH key blobs.
 */
import { decodeUtf8, WireError, WireReader } from '@sshkit/ssh-wire';
import { bytesToLatin1 } from './bytes.js';
import { CryptoError, decodePublicKeyBlob, type PrivateKey } from './crypto.js';
import { KeyEncryptionError, KeyImportError } from './errors.js';
import {
  decodeDsaPrivate,
  decodePkcs1Private,
  decodePkcs1Public,
  decodePkcs8Private,
  decodeSec1Private,
  decodeSpki,
} from './formats/asn1-keys.js';
import { DER_TAG, DerReader } from './formats/der.js';
import { decryptLegacyPem, decryptPkcs8, isLegacyEncrypted } from './formats/encryption.js';
import {
  decodeOpenSSHPrivate,
  isOpenSSHContainer,
  OPENSSH_PRIVATE_LABEL,
  parsePublicKeyLine,
} from './formats/openssh.js';
import { looksLikePem, type PemBlock, parsePem } from './formats/pem.js';
import { decodePpk, isPpk } from './formats/ppk.js';
import { parseRfc4716 } from './formats/rfc4716.js';
import { SSHKey } from './key.js';
import { type Passphrase, passphraseBytes } from './passphrase.js';

/** Longest key input accepted (1 MiB). */
export const MAX_KEY_INPUT = 1 << 20;

/**
 * Runs a parser and turns the lower layers' errors into `KeyImportError`s:
 * `WireError('truncated')` → `truncated`, other `WireError`s → `corrupted`,
 * `CryptoError('invalid-key')` → `invalid-key`, `CryptoError('unsupported-algorithm')`
 * → `unsupported-algorithm`. Typed key errors pass through.
 */
export function withImportErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (WireError.isInstance(e)) {
      throw new KeyImportError(e.kind === 'truncated' ? 'truncated' : 'corrupted', e.message, { cause: e });
    }
    if (CryptoError.isInstance(e)) {
      const reason =
        e.kind === 'invalid-key' || e.kind === 'invalid-public-value'
          ? 'invalid-key'
          : e.kind === 'unsupported-algorithm'
            ? 'unsupported-algorithm'
            : 'corrupted';
      throw new KeyImportError(reason, e.message, { cause: e });
    }
    throw e;
  }
}

/** Input as text when it looks like a text format, else undefined. */
export function asText(data: string | Uint8Array): string | undefined {
  if (typeof data === 'string') return data;
  const head = bytesToLatin1(data.subarray(0, 64));
  if (
    !/^\s*(?:-----BEGIN |---- BEGIN |[A-Za-z0-9@._+-]+[ \t]+[A-Za-z0-9+/]|PuTTY-User-Key-File)/.test(head)
  ) {
    return undefined;
  }
  try {
    return decodeUtf8(data);
  } catch {
    return bytesToLatin1(data);
  }
}

function checkSize(data: string | Uint8Array): void {
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new TypeError('key data must be a string or a Uint8Array');
  }
  if (data.length > MAX_KEY_INPUT) throw new KeyImportError('corrupted', 'key input larger than 1 MiB');
}

type DerKind = 'pkcs8' | 'encrypted-pkcs8' | 'pkcs1' | 'dsa' | 'sec1' | 'unknown';

/** OpenSSL's DSA private key SEQUENCE has 6 INTEGERs, RSAPrivateKey 9 (or more). */
const DSA_FIELDS = 6;

/** Tells the DER private key structures apart by their first two fields. */
function sniffPrivateDer(der: Uint8Array): DerKind {
  if (der[0] !== DER_TAG.SEQUENCE) return 'unknown';
  const s = new DerReader(der).sequence();
  const first = s.peekTag();
  if (first === DER_TAG.SEQUENCE) return 'encrypted-pkcs8';
  if (first !== DER_TAG.INTEGER) return 'unknown';
  s.next();
  const second = s.peekTag();
  if (second === DER_TAG.SEQUENCE) return 'pkcs8';
  if (second === DER_TAG.OCTET_STRING) return 'sec1';
  if (second === DER_TAG.INTEGER) {
    let fields = 1;
    while (!s.atEnd) {
      s.next();
      fields++;
    }
    return fields === DSA_FIELDS ? 'dsa' : 'pkcs1';
  }
  return 'unknown';
}

function decodePrivateDer(der: Uint8Array, pass: Uint8Array | undefined): PrivateKey {
  switch (sniffPrivateDer(der)) {
    case 'pkcs8':
      return decodePkcs8Private(der);
    case 'encrypted-pkcs8': {
      const inner = decryptPkcs8(der, pass);
      return decryptedDer(() => decodePkcs8Private(inner));
    }
    case 'pkcs1':
      return decodePkcs1Private(der);
    case 'dsa':
      return decodeDsaPrivate(der);
    case 'sec1':
      return decodeSec1Private(der);
    default:
      throw new KeyImportError('unrecognized-format', 'DER data is not a known private key structure');
  }
}

/**
 * After CBC decryption under a guessed key, a structure error most likely
 * means a wrong passphrase: CBC has no integrity check of its own.
 */
function decryptedDer<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (KeyImportError.isInstance(e) && (e.reason === 'corrupted' || e.reason === 'truncated')) {
      throw new KeyEncryptionError('wrong-passphrase', 'wrong passphrase (decrypted data is not a key)', {
        cause: e,
      });
    }
    throw e;
  }
}

const PRIVATE_LABELS = new Set([
  OPENSSH_PRIVATE_LABEL,
  'RSA PRIVATE KEY',
  'DSA PRIVATE KEY',
  'EC PRIVATE KEY',
  'PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
]);

function decodePrivatePem(block: PemBlock, pass: Uint8Array | undefined, passphrase?: Passphrase): SSHKey[] {
  switch (block.label) {
    case OPENSSH_PRIVATE_LABEL:
      return decodeOpenSSHPrivate(block.body, passphrase).map((k) => new SSHKey(k.key, k.comment, true));
    case 'PRIVATE KEY':
      return [new SSHKey(decodePkcs8Private(block.body), undefined, true)];
    case 'ENCRYPTED PRIVATE KEY': {
      const inner = decryptPkcs8(block.body, pass);
      return [
        new SSHKey(
          decryptedDer(() => decodePkcs8Private(inner)),
          undefined,
          true,
        ),
      ];
    }
    case 'RSA PRIVATE KEY':
    case 'DSA PRIVATE KEY':
    case 'EC PRIVATE KEY': {
      const decode =
        block.label === 'RSA PRIVATE KEY'
          ? decodePkcs1Private
          : block.label === 'DSA PRIVATE KEY'
            ? decodeDsaPrivate
            : (d: Uint8Array) => decodeSec1Private(d);
      if (isLegacyEncrypted(block.headers)) {
        const der = decryptLegacyPem(block.headers, block.body, pass);
        return [
          new SSHKey(
            decryptedDer(() => decode(der)),
            undefined,
            true,
          ),
        ];
      }
      return [new SSHKey(decode(block.body), undefined, true)];
    }
    default:
      if (/PRIVATE KEY$/.test(block.label)) {
        throw new KeyImportError('unsupported-algorithm', `unsupported private key type ${block.label}`);
      }
      throw new KeyImportError('unrecognized-format', `PEM block ${block.label} is not a private key`);
  }
}

/**
 * Imports every private key in `data` (an OpenSSH container may hold several).
 * @throws KeyImportError, KeyEncryptionError
 */
export function importPrivateKeys(data: string | Uint8Array, passphrase?: Passphrase): SSHKey[] {
  checkSize(data);
  return withImportErrors(() => {
    const pass = passphraseBytes(passphrase);
    const text = asText(data);
    if (text === undefined) {
      const bytes = data as Uint8Array;
      if (isOpenSSHContainer(bytes)) {
        return decodeOpenSSHPrivate(bytes, passphrase).map((k) => new SSHKey(k.key, k.comment, true));
      }
      return [new SSHKey(decodePrivateDer(bytes, pass), undefined, true)];
    }
    if (isPpk(text)) {
      const { key, comment } = decodePpk(text, passphrase);
      return [new SSHKey(key, comment, true)];
    }
    if (!looksLikePem(text)) throw new KeyImportError('unrecognized-format', 'no private key found');
    const blocks = parsePem(text).filter((b) => PRIVATE_LABELS.has(b.label) || /PRIVATE KEY$/.test(b.label));
    if (blocks.length === 0) throw new KeyImportError('unrecognized-format', 'no private key PEM block');
    return blocks.flatMap((b) => decodePrivatePem(b, pass, passphrase));
  });
}

/**
 * Imports a private key in any supported format (auto-detected).
 * @param data - file contents, text or bytes
 * @param passphrase - for encrypted keys
 * @returns the key
 * @throws KeyImportError (`reason`: unrecognized-format, truncated, corrupted,
 *   unsupported-algorithm, invalid-key, wrong-count), KeyEncryptionError
 *   (`reason`: passphrase-required, wrong-passphrase, unsupported-cipher, unsupported-kdf,
 *   invalid-kdf-parameters)
 * @example
 * ```ts
 * import { importPrivateKey } from '@sshkit/ssh-keys';
 * const key = importPrivateKey(pemText, 'passphrase');
 * key.getFingerprint();
 * ```
 */
export function importPrivateKey(data: string | Uint8Array, passphrase?: Passphrase): SSHKey {
  const keys = importPrivateKeys(data, passphrase);
  if (keys.length !== 1)
    throw new KeyImportError('wrong-count', `expected one private key, found ${keys.length}`);
  return keys[0] as SSHKey;
}

function publicFromBlob(blob: Uint8Array, comment: string | undefined): SSHKey {
  return new SSHKey(decodePublicKeyBlob(blob), comment, false);
}

/** Certificate key type names (`…-cert-v01@openssh.com`, `…-cert-v00@openssh.com`). */
export const CERT_TYPE_RE = /-cert-v0[01]@openssh\.com$/;

/** One armored block or one line of a concatenated key file. */
export interface KeyTextPart {
  readonly kind: 'rfc4716' | 'pem' | 'line';
  readonly text: string;
}

const RFC4716_BEGIN = '---- BEGIN SSH2 PUBLIC KEY ----';
const RFC4716_END = '---- END SSH2 PUBLIC KEY ----';

/**
 * Splits text holding several keys or certificates, in any mix of RFC 4716
 * blocks, PEM blocks and one-line keys (as `cat a.pub b.pub > list` makes),
 * into its parts in order. Blank lines and `#` comments are dropped.
 * @throws KeyImportError('truncated') for a block without its END line
 */
export function splitKeyText(text: string): KeyTextPart[] {
  const lines = text.split(/\r?\n/);
  const parts: KeyTextPart[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    const block =
      line === RFC4716_BEGIN
        ? { kind: 'rfc4716' as const, end: (l: string) => l === RFC4716_END }
        : /^-----BEGIN [A-Z0-9 ]{1,64}-----$/.test(line)
          ? { kind: 'pem' as const, end: (l: string) => l.startsWith('-----END ') }
          : undefined;
    if (!block) {
      parts.push({ kind: 'line', text: line });
      continue;
    }
    const start = i;
    while (i < lines.length && !block.end((lines[i] as string).trim())) i++;
    if (i >= lines.length) throw new KeyImportError('truncated', `no END line for ${line}`);
    parts.push({ kind: block.kind, text: lines.slice(start, i + 1).join('\n') });
  }
  return parts;
}

function publicFromPem(text: string): SSHKey[] {
  const keys: SSHKey[] = [];
  for (const b of parsePem(text)) {
    if (b.label === 'PUBLIC KEY') keys.push(new SSHKey(decodeSpki(b.body), undefined, false));
    else if (b.label === 'RSA PUBLIC KEY') keys.push(new SSHKey(decodePkcs1Public(b.body), undefined, false));
    else throw new KeyImportError('unrecognized-format', `PEM block ${b.label} is not a public key`);
  }
  return keys;
}

function publicFromText(text: string): SSHKey[] {
  const keys: SSHKey[] = [];
  for (const part of splitKeyText(text)) {
    if (part.kind === 'rfc4716') {
      for (const k of parseRfc4716(part.text)) {
        if (CERT_TYPE_RE.test(blobType(k.blob))) throw certificateNotKey();
        keys.push(publicFromBlob(k.blob, k.comment));
      }
    } else if (part.kind === 'pem') {
      keys.push(...publicFromPem(part.text));
    } else {
      const parsed = parsePublicKeyLine(part.text);
      if (CERT_TYPE_RE.test(parsed.type)) throw certificateNotKey();
      keys.push(publicFromBlob(parsed.blob, parsed.comment));
    }
  }
  return keys;
}

function certificateNotKey(): KeyImportError {
  return new KeyImportError(
    'unsupported-algorithm',
    'a certificate is not a public key: use importCertificate',
  );
}

/** The type name a key or certificate blob starts with. */
export function blobType(blob: Uint8Array): string {
  return new WireReader(blob).utf8();
}

/**
 * Imports every public key in `data`: a file of one-line keys, or several
 * files concatenated in any mix of the text formats (OpenSSH, RFC 4716, PEM).
 * @throws KeyImportError
 */
export function importPublicKeys(data: string | Uint8Array): SSHKey[] {
  checkSize(data);
  return withImportErrors(() => {
    const text = asText(data);
    if (text !== undefined) return publicFromText(text);
    const bytes = data as Uint8Array;
    if (bytes[0] === DER_TAG.SEQUENCE) {
      const s = new DerReader(bytes).sequence();
      return [
        new SSHKey(
          s.peekTag() === DER_TAG.SEQUENCE ? decodeSpki(bytes) : decodePkcs1Public(bytes),
          undefined,
          false,
        ),
      ];
    }
    return [publicFromBlob(bytes, undefined)];
  });
}

/**
 * Imports a public key in any supported format (auto-detected): OpenSSH
 * one-line, RFC 4716, SubjectPublicKeyInfo PEM/DER, PKCS#1 RSA PEM/DER, or a raw SSH blob.
 * @param data - text or bytes
 * @returns the key
 * @throws KeyImportError
 * @example
 * ```ts
 * import { importPublicKey } from '@sshkit/ssh-keys';
 * const key = importPublicKey('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI... me@host');
 * key.comment; // 'me@host'
 * ```
 */
export function importPublicKey(data: string | Uint8Array): SSHKey {
  const keys = importPublicKeys(data);
  if (keys.length !== 1)
    throw new KeyImportError('wrong-count', `expected one public key, found ${keys.length}`);
  return keys[0] as SSHKey;
}
