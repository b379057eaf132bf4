import type { AuthPermissions, AuthServer } from '@sshkit/ssh-auth';
import { DISC_BY_APPLICATION } from '@sshkit/ssh-codes';
import type { SSHAuthorizedKeys } from '@sshkit/ssh-keys';
import type { DisconnectError, Transport } from '@sshkit/ssh-transport';

/**
 * One client's connection on a server (AsyncSSH `SSHServerConnection`):
 * authentication controls during `beginAuth`, permissions after it.
 */
export class SSHServerConnection {
  readonly #transport: Transport;
  readonly #auth: AuthServer;
  readonly #info: Record<string, unknown>;

  /** @internal created by {@link listen} */
  constructor(transport: Transport, auth: AuthServer, info: Record<string, unknown>) {
    this.#transport = transport;
    this.#auth = auth;
    this.#info = info;
  }

  /** @internal the transport, for the connection layer */
  get transport(): Transport {
    return this.#transport;
  }

  /** `peername`, `sockname`, `username` (after auth), `clientVersion`, negotiated algorithms. */
  getExtraInfo(name: string, fallback?: unknown): unknown {
    const t = this.#transport.getExtraInfo();
    const live: Record<string, unknown> = {
      clientVersion: t.peerVersion,
      username: this.#auth.username,
      kexAlg: t.algorithms?.kex,
      cipherC2S: t.algorithms?.cipherC2S,
      cipherS2C: t.algorithms?.cipherS2C,
      macC2S: t.algorithms?.macC2S,
      macS2C: t.algorithms?.macS2C,
    };
    return this.#info[name] ?? live[name] ?? fallback;
  }

  sendDebug(message: string, alwaysDisplay = false): void {
    this.#transport.sendDebug(message, alwaysDisplay);
  }

  /** Sends a banner before authentication completes. */
  sendAuthBanner(message: string, lang = ''): void {
    this.#auth.sendAuthBanner(message, lang);
  }

  /** Sets the authorized keys for this connection (from `beginAuth`). */
  setAuthorizedKeys(keys: SSHAuthorizedKeys): void {
    this.#auth.setAuthorizedKeys(keys);
  }

  private get permissions(): AuthPermissions | undefined {
    return this.#auth.permissions;
  }

  /** An authorized_keys option of the key used to log in (`command`, `from`, ...). */
  getKeyOption(name: string, fallback?: unknown): unknown {
    return this.permissions?.getKeyOption(name) ?? fallback;
  }

  /** Whether authorized_keys allows `pty`, `port-forwarding`, `agent-forwarding`, `X11-forwarding`, `user-rc`. */
  checkKeyPermission(name: string): boolean {
    return this.permissions?.checkKeyPermission(name) ?? false;
  }

  /** A critical option of the user certificate used to log in. */
  getCertificateOption(name: string, fallback?: unknown): unknown {
    return this.permissions?.getCertificateOption(name) ?? fallback;
  }

  /** Whether the user certificate allows `pty`, `port-forwarding`, ... */
  checkCertificatePermission(name: string): boolean {
    return this.permissions?.checkCertificatePermission(name) ?? false;
  }

  close(): void {
    this.#transport.disconnect(DISC_BY_APPLICATION, 'disconnected by application');
  }

  disconnect(code: number, reason: string): void {
    this.#transport.disconnect(code, reason);
  }

  abort(): void {
    this.#transport.abort();
  }

  waitClosed(): Promise<DisconnectError | undefined> {
    return this.#transport.closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.waitClosed();
  }
}
