/**
 * OpenSSH certificates, v01 (OpenSSH PROTOCOL.certkeys) and the legacy v00
 * layout (OpenSSH 5.4 to 6.9, RSA and DSA keys only; `key.c` `cert_parse` and
 * `key_certify` of OpenSSH 5.6):
 *
 *     string    "ssh-rsa-cert-v00@openssh.com" (or ssh-dss-)
 *     ...       the public key fields of the certified key
 *     uint32    type
 *     string    key id
 *     string    valid principals
 *     uint64    valid after
 *     uint64    valid before
 *     string    constraints     (critical options and permit-* extensions in one field)
 *     string    nonce           ("-v00 certs put the nonce at the end")
 *     string    reserved
 *     string    signature key
 *     string    signature
 *
 * v00 has no serial and no separate extensions field. The v01 layout:
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
import { CertificateError, KeyExportError, KeyImportError } from './errors.js';
import { type FingerprintHash, fingerprintBlob } from './fingerprint.js';
import { parsePublicKeyLine } from './formats/openssh.js';
import { parseRfc4716 } from './formats/rfc4716.js';
import { asText, blobType, CERT_TYPE_RE, importPublicKey, splitKeyText, withImportErrors } from './import.js';
import { SSHKey } from './key.js';
import { matchAddressList } from './patterns.js';
import { skFlagsAllow } from './sk-flags.js';

const CERT_SUFFIX = '-cert-v01@openssh.com';
const CERT_SUFFIX_V00 = '-cert-v00@openssh.com';
/** Key types that have a v00 certificate type. */
const V00_KEY_TYPES: readonly string[] = ['ssh-rsa', 'ssh-dss'];
/** The option names v00 certificates carry that v01 moved to the extensions. */
const V00_EXTENSIONS: readonly string[] = Object.freeze([
  'permit-X11-forwarding',
  'permit-agent-forwarding',
  'permit-port-forwarding',
  'permit-pty',
  'permit-user-rc',
]);
/** `valid before` meaning "forever". */
export const CERT_FOREVER = 0xffff_ffff_ffff_ffffn;
/** Critical options this implementation understands (others make `validate` fail, as in sshd). */
export const KNOWN_CRITICAL_OPTIONS: readonly string[] = Object.freeze([
  'force-command',
  'source-address',
  'verify-required',
]);
/** Extensions `ssh-keygen -s` adds to user certificates by default. */
export const DEFAULT_USER_EXTENSIONS: readonly string[] = V00_EXTENSIONS;

/**
 * The key type a certificate type certifies: the name before the suffix, with
 * `@openssh.com` put back for the security-key types
 * (`sk-ssh-ed25519-cert-v01@openssh.com` certifies `sk-ssh-ed25519@openssh.com`).
 */
function certifiedKeyType(certType: string): string {
  const base = certType.slice(0, -CERT_SUFFIX.length);
  return base.startsWith('sk-') ? `${base}@openssh.com` : base;
}

/** Certificate type as a name. */
export type CertType = 'user' | 'host';

function certTypeCode(t: CertType | number): number {
  return t === 'user' ? CERT_TYPE_USER : t === 'host' ? CERT_TYPE_HOST : t;
}

function readOptions(body: Uint8Array, what: string, ordered = true): Record<string, string> {
  const r = new WireReader(body);
  const out: Record<string, string> = Object.create(null);
  let previous = '';
  while (r.remaining > 0) {
    const name = r.utf8();
    const data = r.string();
    if (Object.hasOwn(out, name) || (ordered && name <= previous && previous !== '')) {
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
  /**
   * The flags byte of the security-key signature made with the certified key
   * (`sk-*` keys only). When given, validation requires user presence (0x01)
   * unless the certificate has the `no-touch-required` extension, and user
   * verification (0x04) when it has the `verify-required` critical option, as
   * sshd does after checking the signature. Without it those two checks are
   * the caller's (certificates of other key types carry no flags, and sshd
   * ignores `verify-required` for them).
   */
  skFlags?: number;
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
  /** `v01`, or `v00` for the legacy RSA/DSA layout (no serial, options and extensions in one field). */
  readonly version: 'v00' | 'v01';
  /** Comment from the text form. */
  comment: string | undefined;
  /** The certified public key. */
  readonly key: SSHKey;
  readonly nonce: Uint8Array;
  /** Serial number (always 0 for v00 certificates, which have none). */
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
    const v00 = algorithm.endsWith(CERT_SUFFIX_V00);
    if (!v00 && !algorithm.endsWith(CERT_SUFFIX))
      throw new KeyImportError('unsupported-algorithm', `${algorithm} is not a certificate type`);
    const keyType = certifiedKeyType(algorithm);
    if (v00 && !V00_KEY_TYPES.includes(keyType))
      throw new KeyImportError('unsupported-algorithm', `${algorithm} is not a v00 certificate type`);
    this.algorithm = algorithm;
    this.version = v00 ? 'v00' : 'v01';
    this.comment = comment === '' ? undefined : comment;
    let nonce = v00 ? new Uint8Array(0) : r.string().slice();
    this.key = new SSHKey(readPublicKeyFields(r, keyType), undefined, false);
    if (this.key.algorithm !== keyType)
      throw new KeyImportError('corrupted', 'certificate key type mismatch');
    this.serial = v00 ? 0n : r.u64();
    this.type = r.u32();
    this.keyId = r.utf8();
    const principals: string[] = [];
    r.readPrefixed((pr) => {
      while (pr.remaining > 0) principals.push(pr.utf8());
    });
    this.principals = Object.freeze(principals);
    this.validAfter = r.u64();
    this.validBefore = r.u64();
    if (v00) {
      // One "constraints" field; v01 moved the permit-* flags to the extensions.
      const all = readOptions(r.string(), 'constraints', false);
      const critical: Record<string, string> = Object.create(null);
      const extensions: Record<string, string> = Object.create(null);
      for (const [name, value] of Object.entries(all)) {
        (V00_EXTENSIONS.includes(name) ? extensions : critical)[name] = value;
      }
      this.criticalOptions = Object.freeze(critical);
      this.extensions = Object.freeze(extensions);
      nonce = r.string().slice();
    } else {
      this.criticalOptions = Object.freeze(readOptions(r.string(), 'critical options'));
      this.extensions = Object.freeze(readOptions(r.string(), 'extensions'));
    }
    this.nonce = nonce;
    r.string(); // reserved
    const caBlob = r.string();
    this.#caIsCertificate = CERT_TYPE_RE.test(blobType(caBlob));
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
   *   not-yet-valid, expired, principal-mismatch, unknown-critical-option, source-address,
   *   user-presence-required, user-verification-required (the last two only with `skFlags`)
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
    const { skFlags } = options;
    if (!skFlagsAllow(this.key.algorithm, skFlags, !('no-touch-required' in this.extensions), false)) {
      throw new CertificateError(
        'user-presence-required',
        'the security key signature shows no user presence',
      );
    }
    const verify = 'verify-required' in this.criticalOptions;
    if (!skFlagsAllow(this.key.algorithm, skFlags, false, verify)) {
      throw new CertificateError('user-verification-required', 'verify-required: the user was not verified');
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
    if (!CERT_TYPE_RE.test(parsed.type)) throw new KeyImportError('unrecognized-format', 'not a certificate');
    return new SSHCertificate(parsed.blob, parsed.comment);
  });
}

/**
 * Imports every certificate in `data`: one per line (a `*-cert.pub` file, or
 * several concatenated), RFC 4716 blocks holding certificates, or one binary blob.
 * @throws KeyImportError
 * @example
 * ```ts
 * import { importCertificates } from '@sshkit/ssh-keys';
 * const certs = importCertificates(`${certA.export()}${certB.export()}`);
 * ```
 */
export function importCertificates(data: string | Uint8Array): SSHCertificate[] {
  if (typeof data !== 'string' && !(data instanceof Uint8Array))
    throw new TypeError('certificates must be text or bytes');
  return withImportErrors(() => {
    const text = asText(data);
    if (text === undefined) return [new SSHCertificate(data as Uint8Array)];
    const certs: SSHCertificate[] = [];
    for (const part of splitKeyText(text)) {
      if (part.kind === 'rfc4716') {
        for (const k of parseRfc4716(part.text)) certs.push(new SSHCertificate(k.blob, k.comment));
      } else if (part.kind === 'line') {
        const parsed = parsePublicKeyLine(part.text);
        if (!CERT_TYPE_RE.test(parsed.type))
          throw new KeyImportError('unrecognized-format', 'not a certificate');
        certs.push(new SSHCertificate(parsed.blob, parsed.comment));
      } else {
        throw new KeyImportError('unrecognized-format', 'a PEM block is not a certificate');
      }
    }
    return certs;
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
  /** Signature algorithm of the CA (e.g. `rsa-sha2-256`); the CA key's default otherwise (`ssh-rsa` for v00). */
  signatureAlgorithm?: string;
  /**
   * Certificate layout. `v00` (OpenSSH 5.4-6.9) exists only for RSA and DSA
   * keys, has no serial, and writes critical options and extensions into one field.
   * @default 'v01'
   */
  version?: 'v00' | 'v01';
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
  const v00 = options.version === 'v00';
  const keyType = keyTypeOf(key.publicData);
  if (v00 && !V00_KEY_TYPES.includes(keyType)) {
    throw new KeyExportError('unsupported-format', `${keyType} keys have no v00 certificate type`);
  }
  if (v00 && options.serial !== undefined && options.serial !== 0n) {
    throw new KeyExportError('invalid-option', 'v00 certificates have no serial');
  }
  const type = `${keyType.replace(/@openssh\.com$/, '')}${v00 ? CERT_SUFFIX_V00 : CERT_SUFFIX}`;
  const principals = new WireWriter();
  for (const p of options.principals ?? []) principals.string(p);
  const extensions =
    options.extensions ??
    (certType === 'user' ? Object.fromEntries(DEFAULT_USER_EXTENSIONS.map((e) => [e, ''])) : {});
  const nonce = random(32);
  const w = new WireWriter().string(type);
  if (!v00) w.string(nonce);
  writePublicKeyFields(w, key.publicData);
  if (!v00) w.u64(options.serial ?? 0n);
  w.u32(certTypeCode(certType))
    .string(keyId)
    .string(principals.finish())
    .u64(seconds(options.validAfter, 0n))
    .u64(seconds(options.validBefore, CERT_FOREVER));
  if (v00) {
    w.string(writeOptions({ ...(options.criticalOptions ?? {}), ...extensions })).string(nonce);
  } else {
    w.string(writeOptions(options.criticalOptions ?? {})).string(writeOptions(extensions));
  }
  w.string(new Uint8Array(0)).string(caKey.publicBlob);
  const signed = w.finish();
  const sigAlg = options.signatureAlgorithm ?? (v00 && caKey.algorithm === 'ssh-rsa' ? 'ssh-rsa' : undefined);
  const signature = caKey.sign(signed, sigAlg);
  const blob = new WireWriter(signed.length + signature.length + 4).raw(signed).string(signature).finish();
  return new SSHCertificate(blob, options.comment ?? key.comment);
}
