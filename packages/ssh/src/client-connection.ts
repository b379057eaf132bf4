import { DISC_BY_APPLICATION } from '@sshkit/ssh-codes';
import type { DisconnectError, Transport } from '@sshkit/ssh-transport';

/**
 * An authenticated client connection (AsyncSSH `SSHClientConnection`). Close
 * it with `close()` or `await using`.
 */
export class SSHClientConnection {
  readonly #transport: Transport;
  readonly #info: Record<string, unknown>;

  /** @internal created by {@link connect} */
  constructor(transport: Transport, info: Record<string, unknown>) {
    this.#transport = transport;
    this.#info = info;
  }

  /** @internal the transport, for the connection layer */
  get transport(): Transport {
    return this.#transport;
  }

  /**
   * Facts about the connection: `peername` ([host, port]), `sockname`,
   * `username`, `serverVersion`, `clientVersion`, the negotiated algorithms
   * (`kexAlg`, `cipherC2S`, ...), `authMethod`.
   */
  getExtraInfo(name: string, fallback?: unknown): unknown {
    const t = this.#transport.getExtraInfo();
    const a = t.algorithms;
    const live: Record<string, unknown> = {
      serverVersion: t.peerVersion,
      kexAlg: a?.kex,
      hostKeyAlg: a?.hostKey,
      cipherC2S: a?.cipherC2S,
      cipherS2C: a?.cipherS2C,
      macC2S: a?.macC2S,
      macS2C: a?.macS2C,
      compressionC2S: a?.compressionC2S,
      compressionS2C: a?.compressionS2C,
      strictKex: t.strictKex,
      kexCount: t.kexCount,
    };
    return this.#info[name] ?? live[name] ?? fallback;
  }

  /** Sends a debug message the server may log. */
  sendDebug(message: string, alwaysDisplay = false): void {
    this.#transport.sendDebug(message, alwaysDisplay);
  }

  /** Starts a key re-exchange. */
  rekey(): void {
    this.#transport.rekey();
  }

  /** Disconnects cleanly (SSH_DISCONNECT_BY_APPLICATION). */
  close(): void {
    this.#transport.disconnect(DISC_BY_APPLICATION, 'disconnected by application');
  }

  /** Sends a disconnect with the given code and reason. */
  disconnect(code: number, reason: string): void {
    this.#transport.disconnect(code, reason);
  }

  /** Drops the connection without a disconnect message. */
  abort(): void {
    this.#transport.abort();
  }

  /** Resolves once the connection is closed, with the reason if it was not a clean close. */
  waitClosed(): Promise<DisconnectError | undefined> {
    return this.#transport.closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.waitClosed();
  }
}
