/**
 * TCP/IP and Unix-socket forwarding channels (RFC 4254 §7; OpenSSH PROTOCOL
 * §2.4): `direct-tcpip`, `forwarded-tcpip`, `direct-streamlocal@openssh.com`,
 * `forwarded-streamlocal@openssh.com`, and `x11` (RFC 4254 §6.3.2). Protocol
 * only: the umbrella package opens the sockets and bridges them to these
 * channels.
 */
import { type ChannelSessionHandler, SSHChannel } from '../channel.js';
import type { ChannelOptions, Encoding, SessionData } from '../types.js';

/** The callbacks of a TCP session (AsyncSSH `SSHTCPSession`). */
export type TCPSessionHandler<D extends SessionData = Uint8Array> = ChannelSessionHandler<
  D,
  SSHTCPChannel<D>
>;

/** The callbacks of a Unix-socket session (AsyncSSH `SSHUNIXSession`). */
export type UNIXSessionHandler<D extends SessionData = Uint8Array> = ChannelSessionHandler<
  D,
  SSHUNIXChannel<D>
>;

/** Base class for TCP session handlers: subclass and override. */
export class SSHTCPSession<D extends SessionData = Uint8Array> implements TCPSessionHandler<D> {
  connectionMade(_chan: SSHTCPChannel<D>): void {}
  connectionLost(_error: Error | undefined): void {}
  sessionStarted(): void {}
  dataReceived(_data: D, _datatype: number | undefined): void {}
  eofReceived(): boolean {
    return false;
  }
  pauseWriting(): void {}
  resumeWriting(): void {}
}

/** Base class for Unix-socket session handlers. */
export class SSHUNIXSession<D extends SessionData = Uint8Array> implements UNIXSessionHandler<D> {
  connectionMade(_chan: SSHUNIXChannel<D>): void {}
  connectionLost(_error: Error | undefined): void {}
  sessionStarted(): void {}
  dataReceived(_data: D, _datatype: number | undefined): void {}
  eofReceived(): boolean {
    return false;
  }
  pauseWriting(): void {}
  resumeWriting(): void {}
}

/** The endpoints of a TCP channel, as `getExtraInfo` reports them. */
export interface TCPEndpoints {
  /** direct: the host to connect to; forwarded: the listening address that was connected. */
  readonly host: string;
  readonly port: number;
  readonly origHost: string;
  readonly origPort: number;
}

/**
 * A `direct-tcpip` or `forwarded-tcpip` channel (AsyncSSH `SSHTCPChannel`),
 * or an `x11` one (RFC 4254 §6.3.2: `host` '' and `port` 0).
 * Extra info: `host`, `port`, `origHost`, `origPort`.
 */
export class SSHTCPChannel<D extends SessionData = Uint8Array> extends SSHChannel<D> {
  constructor(
    channelType: 'direct-tcpip' | 'forwarded-tcpip' | 'x11',
    endpoints: TCPEndpoints,
    options: ChannelOptions<Encoding> = {},
  ) {
    super(channelType, { encoding: null, ...options });
    this.setExtraInfo('host', endpoints.host);
    this.setExtraInfo('port', endpoints.port);
    this.setExtraInfo('origHost', endpoints.origHost);
    this.setExtraInfo('origPort', endpoints.origPort);
  }

  /** @internal TCP sessions start as soon as the channel is open. */
  begin(): void {
    this.startSession();
  }

  protected handleRequest(): boolean {
    return false;
  }
}

/**
 * A `direct-streamlocal@openssh.com` or `forwarded-streamlocal@openssh.com`
 * channel (AsyncSSH `SSHUNIXChannel`). Extra info: `path`.
 */
export class SSHUNIXChannel<D extends SessionData = Uint8Array> extends SSHChannel<D> {
  constructor(
    channelType:
      | 'direct-streamlocal@openssh.com'
      | 'forwarded-streamlocal@openssh.com'
      | 'auth-agent@openssh.com',
    path: string,
    options: ChannelOptions<Encoding> = {},
  ) {
    super(channelType, { encoding: null, ...options });
    this.setExtraInfo('path', path);
  }

  /** @internal */
  begin(): void {
    this.startSession();
  }

  protected handleRequest(): boolean {
    return false;
  }
}
