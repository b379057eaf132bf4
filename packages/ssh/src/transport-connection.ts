import { DISC_BY_APPLICATION } from '@sshkit/ssh-codes';
import type { DisconnectError, Transport } from '@sshkit/ssh-transport';

/**
 * What client and server connections share: the transport under them and
 * its lifecycle (debug messages, closing, aborting, waiting for the end).
 */
export abstract class TransportConnection {
  readonly #transport: Transport;

  protected constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** @internal the transport, for the connection layer */
  get transport(): Transport {
    return this.#transport;
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
