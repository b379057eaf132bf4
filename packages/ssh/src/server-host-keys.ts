import {
  decodeStringList,
  encodeStringList,
  GLOBAL_REQUEST,
  type GlobalRequest,
  type GlobalRequestReply,
  type MaybePromise,
  type ServerConnectionHandler,
  type ServerConnectionOptions,
  ServerConnectionProtocol,
} from '@sshkit/ssh-connection';
import { type HostKey, plainAlgorithmOf, type Transport } from '@sshkit/ssh-transport';
import { sameBytes } from './bytes.js';
import { hostKeyProofData } from './host-key-proof.js';

const RSA_SIGNATURE_ALGS = ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/** The host keys without their certificates, each once. */
function plainHostKeys(keys: readonly HostKey[]): HostKey[] {
  const out: HostKey[] = [];
  for (const k of keys) {
    if (k.signatureAlgorithms.some((a) => plainAlgorithmOf(a) !== undefined)) continue;
    if (!out.some((o) => sameBytes(o.publicBlob, k.publicBlob))) out.push(k);
  }
  return out;
}

/**
 * The server's connection protocol with OpenSSH's host key rotation (PROTOCOL
 * §2.5), as sshd does it: {@link announceHostKeys} sends
 * `hostkeys-00@openssh.com` with every plain host key after authentication,
 * and `hostkeys-prove-00@openssh.com` is answered with a signature by each
 * requested key (RSA keys sign with the key exchange's RSA algorithm, else
 * rsa-sha2-512), unless the handler answers it with `hostKeysProveRequested`.
 */
export class HostKeyServerProtocol extends ServerConnectionProtocol {
  readonly #transport: Transport;
  readonly #handler: ServerConnectionHandler;
  readonly #hostKeys: HostKey[];

  constructor(
    transport: Transport,
    handler: ServerConnectionHandler,
    options: ServerConnectionOptions,
    hostKeys: readonly HostKey[],
  ) {
    super(transport, handler, options);
    this.#transport = transport;
    this.#handler = handler;
    this.#hostKeys = plainHostKeys(hostKeys);
  }

  /** Sends `hostkeys-00@openssh.com` with the plain host keys. */
  announceHostKeys(): void {
    if (this.#hostKeys.length > 0) this.sendHostKeys(this.#hostKeys.map((k) => k.publicBlob));
  }

  protected override globalRequested(req: GlobalRequest): MaybePromise<GlobalRequestReply> {
    if (req.name !== GLOBAL_REQUEST.HOSTKEYS_PROVE || this.#handler.hostKeysProveRequested) {
      return super.globalRequested(req);
    }
    const signatures = this.#prove(decodeStringList(req.data));
    return signatures ? encodeStringList(signatures) : false;
  }

  /** One signature per blob; undefined (refuse) when a blob is not one of our keys. */
  #prove(blobs: readonly Uint8Array[]): Uint8Array[] | undefined {
    const negotiated = this.#transport.getExtraInfo().algorithms?.hostKey ?? '';
    const kexAlg = plainAlgorithmOf(negotiated) ?? negotiated;
    const signatures: Uint8Array[] = [];
    for (const blob of blobs) {
      const key = this.#hostKeys.find((k) => sameBytes(k.publicBlob, blob));
      if (!key) return undefined;
      const isRsa = key.signatureAlgorithms.some((a) => RSA_SIGNATURE_ALGS.includes(a));
      const alg = !isRsa ? undefined : RSA_SIGNATURE_ALGS.includes(kexAlg) ? kexAlg : 'rsa-sha2-512';
      signatures.push(key.sign(hostKeyProofData(this.#transport.sessionId, blob), alg));
    }
    return signatures;
  }
}
