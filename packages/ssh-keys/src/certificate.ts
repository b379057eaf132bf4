/**
 * OpenSSH certificates, v01 (OpenSSH PROTOCOL.certkeys):
 *
 *     string    "ssh-ed25519-cert-v01@openssh.com" (or ssh-rsa-, ecdsa-sha2-nistpN-)
 *     string    nonce
 *     ...       the public key fields of the certified key
 *     uint64    serial
 *     uint32    type            (SSH2_CERT_TYPE_USER 1 / SSH2_CERT_TYPE_HOST 2)
 *     string    key id
 *     string    valid principals
 *     uint64    valid after
 *     uint64    valid before
 *     string    critical options
 *     string    extensions
 *     string    reserved
 *     string    signature key
 *     string    signature
 *
 * "The signature is computed over all preceding fields from the initial string
 * up to, and including the signature key." Options "must be lexically ordered
 * by name"; a flag's data is empty, a value's data is itself a `string`.
 * "As a special case, a zero-length "valid principals" field means the
 * certificate is valid for any principal of the specified type."
 */
import { CERT_TYPE_HOST, CERT_TYPE_USER } from '@sshkit/ssh-codes';
import { encodeBase64, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { keyTypeOf } from './algorithms/registry.js';
import { defaultRandom, type RandomSource, readPublicKeyFields, writePublicKeyFields } from './crypto.js';
import { CertificateError, KeyImportError } from './errors.js';
import { type FingerprintHash, fingerprintBlob } from './fingerprint.js';
import { parsePublicKeyLine } from './formats/openssh.js';
import { asText, importPublicKey, withImportErrors } from './import.js';
import { SSHKey } from './key.js';
import { matchAddressList } from './patterns.js';

const CERT_SUFFIX = '-cert-v01@openssh.com';
/** `valid before` meaning "forever". */
export const CERT_FOREVER = 0xffff_ffff_ffff_ffffn;
/** Critical options this implementation understands (others make `validate` fail, as in sshd). */
export const KNOWN_CRITICAL_OPTIONS: readonly string[] = Object.freeze([
  'force-command',
  'source-address',
  'verify-required',
]);
/** Extensions `ssh-keygen -s` adds to user certificates by default. */
export const DEFAULT_USER_EXTENSIONS: readonly string[] = Object.freeze([
  'permit-X11-forwarding',
  'permit-agent-forwarding',
  'permit-port-forwarding',
  'permit-pty',
  'permit-user-rc',
]);

/** Certificate type as a name. */
export type CertType = 'user' | 'host';

function certTypeCode(t: CertType | number): number {
  return t === 'user' ? CERT_TYPE_USER : t === 'host' ? CERT_TYPE_HOST : t;
}

function readOptions(body: Uint8Array, what: string): Record<string, string> {
  const r = new WireReader(body);
  const out: Record<string, string> = Object.create(null);
  let previous = '';
  while (r.remaining > 0) {
    const name = r.utf8();
    const data = r.string();
    if (name <= previous && previous !== '') {
      throw new KeyImportError(
        'corrupted',
        `${what} are not in lexical order or repeat ${JSON.stringify(name)}`,
      );
    }
    previous = name;
    let value = '';
    if (data.length > 0) {
      const dr = new WireReader(data);
      value = dr.utf8();
      dr.expectEnd();
    }
    out[name] = value;
  }
  return out;
}

function writeOptions(options: Readonly<Record<string, string>>): Uint8Array {
  const w = new WireWriter();
  for (const name of Object.keys(options).sort()) {
    const value = options[name] as string;
    w.string(name);
    if (value === '') w.string(new Uint8Array(0));
    else w.string(new WireWriter().string(value).finish());
  }
  return w.finish();
}

/** Options of {@link SSHCertificate.validate}. */
export interface CertificateValidateOptions {
  /**
   * The time to check the validity window against (CONVENTIONS rule 7).
   * @default new Date()
   */
  now?: Date;
  /** The client address, checked against a `source-address` critical option. */
  sourceAddress?: string;
}

/**
 * A parsed OpenSSH certificate.
 *
 * @example
 * ```ts
 * import { importCertificate } from '@sshkit/ssh-keys';
 * const cert = importCertificate(certLine);
 * cert.validate('user', 'alice'); // throws CertificateError with a `reason` when invalid
 * ```
 */
export class SSHCertificate {
  /** Certificate type name (`ssh-ed25519-cert-v01@openssh.com`). */
  readonly algorithm: string;
  /** Comment from the text form. */
  comment: string | undefined;
  /** The certified public key. */
  readonly key: SSHKey;
  readonly nonce: Uint8Array;
  readonly serial: bigint;
  /** 1 (user) or 2 (host). */
  readonly type: number;
  readonly keyId: string;
  /** Empty means any principal. */
  readonly principals: readonly string[];
  /** Seconds since the epoch. */
  readonly validAfter: bigint;
  /** Seconds since the epoch; {@link CERT_FOREVER} for no limit. */
  readonly validBefore: bigint;
  /** Critical options by name ('' for flags). */
  readonly criticalOptions: Readonly<Record<string, string>>;
  /** Extensions by name ('' for flags). */
  readonly extensions: Readonly<Record<string, string>>;
  /** The CA key that signed it. */
  readonly signatureKey: SSHKey;
  /** The CA's signature (`string alg || string blob`). */
  readonly signature: Uint8Array;
  /** The whole certificate blob. */
  readonly blob: Uint8Array;
  readonly #signed: Uint8Array;
  readonly #caIsCertificate: boolean;

  /** Parses a certificate blob; prefer {@link importCertificate}. */
  constructor(blob: Uint8Array, comment?: string) {
    const r = new WireReader(blob);
    const algorithm = r.utf8();
    if (!algorithm.endsWith(CERT_SUFFIX))
      throw new KeyImportError('unsupported-algorithm', `${algorithm} is not a v01 certificate`);
    const keyType = algorithm.slice(0, -CERT_SUFFIX.length);
    this.algorithm = algorithm;
    this.comment = comment === '' ? undefined : comment;
    this.nonce = r.string().slice();
    this.key = new SSHKey(readPublicKeyFields(r, keyType), undefined, false);
    if (this.key.algorithm !== keyType)
      throw new KeyImportError('corrupted', 'certificate key type mismatch');
    this.serial = r.u64();
    this.type = r.u32();
    this.keyId = r.utf8();
    const principals: string[] = [];
    r.readPrefixed((pr) => {
      while (pr.remaining > 0) principals.push(pr.utf8());
    });
    this.principals = Object.freeze(principals);
    this.validAfter = r.u64();
    this.validBefore = r.u64();
    this.criticalOptions = Object.freeze(readOptions(r.string(), 'critical options'));
    this.extensions = Object.freeze(readOptions(r.string(), 'extensions'));
    r.string(); // reserved
    const caBlob = r.string();
    const caType = new WireReader(caBlob).utf8();
    this.#caIsCertificate = caType.endsWith(CERT_SUFFIX);
    // A CA that is itself a certificate is parsed so validate() can name the problem.
    this.signatureKey = this.#caIsCertificate ? new SSHCertificate(caBlob).key : importPublicKey(caBlob);
    this.#signed = blob.slice(0, r.offset);
    this.signature = r.string().slice();
    r.expectEnd();
    this.blob = blob.slice();
  }

  /** 'user', 'host', or the raw number for another value. */
  get certType(): CertType | number {
    return this.type === CERT_TYPE_USER ? 'user' : this.type === CERT_TYPE_HOST ? 'host' : this.type;
  }

  /** True when the CA signature over the certificate verifies. */
  verifySignature(): boolean {
    return !this.#caIsCertificate && this.signatureKey.verify(this.#signed, this.signature);
  }

  /**
   * Checks the certificate as sshd/ssh do: signature, type, validity window,
   * principal and critical options.
   * @param certType - 'user' or 'host' (or 1/2)
   * @param principal - the user name or host name being authenticated
   * @param options - `now`, `sourceAddress`
   * @throws CertificateError with `reason`: ca-is-certificate, bad-signature, wrong-type,
   *   not-yet-valid, expired, principal-mismatch, unknown-critical-option, source-address
   */
  validate(certType: CertType | number, principal: string, options: CertificateValidateOptions = {}): void {
    if (this.#caIsCertificate)
      throw new CertificateError('ca-is-certificate', 'the signing key is itself a certificate');
    if (!this.verifySignature()) throw new CertificateError('bad-signature', 'CA signature does not verify');
    if (this.type !== certTypeCode(certType))
      throw new CertificateError('wrong-type', `not a ${certType} certificate`);
    const now = BigInt(Math.floor((options.now ?? new Date()).getTime() / 1000));
    if (now < this.validAfter) throw new CertificateError('not-yet-valid', 'certificate is not yet valid');
    if (now >= this.validBefore) throw new CertificateError('expired', 'certificate has expired');
    if (this.principals.length > 0 && !this.principals.includes(principal)) {
      throw new CertificateError(
        'principal-mismatch',
        `${JSON.stringify(principal)} is not a listed principal`,
      );
    }
    for (const name of Object.keys(this.criticalOptions)) {
      if (!KNOWN_CRITICAL_OPTIONS.includes(name)) {
        throw new CertificateError(
          'unknown-critical-option',
          `unknown critical option ${JSON.stringify(name)}`,
        );
      }
    }
    const source = this.criticalOptions['source-address'];
    if (source !== undefined) {
      const result = options.sourceAddress ? matchAddressList(options.sourceAddress, source) : undefined;
      if (result !== 'match')
        throw new CertificateError('source-address', 'client address not allowed by source-address');
    }
  }

  /** Fingerprint of the certified key (what `ssh-keygen -l` prints for a certificate). */
  getFingerprint(hashName: FingerprintHash = 'sha256'): string {
    return this.key.getFingerprint(hashName);
  }

  /** Fingerprint of the signing CA key. */
  getCaFingerprint(hashName: FingerprintHash = 'sha256'): string {
    return fingerprintBlob(this.signatureKey.publicBlob, hashName);
  }

  /** The one-line OpenSSH form `type base64 [comment]`. */
  export(): string {
    return `${this.algorithm} ${encodeBase64(this.blob)}${this.comment ? ` ${this.comment}` : ''}\n`;
  }
}

/**
 * Imports a certificate from its one-line text form or its blob.
 * @throws KeyImportError
 * @example
 * ```ts
 * import { importCertificate } from '@sshkit/ssh-keys';
 * const cert = importCertificate('ssh-ed25519-cert-v01@openssh.com AAAA... alice');
 * cert.principals; // ['alice']
 * ```
 */
export function importCertificate(data: string | Uint8Array): SSHCertificate {
  if (typeof data !== 'string' && !(data instanceof Uint8Array))
    throw new TypeError('certificate must be text or bytes');
  return withImportErrors(() => {
    const text = asText(data);
    if (text === undefined) return new SSHCertificate(data as Uint8Array);
    const line = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    if (line === undefined) throw new KeyImportError('unrecognized-format', 'no certificate found');
    const parsed = parsePublicKeyLine(line);
    if (!parsed.type.endsWith(CERT_SUFFIX))
      throw new KeyImportError('unrecognized-format', 'not a certificate');
    return new SSHCertificate(parsed.blob, parsed.comment);
  });
}

/** Options of certificate issuing. */
export interface CertificateOptions {
  /** Principals (user or host names); empty = any. */
  principals?: readonly string[];
  /** @default 0n */
  serial?: bigint;
  /**
   * Start of validity.
   * @default 0 (always)
   */
  validAfter?: Date | bigint;
  /**
   * End of validity.
   * @default forever
   */
  validBefore?: Date | bigint;
  /** Critical options by name ('' for flags), e.g. `{ 'force-command': '/bin/true' }`. */
  criticalOptions?: Readonly<Record<string, string>>;
  /**
   * Extensions by name ('' for flags).
   * @default the five `permit-*` of `ssh-keygen` for user certificates, none for host certificates
   */
  extensions?: Readonly<Record<string, string>>;
  /** Signature algorithm of the CA (e.g. `rsa-sha2-256`); the CA key's default otherwise. */
  signatureAlgorithm?: string;
  /** Comment of the text form. */
  comment?: string;
  /**
   * Randomness for the nonce (CONVENTIONS rule 7).
   * @default the platform CSPRNG
   */
  random?: RandomSource;
}

function seconds(v: Date | bigint | undefined, fallback: bigint): bigint {
  if (v === undefined) return fallback;
  return typeof v === 'bigint' ? v : BigInt(Math.floor(v.getTime() / 1000));
}

/**
 * Issues a certificate for `key`, signed by `caKey`.
 * @throws KeySignError if `caKey` is not private
 */
export function issueCertificate(
  caKey: SSHKey,
  key: SSHKey,
  certType: CertType,
  keyId: string,
  options: CertificateOptions = {},
): SSHCertificate {
  const random = options.random ?? defaultRandom;
  const type = `${keyTypeOf(key.publicData)}${CERT_SUFFIX}`;
  const principals = new WireWriter();
  for (const p of options.principals ?? []) principals.string(p);
  const extensions =
    options.extensions ??
    (certType === 'user' ? Object.fromEntries(DEFAULT_USER_EXTENSIONS.map((e) => [e, ''])) : {});
  const w = new WireWriter().string(type).string(random(32));
  writePublicKeyFields(w, key.publicData);
  w.u64(options.serial ?? 0n)
    .u32(certTypeCode(certType))
    .string(keyId)
    .string(principals.finish())
    .u64(seconds(options.validAfter, 0n))
    .u64(seconds(options.validBefore, CERT_FOREVER))
    .string(writeOptions(options.criticalOptions ?? {}))
    .string(writeOptions(extensions))
    .string(new Uint8Array(0))
    .string(caKey.publicBlob);
  const signed = w.finish();
  const signature = caKey.sign(signed, options.signatureAlgorithm);
  const blob = new WireWriter(signed.length + signature.length + 4).raw(signed).string(signature).finish();
  return new SSHCertificate(blob, options.comment ?? key.comment);
}
