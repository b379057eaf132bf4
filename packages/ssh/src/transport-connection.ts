import { DISC_BY_APPLICATION, DISC_CONNECTION_LOST } from '@sshkit/ssh-codes';
import type { DisconnectError, Transport } from '@sshkit/ssh-transport';

/** ssh's default ServerAliveCountMax (and sshd's ClientAliveCountMax). */
export const DEFAULT_KEEPALIVE_COUNT_MAX = 3;

/**
 * What client and server connections share: the transport under them and
 * its lifecycle (debug messages, closing, aborting, waiting for the end).
 */
export abstract class TransportConnection {
  readonly #transport: Transport;
  readonly #info: Record<string, unknown>;

  /** @param info - facts fixed at connect time (`peername`, `sockname`...), filled in as they become known */
  protected constructor(transport: Transport, info: Record<string, unknown>) {
    this.#transport = transport;
    this.#info = info;
  }

  /**
   * Facts about the connection: `peername` ([host, port]), `sockname`,
   * `username`, the peer's version (`serverVersion` on a client,
   * `clientVersion` on a server), the negotiated algorithms (`kexAlg`,
   * `hostKeyAlg`, `cipherC2S`, ...), `strictKex`, `kexCount`; a client also
   * has `authMethod`.
   */
  getExtraInfo(name: string, fallback?: unknown): unknown {
    const t = this.#transport.getExtraInfo();
    const a = t.algorithms;
    const live: Record<string, unknown> = {
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
      ...this.sideInfo(t.peerVersion),
    };
    return this.#info[name] ?? live[name] ?? fallback;
  }

  /** The facts only one side names: the peer's version under its name, and what authentication learnt. */
  protected abstract sideInfo(peerVersion: string | undefined): Record<string, unknown>;

  /** @internal the transport, for the connection layer */
  get transport(): Transport {
    return this.#transport;
  }

  /**
   * ssh's ServerAlive* and sshd's ClientAlive*: a `keepalive@openssh.com`
   * request every `interval` seconds, whether or not data flows; when
   * `countMax` of them went unanswered, the peer is gone and the connection
   * is dropped. Any reply counts, a refusal included. They stop when the
   * connection closes.
   */
  protected startKeepalive(interval: number, countMax: number, send: () => Promise<void>): void {
    let unanswered = 0;
    const timer = setInterval(() => {
      if (unanswered >= countMax) {
        clearInterval(timer);
        this.#transport.disconnect(DISC_CONNECTION_LOST, `no answer to ${countMax} keepalives`);
        return;
      }
      unanswered++;
      send().then(
        () => {
          unanswered = 0;
        },
        () => undefined,
      );
    }, interval * 1000);
    // Node: the keepalive alone does not keep the process running.
    (timer as { unref?: () => void }).unref?.();
    void this.#transport.closed.then(() => clearInterval(timer));
  }

  /** Sends a debug message the peer may log. */
  sendDebug(message: string, alwaysDisplay = false): void {
    this.#transport.sendDebug(message, alwaysDisplay);
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
