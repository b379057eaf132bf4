/**
 * What the transport needs of a server host key; an `SSHKey` from
 * `@sshkit/ssh-keys` fits as it is.
 */
export interface HostKey {
  /** K_S: the public key blob sent in the key exchange reply. */
  readonly publicBlob: Uint8Array;
  /** Signature algorithms this key can make, best first (`rsa-sha2-512`, ...). */
  readonly signatureAlgorithms: readonly string[];
  /** Signs the exchange hash; returns `string algorithm || string blob`. */
  sign(data: Uint8Array, signatureAlgorithm?: string): Uint8Array;
}

/**
 * The client's decision about the server's host key, after the key exchange
 * proved the server holds its private half: true to trust it.
 */
export type HostKeyVerifier = (hostKeyBlob: Uint8Array, algorithm: string) => boolean | Promise<boolean>;
