/**
 * A key held by an ssh-agent, as `SSHAgentClient.getKeys()` lists it: an
 * {@link AuthSigningKey} whose `sign` asks the agent (AsyncSSH `SSHAgentKeyPair`).
 */
import { SSH_AGENT_RSA_SHA2_256, SSH_AGENT_RSA_SHA2_512 } from '@sshkit/ssh-codes';
import {
  importCertificate,
  importPublicKey,
  KeySignError,
  type SSHCertificate,
  type SSHKey,
} from '@sshkit/ssh-keys';
import { SSHError, WireReader } from '@sshkit/ssh-wire';
import type { AuthSigningKey } from '../client/handler.js';
import { isCertificateAlgorithm, signatureAlgorithmOf } from '../signature-data.js';
import type { SSHAgentClient } from './client.js';

/** RSA signature algorithms, strongest first, as `SSHKey.signatureAlgorithms` lists them. */
const RSA_SIGNATURE_ALGS = ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] as const;

/** The SIGN_REQUEST flags that ask for a signature algorithm (only RSA has a choice). */
function signFlags(signatureAlgorithm: string): number {
  if (signatureAlgorithm === 'rsa-sha2-256') return SSH_AGENT_RSA_SHA2_256;
  if (signatureAlgorithm === 'rsa-sha2-512') return SSH_AGENT_RSA_SHA2_512;
  return 0;
}

/** Runs an import, giving undefined for a blob ssh-keys cannot read (an unknown key type...). */
function parsedOrUndefined<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (SSHError.isInstance(e)) return undefined;
    throw e;
  }
}

/**
 * One identity of an ssh-agent. It fits wherever an `AuthSigningKey` (or a
 * `ClientKey`) is taken: the auth client signs through the agent, and RSA keys
 * get `rsa-sha2-512` / `rsa-sha2-256` as file keys do. An identity holding a
 * certificate has the certificate's algorithm and blob, and is used as one.
 *
 * @example
 * ```ts
 * const [key] = await agent.getKeys();
 * key.algorithm; // 'ssh-ed25519', or 'ssh-ed25519-cert-v01@openssh.com' for a certificate
 * const signature = await key.sign(data);
 * key.publicKey?.verify(data, signature); // true
 * ```
 */
export class SSHAgentKeyPair implements AuthSigningKey {
  /** The key type of the blob: `ssh-ed25519`, `ssh-rsa`, `ssh-ed25519-cert-v01@openssh.com`... */
  readonly algorithm: string;
  /** The comment the agent holds for the key (its file name, for keys added by ssh-add). */
  readonly comment: string;
  /** Signature algorithms the key can be asked for, preferred first (three for RSA). */
  readonly signatureAlgorithms: readonly string[];
  /** The certificate, when the identity is one that ssh-keys can read. */
  readonly certificate: SSHCertificate | undefined;
  /**
   * The public key (the certified key for a certificate), when ssh-keys knows
   * its type: verifies the agent's signatures.
   */
  readonly publicKey: SSHKey | undefined;
  readonly #agent: SSHAgentClient;
  readonly #blob: Uint8Array;

  /**
   * Made by `SSHAgentClient.getKeys()`.
   * @param agent - the client that listed the key
   * @param blob - the key or certificate blob, as the agent sent it
   * @param comment - the agent's comment
   * @throws WireError when the blob does not start with its type name
   */
  constructor(agent: SSHAgentClient, blob: Uint8Array, comment: string) {
    this.#agent = agent;
    this.#blob = blob.slice();
    this.algorithm = new WireReader(this.#blob).utf8();
    this.comment = comment;
    const base = signatureAlgorithmOf(this.algorithm);
    this.signatureAlgorithms = Object.freeze(base === 'ssh-rsa' ? [...RSA_SIGNATURE_ALGS] : [base]);
    if (isCertificateAlgorithm(this.algorithm)) {
      this.certificate = parsedOrUndefined(() => importCertificate(this.#blob));
      this.publicKey = this.certificate?.key;
    } else {
      this.certificate = undefined;
      this.publicKey = parsedOrUndefined(() => importPublicKey(this.#blob));
    }
  }

  /** The key or certificate blob (a copy). */
  get publicBlob(): Uint8Array {
    return this.#blob.slice();
  }

  /**
   * Has the agent sign `data` (SIGN_REQUEST).
   * @param data - the bytes to sign
   * @param signatureAlgorithm - e.g. `rsa-sha2-256` (a `-cert-v01@openssh.com`
   *   form is taken too); defaults to the first of {@link signatureAlgorithms}
   * @returns the signature as the agent sent it: `string algorithm || string blob`
   * @throws KeySignError('unsupported-signature-algorithm') for an algorithm the key cannot produce;
   *   AgentError when the agent refuses or the connection fails
   */
  async sign(data: Uint8Array, signatureAlgorithm?: string): Promise<Uint8Array> {
    const wanted =
      signatureAlgorithm === undefined
        ? (this.signatureAlgorithms[0] as string)
        : signatureAlgorithmOf(signatureAlgorithm);
    if (!this.signatureAlgorithms.includes(wanted)) {
      throw new KeySignError(
        'unsupported-signature-algorithm',
        `${this.algorithm} keys cannot sign with ${signatureAlgorithm}`,
      );
    }
    return this.#agent.sign(this.#blob, data, signFlags(wanted));
  }

  /** Removes this key from the agent (REMOVE_IDENTITY). */
  remove(): Promise<void> {
    return this.#agent.removeKeys([this]);
  }
}
