/**
 * TUN/TAP forwarding channels, `tun@openssh.com` (OpenSSH PROTOCOL §2.3,
 * `ssh -w`): IP packets (point-to-point mode) or Ethernet frames (ethernet
 * mode), exactly one per CHANNEL_DATA message, as OpenSSH's datagram channels
 * send and read them (channels.c). In point-to-point mode each packet starts
 * with a 4-byte address family in OpenBSD's numbering. Protocol only: no OS
 * device is opened here (that needs native code).
 */
import { OPEN_CONNECT_FAILED } from '@sshkit/ssh-codes';
import { ProtocolError } from '@sshkit/ssh-transport';
import { type ChannelSessionHandler, SSHChannel } from '../channel.js';
import { type StreamHandler, streamSessionFor } from '../connection.js';
import { ChannelOpenError } from '../errors.js';
import { CHANNEL_TYPE, SSH_TUN_MODE_POINTTOPOINT } from '../messages.js';
import type { AcceptedChannel } from '../mux.js';
import { SSHStreamSession } from '../stream.js';
import type { ChannelOptions, SessionData } from '../types.js';

/** OpenBSD's `AF_INET`, the point-to-point header of an IPv4 packet on the wire. */
export const SSH_TUN_AF_INET = 2;
/** OpenBSD's `AF_INET6`, the point-to-point header of an IPv6 packet on the wire. */
export const SSH_TUN_AF_INET6 = 24;
/** Size of the address family header of point-to-point packets. */
const AF_HEADER = 4;

/**
 * Puts the address family header in front of an IP packet, from its version
 * nibble (4: AF_INET, 6: AF_INET6).
 * @throws RangeError for an empty packet or one that is neither IPv4 nor IPv6
 */
export function encodeTunPacket(packet: Uint8Array): Uint8Array {
  const version = (packet[0] ?? 0) >> 4;
  if (version !== 4 && version !== 6) {
    throw new RangeError(`tun@openssh.com: not an IPv4 or IPv6 packet (version ${version})`);
  }
  const out = new Uint8Array(AF_HEADER + packet.length);
  new DataView(out.buffer).setUint32(0, version === 4 ? SSH_TUN_AF_INET : SSH_TUN_AF_INET6);
  out.set(packet, AF_HEADER);
  return out;
}

/**
 * The IP packet in a point-to-point message, without its address family
 * header; `undefined` (drop it) for an unknown family or an empty packet.
 * @throws ProtocolError when the message is shorter than the header
 */
export function decodeTunPacket(data: Uint8Array): Uint8Array | undefined {
  if (data.length < AF_HEADER) {
    throw new ProtocolError(`tun@openssh.com: a ${data.length}-byte packet has no address family`);
  }
  const family = new DataView(data.buffer, data.byteOffset, AF_HEADER).getUint32(0);
  if (family !== SSH_TUN_AF_INET && family !== SSH_TUN_AF_INET6) return undefined;
  return data.length > AF_HEADER ? data.subarray(AF_HEADER) : undefined;
}

/** Options of a TUN/TAP channel: its data is always bytes. */
export type TunTapChannelOptions = Omit<ChannelOptions<null>, 'encoding' | 'errors'>;

/** The callbacks of a TUN/TAP session (AsyncSSH `SSHTunTapSession`): `dataReceived` gets one packet per call. */
export type TunTapSessionHandler = ChannelSessionHandler<Uint8Array, SSHTunTapChannel>;

/** Base class for TUN/TAP session handlers: subclass and override. */
export class SSHTunTapSession implements TunTapSessionHandler {
  connectionMade(_chan: SSHTunTapChannel): void {}
  connectionLost(_error: Error | undefined): void {}
  sessionStarted(): void {}
  dataReceived(_packet: Uint8Array, _datatype: number | undefined): void {}
  eofReceived(): boolean {
    return false;
  }
  pauseWriting(): void {}
  resumeWriting(): void {}
}

/**
 * A `tun@openssh.com` channel (AsyncSSH `SSHTunTapChannel`). Each `write` is
 * one packet (an IP packet for TUN, an Ethernet frame for TAP) and goes out
 * in one message; each packet received reaches the session alone. The
 * point-to-point address family header is added and removed here: an unknown
 * family is dropped, a message too short for it closes the channel.
 * Extra info: `mode` ({@link SSH_TUN_MODE_POINTTOPOINT} or
 * `SSH_TUN_MODE_ETHERNET`) and `unit` (`undefined` for any).
 */
export class SSHTunTapChannel extends SSHChannel<Uint8Array> {
  protected override readonly datagrams = true;
  /** {@link SSH_TUN_MODE_POINTTOPOINT} (TUN) or `SSH_TUN_MODE_ETHERNET` (TAP). */
  readonly mode: number;

  constructor(mode: number, unit: number | undefined, options: TunTapChannelOptions = {}) {
    super(CHANNEL_TYPE.TUN, { ...options, encoding: null });
    this.mode = mode;
    this.setExtraInfo('mode', mode);
    this.setExtraInfo('unit', unit);
  }

  /**
   * Sends one packet.
   * @throws TypeError for text or extended data; RangeError for a TUN packet that
   *   is not IPv4 or IPv6, or a packet above the peer's maximum packet size
   */
  override write(packet: SessionData, datatype?: number): void {
    if (typeof packet === 'string' || datatype !== undefined) {
      throw new TypeError('tun@openssh.com carries packets as bytes, with no extended data');
    }
    super.write(this.mode === SSH_TUN_MODE_POINTTOPOINT ? encodeTunPacket(packet) : packet);
  }

  protected override receiveFilter(bytes: Uint8Array): Uint8Array | undefined {
    return this.mode === SSH_TUN_MODE_POINTTOPOINT ? decodeTunPacket(bytes) : bytes;
  }

  /** @internal TUN/TAP sessions start as soon as the channel is open. */
  begin(): void {
    this.startSession();
  }

  protected handleRequest(): boolean {
    return false;
  }
}

/** A stream session whose reads return one whole packet each (AsyncSSH `SSHTunTapStreamSession`). */
export class SSHTunTapStreamSession extends SSHStreamSession<Uint8Array> {
  /** @internal One packet, whatever `n` asks for; empty at EOF. */
  override read(datatype: number | undefined, _n: number): Promise<Uint8Array> {
    return this.readMessage(datatype);
  }

  /** @internal */
  override get keepsMessages(): boolean {
    return true;
  }
}

/**
 * What a server's `tunRequested` / `tapRequested` may return (AsyncSSH's
 * conventions): a session object, `[channel, session]`, a `(reader, writer)`
 * handler, or `false` / a `ChannelOpenError` to refuse. `true` (an OS device,
 * in AsyncSSH) is refused too: Node cannot open one without native code.
 */
export type TunTapOpenResult =
  | TunTapSessionHandler
  | readonly [SSHTunTapChannel, TunTapSessionHandler]
  | StreamHandler<Uint8Array>
  | boolean
  | ChannelOpenError
  | undefined;

/** Turns a `tunRequested` / `tapRequested` answer into an accepted channel or a refusal. */
export function acceptTunTap(
  result: TunTapOpenResult,
  makeChannel: () => SSHTunTapChannel,
): AcceptedChannel | ChannelOpenError {
  if (ChannelOpenError.isInstance(result)) return result as ChannelOpenError;
  if (result === true) return new ChannelOpenError(OPEN_CONNECT_FAILED, 'TUN/TAP devices are not supported');
  if (result === false || result === undefined || result === null) {
    return new ChannelOpenError(OPEN_CONNECT_FAILED, 'Connection refused');
  }
  const [chan, session]: readonly [SSHTunTapChannel, TunTapSessionHandler] =
    typeof result === 'function'
      ? [makeChannel(), streamSessionFor(result, new SSHTunTapStreamSession()) as TunTapSessionHandler]
      : Array.isArray(result)
        ? (result as readonly [SSHTunTapChannel, TunTapSessionHandler])
        : [makeChannel(), result as TunTapSessionHandler];
  return {
    channel: chan as unknown as SSHChannel<SessionData>,
    opened: () => {
      chan.connect(session as never);
      chan.begin();
    },
  };
}
