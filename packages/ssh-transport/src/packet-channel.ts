import { concatBytes } from '@sshkit/ssh-crypto';

/**
 * The interface the layers above the transport (authentication, connection
 * protocol) use: a stream of decrypted packet payloads, nothing about ciphers
 * or sockets (CONVENTIONS rule 2, after golang's `packetConn`). The transport
 * implements it; tests use an in-memory pair.
 */
export interface PacketChannel {
  /**
   * Sends one payload: `payload` (message number first), followed by `tail`
   * when given, so a large body (channel data) goes into the packet without
   * first being joined to its header. `payload` becomes the transport's: it
   * is held while a key exchange is in progress and sent, in order, after it.
   * `tail` stays the caller's: it is not kept once `send` returns (it is
   * copied if it must wait), so the caller may reuse it at once.
   */
  send(payload: Uint8Array, tail?: Uint8Array): void;
  /**
   * Sets the receiver of incoming payloads of service messages (number 5 and
   * up, except the transport's own: 20-49 kex, 1-4 transport generic, 7 ext-info).
   * Replaces any previous handler. On a client, the handler's last packet is
   * SSH_MSG_USERAUTH_SUCCESS: later ones are held for the next handler (the
   * connection layer's), so none is lost between the layers.
   */
  onPacket(handler: (payload: Uint8Array) => void): void;
  /** The session identifier: the exchange hash H of the first key exchange. */
  readonly sessionId: Uint8Array;
  /** The peer's SSH_MSG_EXT_INFO extensions (RFC 8308), e.g. `server-sig-algs`. */
  readonly peerExtensions: ReadonlyMap<string, Uint8Array>;
  /**
   * Sends SSH_MSG_DISCONNECT with `code` and `reason`, then closes. The
   * pending promises of the layers above are rejected with a DisconnectError.
   */
  disconnect(code: number, reason: string): void;
  /**
   * Tells the transport that user authentication succeeded: starts delayed
   * compression (`zlib@openssh.com`) and, on a server, lets connection-protocol
   * messages (80 and up) through.
   */
  authenticated(): void;
}

/** `payload || tail` in one buffer: for whatever must keep or transform the whole payload. */
export function joinPayload(payload: Uint8Array, tail: Uint8Array | undefined): Uint8Array {
  return tail?.length ? concatBytes(payload, tail) : payload;
}
