/**
 * The connection protocol messages of RFC 4254 (numbers 80-100) and the
 * OpenSSH extensions of PROTOCOL §2 (streamlocal, keepalive, hostkeys, eow,
 * no-more-sessions): one encode/decode pair per message, each under its RFC
 * layout (CONVENTIONS rule 10), then the type-specific parts of channel opens,
 * channel requests and global requests.
 *
 * Every decoder of peer bytes throws only `WireError` (malformed encoding) or
 * `ProtocolError` (a wrong message number).
 */
import {
  MSG_CHANNEL_CLOSE,
  MSG_CHANNEL_DATA,
  MSG_CHANNEL_EOF,
  MSG_CHANNEL_EXTENDED_DATA,
  MSG_CHANNEL_FAILURE,
  MSG_CHANNEL_OPEN,
  MSG_CHANNEL_OPEN_CONFIRMATION,
  MSG_CHANNEL_OPEN_FAILURE,
  MSG_CHANNEL_REQUEST,
  MSG_CHANNEL_SUCCESS,
  MSG_CHANNEL_WINDOW_ADJUST,
  MSG_GLOBAL_REQUEST,
  MSG_REQUEST_FAILURE,
  MSG_REQUEST_SUCCESS,
  messageName,
} from '@sshkit/ssh-codes';
import { ProtocolError } from '@sshkit/ssh-transport';
import { WireReader, WireWriter } from '@sshkit/ssh-wire';
import { decodeTerminalModes, encodeTerminalModes, type TerminalModes } from './session/pty.js';

/** Starts reading a message, checking its number. */
function open(payload: Uint8Array, expected: number): WireReader {
  const r = new WireReader(payload);
  const n = r.u8();
  if (n !== expected) {
    throw new ProtocolError(`expected ${messageName(expected)}, got message ${n}`);
  }
  return r;
}

function done<T>(r: WireReader, value: T): T {
  r.expectEnd();
  return value;
}

/** A data message in one buffer: its header, then the data. */
function withData(header: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

// ---------------------------------------------------------------- global requests

/** An SSH_MSG_GLOBAL_REQUEST; `data` is the request-specific rest. */
export interface GlobalRequest {
  readonly name: string;
  readonly wantReply: boolean;
  readonly data: Uint8Array;
}

// RFC 4254 §4  byte SSH_MSG_GLOBAL_REQUEST / string request name / boolean want reply / ....
export function encodeGlobalRequest(
  name: string,
  wantReply: boolean,
  data: Uint8Array = new Uint8Array(0),
): Uint8Array {
  return new WireWriter(32 + data.length)
    .u8(MSG_GLOBAL_REQUEST)
    .string(name)
    .bool(wantReply)
    .raw(data)
    .finish();
}
export function decodeGlobalRequest(payload: Uint8Array): GlobalRequest {
  const r = open(payload, MSG_GLOBAL_REQUEST);
  return { name: r.utf8(), wantReply: r.bool(), data: r.rest() };
}

// RFC 4254 §4  byte SSH_MSG_REQUEST_SUCCESS / ....  (response specific data)
export function encodeRequestSuccess(data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return new WireWriter(8 + data.length).u8(MSG_REQUEST_SUCCESS).raw(data).finish();
}
export function decodeRequestSuccess(payload: Uint8Array): { readonly data: Uint8Array } {
  const r = open(payload, MSG_REQUEST_SUCCESS);
  return { data: r.rest() };
}

// RFC 4254 §4  byte SSH_MSG_REQUEST_FAILURE
export function encodeRequestFailure(): Uint8Array {
  return Uint8Array.of(MSG_REQUEST_FAILURE);
}
export function decodeRequestFailure(payload: Uint8Array): Record<string, never> {
  return done(open(payload, MSG_REQUEST_FAILURE), {});
}

// ---------------------------------------------------------------- channel open

/** An SSH_MSG_CHANNEL_OPEN; `data` is the channel-type-specific rest. */
export interface ChannelOpen {
  readonly channelType: string;
  readonly senderChannel: number;
  readonly initialWindow: number;
  readonly maxPacket: number;
  readonly data: Uint8Array;
}

// RFC 4254 §5.1  byte SSH_MSG_CHANNEL_OPEN / string channel type / uint32 sender channel /
//                uint32 initial window size / uint32 maximum packet size / ....
export function encodeChannelOpen(m: ChannelOpen): Uint8Array {
  return new WireWriter(64 + m.data.length)
    .u8(MSG_CHANNEL_OPEN)
    .string(m.channelType)
    .u32(m.senderChannel)
    .u32(m.initialWindow)
    .u32(m.maxPacket)
    .raw(m.data)
    .finish();
}
export function decodeChannelOpen(payload: Uint8Array): ChannelOpen {
  const r = open(payload, MSG_CHANNEL_OPEN);
  return {
    channelType: r.utf8(),
    senderChannel: r.u32(),
    initialWindow: r.u32(),
    maxPacket: r.u32(),
    data: r.rest(),
  };
}

/** An SSH_MSG_CHANNEL_OPEN_CONFIRMATION. */
export interface ChannelOpenConfirmation {
  readonly recipientChannel: number;
  readonly senderChannel: number;
  readonly initialWindow: number;
  readonly maxPacket: number;
  readonly data: Uint8Array;
}

// RFC 4254 §5.1  byte SSH_MSG_CHANNEL_OPEN_CONFIRMATION / uint32 recipient channel /
//                uint32 sender channel / uint32 initial window size / uint32 maximum packet size / ....
export function encodeChannelOpenConfirmation(m: ChannelOpenConfirmation): Uint8Array {
  return new WireWriter(24 + m.data.length)
    .u8(MSG_CHANNEL_OPEN_CONFIRMATION)
    .u32(m.recipientChannel)
    .u32(m.senderChannel)
    .u32(m.initialWindow)
    .u32(m.maxPacket)
    .raw(m.data)
    .finish();
}
export function decodeChannelOpenConfirmation(payload: Uint8Array): ChannelOpenConfirmation {
  const r = open(payload, MSG_CHANNEL_OPEN_CONFIRMATION);
  return {
    recipientChannel: r.u32(),
    senderChannel: r.u32(),
    initialWindow: r.u32(),
    maxPacket: r.u32(),
    data: r.rest(),
  };
}

/** An SSH_MSG_CHANNEL_OPEN_FAILURE. */
export interface ChannelOpenFailure {
  readonly recipientChannel: number;
  readonly code: number;
  readonly description: string;
  readonly lang: string;
}

// RFC 4254 §5.1  byte SSH_MSG_CHANNEL_OPEN_FAILURE / uint32 recipient channel /
//                uint32 reason code / string description in ISO-10646 UTF-8 / string language tag
export function encodeChannelOpenFailure(m: ChannelOpenFailure): Uint8Array {
  return new WireWriter(64)
    .u8(MSG_CHANNEL_OPEN_FAILURE)
    .u32(m.recipientChannel)
    .u32(m.code)
    .string(m.description)
    .string(m.lang)
    .finish();
}
export function decodeChannelOpenFailure(payload: Uint8Array): ChannelOpenFailure {
  const r = open(payload, MSG_CHANNEL_OPEN_FAILURE);
  return done(r, { recipientChannel: r.u32(), code: r.u32(), description: r.utf8(), lang: r.utf8() });
}

// ---------------------------------------------------------------- channel data and state

// RFC 4254 §5.2  byte SSH_MSG_CHANNEL_WINDOW_ADJUST / uint32 recipient channel / uint32 bytes to add
export function encodeWindowAdjust(recipientChannel: number, bytesToAdd: number): Uint8Array {
  return new WireWriter(9).u8(MSG_CHANNEL_WINDOW_ADJUST).u32(recipientChannel).u32(bytesToAdd).finish();
}
export function decodeWindowAdjust(payload: Uint8Array): {
  readonly recipientChannel: number;
  readonly bytesToAdd: number;
} {
  const r = open(payload, MSG_CHANNEL_WINDOW_ADJUST);
  return done(r, { recipientChannel: r.u32(), bytesToAdd: r.u32() });
}

// RFC 4254 §5.2  byte SSH_MSG_CHANNEL_DATA / uint32 recipient channel / string data
/** CHANNEL_DATA up to the data, which goes as the `tail` of `PacketChannel.send` (no copy of it here). */
export function encodeChannelDataHeader(recipientChannel: number, dataLength: number): Uint8Array {
  // By hand, not with a WireWriter: once per data packet, the fewer allocations the better.
  const header = new Uint8Array(9);
  const v = new DataView(header.buffer);
  header[0] = MSG_CHANNEL_DATA;
  v.setUint32(1, recipientChannel);
  v.setUint32(5, dataLength);
  return header;
}
export function encodeChannelData(recipientChannel: number, data: Uint8Array): Uint8Array {
  return withData(encodeChannelDataHeader(recipientChannel, data.length), data);
}
export function decodeChannelData(payload: Uint8Array): {
  readonly recipientChannel: number;
  readonly data: Uint8Array;
} {
  const r = open(payload, MSG_CHANNEL_DATA);
  return done(r, { recipientChannel: r.u32(), data: r.string() });
}

// RFC 4254 §5.2  byte SSH_MSG_CHANNEL_EXTENDED_DATA / uint32 recipient channel /
//                uint32 data_type_code / string data
/** CHANNEL_EXTENDED_DATA up to the data, which goes as the `tail` of `PacketChannel.send`. */
export function encodeChannelExtendedDataHeader(
  recipientChannel: number,
  dataType: number,
  dataLength: number,
): Uint8Array {
  const header = new Uint8Array(13);
  const v = new DataView(header.buffer);
  header[0] = MSG_CHANNEL_EXTENDED_DATA;
  v.setUint32(1, recipientChannel);
  v.setUint32(5, dataType);
  v.setUint32(9, dataLength);
  return header;
}
export function encodeChannelExtendedData(
  recipientChannel: number,
  dataType: number,
  data: Uint8Array,
): Uint8Array {
  return withData(encodeChannelExtendedDataHeader(recipientChannel, dataType, data.length), data);
}
export function decodeChannelExtendedData(payload: Uint8Array): {
  readonly recipientChannel: number;
  readonly dataType: number;
  readonly data: Uint8Array;
} {
  const r = open(payload, MSG_CHANNEL_EXTENDED_DATA);
  return done(r, { recipientChannel: r.u32(), dataType: r.u32(), data: r.string() });
}

// RFC 4254 §5.3  byte SSH_MSG_CHANNEL_EOF / uint32 recipient channel
export function encodeChannelEof(recipientChannel: number): Uint8Array {
  return new WireWriter(5).u8(MSG_CHANNEL_EOF).u32(recipientChannel).finish();
}
export function decodeChannelEof(payload: Uint8Array): { readonly recipientChannel: number } {
  const r = open(payload, MSG_CHANNEL_EOF);
  return done(r, { recipientChannel: r.u32() });
}

// RFC 4254 §5.3  byte SSH_MSG_CHANNEL_CLOSE / uint32 recipient channel
export function encodeChannelClose(recipientChannel: number): Uint8Array {
  return new WireWriter(5).u8(MSG_CHANNEL_CLOSE).u32(recipientChannel).finish();
}
export function decodeChannelClose(payload: Uint8Array): { readonly recipientChannel: number } {
  const r = open(payload, MSG_CHANNEL_CLOSE);
  return done(r, { recipientChannel: r.u32() });
}

/** An SSH_MSG_CHANNEL_REQUEST; `data` is the request-specific rest. */
export interface ChannelRequest {
  readonly recipientChannel: number;
  readonly requestType: string;
  readonly wantReply: boolean;
  readonly data: Uint8Array;
}

// RFC 4254 §5.4  byte SSH_MSG_CHANNEL_REQUEST / uint32 recipient channel / string request type /
//                boolean want reply / ....
export function encodeChannelRequest(m: ChannelRequest): Uint8Array {
  return new WireWriter(32 + m.data.length)
    .u8(MSG_CHANNEL_REQUEST)
    .u32(m.recipientChannel)
    .string(m.requestType)
    .bool(m.wantReply)
    .raw(m.data)
    .finish();
}
export function decodeChannelRequest(payload: Uint8Array): ChannelRequest {
  const r = open(payload, MSG_CHANNEL_REQUEST);
  return { recipientChannel: r.u32(), requestType: r.utf8(), wantReply: r.bool(), data: r.rest() };
}

// RFC 4254 §5.4  byte SSH_MSG_CHANNEL_SUCCESS / uint32 recipient channel
export function encodeChannelSuccess(recipientChannel: number): Uint8Array {
  return new WireWriter(5).u8(MSG_CHANNEL_SUCCESS).u32(recipientChannel).finish();
}
export function decodeChannelSuccess(payload: Uint8Array): { readonly recipientChannel: number } {
  const r = open(payload, MSG_CHANNEL_SUCCESS);
  return done(r, { recipientChannel: r.u32() });
}

// RFC 4254 §5.4  byte SSH_MSG_CHANNEL_FAILURE / uint32 recipient channel
export function encodeChannelFailure(recipientChannel: number): Uint8Array {
  return new WireWriter(5).u8(MSG_CHANNEL_FAILURE).u32(recipientChannel).finish();
}
export function decodeChannelFailure(payload: Uint8Array): { readonly recipientChannel: number } {
  const r = open(payload, MSG_CHANNEL_FAILURE);
  return done(r, { recipientChannel: r.u32() });
}

// ---------------------------------------------------------------- channel open types

/** Channel type names (RFC 4254 §6.1, §6.3.2, §7.1, §7.2; OpenSSH PROTOCOL §2.4, PROTOCOL.agent). */
export const CHANNEL_TYPE = Object.freeze({
  SESSION: 'session',
  X11: 'x11',
  DIRECT_TCPIP: 'direct-tcpip',
  FORWARDED_TCPIP: 'forwarded-tcpip',
  DIRECT_STREAMLOCAL: 'direct-streamlocal@openssh.com',
  FORWARDED_STREAMLOCAL: 'forwarded-streamlocal@openssh.com',
  /** A connection to the forwarded ssh-agent (OpenSSH PROTOCOL.agent); no open data. */
  AUTH_AGENT: 'auth-agent@openssh.com',
  /** TUN/TAP forwarding (OpenSSH PROTOCOL §2.3, `ssh -w`): IP packets or Ethernet frames. */
  TUN: 'tun@openssh.com',
} as const);

/** `direct-tcpip` and `forwarded-tcpip` open data. */
export interface TcpipOpenData {
  /** direct: host to connect; forwarded: address that was connected. */
  readonly host: string;
  /** direct: port to connect; forwarded: port that was connected. */
  readonly port: number;
  readonly origHost: string;
  readonly origPort: number;
}

// RFC 4254 §7.2  (direct-tcpip) string host to connect / uint32 port to connect /
//                string originator IP address / uint32 originator port
// RFC 4254 §7.2  (forwarded-tcpip) string address that was connected / uint32 port that was connected /
//                string originator IP address / uint32 originator port
export function encodeTcpipOpenData(m: TcpipOpenData): Uint8Array {
  return new WireWriter(64).string(m.host).u32(m.port).string(m.origHost).u32(m.origPort).finish();
}
export function decodeTcpipOpenData(data: Uint8Array): TcpipOpenData {
  const r = new WireReader(data);
  return done(r, { host: r.utf8(), port: r.u32(), origHost: r.utf8(), origPort: r.u32() });
}

// OpenSSH PROTOCOL §2.4  (direct-streamlocal@openssh.com) string socket path / string reserved / uint32 reserved
export function encodeDirectStreamlocalOpenData(path: string): Uint8Array {
  return new WireWriter(64).string(path).string('').u32(0).finish();
}
export function decodeDirectStreamlocalOpenData(data: Uint8Array): { readonly path: string } {
  const r = new WireReader(data);
  const path = r.utf8();
  r.string();
  r.u32();
  return done(r, { path });
}

// OpenSSH PROTOCOL §2.4  (forwarded-streamlocal@openssh.com) string socket path / string reserved
export function encodeForwardedStreamlocalOpenData(path: string): Uint8Array {
  return new WireWriter(64).string(path).string('').finish();
}
export function decodeForwardedStreamlocalOpenData(data: Uint8Array): { readonly path: string } {
  const r = new WireReader(data);
  const path = r.utf8();
  // OpenSSH sends the reserved string; tolerate its absence as older servers did.
  if (r.remaining > 0) r.string();
  return done(r, { path });
}

/** `x11` open data: where the X client connected from. */
export interface X11OpenData {
  readonly origHost: string;
  readonly origPort: number;
}

// RFC 4254 §6.3.2  (x11) string originator address / uint32 originator port
export function encodeX11OpenData(m: X11OpenData): Uint8Array {
  return new WireWriter(32).string(m.origHost).u32(m.origPort).finish();
}
export function decodeX11OpenData(data: Uint8Array): X11OpenData {
  const r = new WireReader(data);
  return done(r, { origHost: r.utf8(), origPort: r.u32() });
}

/** `tun@openssh.com` mode: layer 3, IP packets (OpenSSH `SSH_TUNMODE_POINTOPOINT`). */
export const SSH_TUN_MODE_POINTTOPOINT = 1;
/** `tun@openssh.com` mode: layer 2, Ethernet frames (OpenSSH `SSH_TUNMODE_ETHERNET`). */
export const SSH_TUN_MODE_ETHERNET = 2;
/** `tun@openssh.com` unit number meaning "the server picks" (OpenSSH `SSH_TUNID_ANY`). */
export const SSH_TUN_UNIT_ANY = 0x7fff_ffff;

/** `tun@openssh.com` open data, as sent: the mode and unit numbers are the peer's, unchecked. */
export interface TunOpenData {
  readonly mode: number;
  /** The unit the client asks for, or {@link SSH_TUN_UNIT_ANY}. */
  readonly unit: number;
}

// OpenSSH PROTOCOL §2.3  (tun@openssh.com) uint32 tunnel mode / uint32 remote unit number
export function encodeTunOpenData(m: TunOpenData): Uint8Array {
  return new WireWriter(8).u32(m.mode).u32(m.unit).finish();
}
export function decodeTunOpenData(data: Uint8Array): TunOpenData {
  const r = new WireReader(data);
  return done(r, { mode: r.u32(), unit: r.u32() });
}

// ---------------------------------------------------------------- channel request types

/** A terminal size: `[width, height, pixwidth, pixheight]` in characters and pixels. */
export type TerminalSize = readonly [width: number, height: number, pixwidth: number, pixheight: number];

/** `pty-req` data. */
export interface PtyRequest {
  readonly term: string;
  readonly size: TerminalSize;
  readonly modes: TerminalModes;
}

// RFC 4254 §6.2  string TERM environment variable value / uint32 terminal width, characters /
//                uint32 terminal height, rows / uint32 terminal width, pixels /
//                uint32 terminal height, pixels / string encoded terminal modes
export function encodePtyRequest(m: PtyRequest): Uint8Array {
  return new WireWriter(64)
    .string(m.term)
    .u32(m.size[0])
    .u32(m.size[1])
    .u32(m.size[2])
    .u32(m.size[3])
    .string(encodeTerminalModes(m.modes))
    .finish();
}
export function decodePtyRequest(data: Uint8Array): PtyRequest {
  const r = new WireReader(data);
  const term = r.utf8();
  const size: TerminalSize = [r.u32(), r.u32(), r.u32(), r.u32()];
  const at = r.offset;
  const modes = decodeTerminalModes(r.string(), at + 4);
  return done(r, { term, size, modes });
}

/** `x11-req` data: how the client's X server authenticates forwarded X clients, and for which screen. */
export interface X11Request {
  readonly singleConnection: boolean;
  readonly authProtocol: string;
  readonly authCookie: string;
  readonly screen: number;
}

// RFC 4254 §6.3.1  boolean single connection / string x11 authentication protocol /
//                  string x11 authentication cookie / uint32 x11 screen number
export function encodeX11Request(m: X11Request): Uint8Array {
  return new WireWriter(64)
    .bool(m.singleConnection)
    .string(m.authProtocol)
    .string(m.authCookie)
    .u32(m.screen)
    .finish();
}
export function decodeX11Request(data: Uint8Array): X11Request {
  const r = new WireReader(data);
  return done(r, {
    singleConnection: r.bool(),
    authProtocol: r.utf8(),
    authCookie: r.utf8(),
    screen: r.u32(),
  });
}

// RFC 4254 §6.4  string variable name / string variable value
export function encodeEnvRequest(name: string, value: string): Uint8Array {
  return new WireWriter(64).string(name).string(value).finish();
}
export function decodeEnvRequest(data: Uint8Array): { readonly name: string; readonly value: string } {
  const r = new WireReader(data);
  return done(r, { name: r.utf8(), value: r.utf8() });
}

/** A request whose data is a single `string` (exec: command, subsystem: name, signal: name). */
export function encodeStringRequest(value: string): Uint8Array {
  return new WireWriter(16 + value.length * 3).string(value).finish();
}
// RFC 4254 §6.5  (exec) string command / (subsystem) string subsystem name
// RFC 4254 §6.9  (signal) string signal name (without the "SIG" prefix)
export function decodeStringRequest(data: Uint8Array): string {
  const r = new WireReader(data);
  return done(r, r.utf8());
}

/** A request without data (shell, eow@openssh.com, keepalive@openssh.com). */
export function decodeEmptyRequest(data: Uint8Array): void {
  new WireReader(data).expectEnd();
}

// RFC 4254 §6.7  (window-change) uint32 terminal width, columns / uint32 terminal height, rows /
//                uint32 terminal width, pixels / uint32 terminal height, pixels
export function encodeWindowChange(size: TerminalSize): Uint8Array {
  return new WireWriter(16).u32(size[0]).u32(size[1]).u32(size[2]).u32(size[3]).finish();
}
export function decodeWindowChange(data: Uint8Array): TerminalSize {
  const r = new WireReader(data);
  return done(r, [r.u32(), r.u32(), r.u32(), r.u32()] as const);
}

// RFC 4254 §6.8  (xon-xoff) boolean client can do
export function encodeBoolRequest(value: boolean): Uint8Array {
  return Uint8Array.of(value ? 1 : 0);
}
export function decodeBoolRequest(data: Uint8Array): boolean {
  const r = new WireReader(data);
  return done(r, r.bool());
}

// RFC 4254 §6.10  (exit-status) uint32 exit_status
// RFC 4335 §3     (break) uint32 break-length in milliseconds
export function encodeUint32Request(value: number): Uint8Array {
  return new WireWriter(4).u32(value).finish();
}
export function decodeUint32Request(data: Uint8Array): number {
  const r = new WireReader(data);
  return done(r, r.u32());
}

/** `exit-signal` data. */
export interface ExitSignalRequest {
  readonly signal: string;
  readonly coreDumped: boolean;
  readonly message: string;
  readonly lang: string;
}

// RFC 4254 §6.10  (exit-signal) string signal name (without the "SIG" prefix) / boolean core dumped /
//                 string error message in ISO-10646 UTF-8 encoding / string language tag
export function encodeExitSignal(m: ExitSignalRequest): Uint8Array {
  return new WireWriter(64).string(m.signal).bool(m.coreDumped).string(m.message).string(m.lang).finish();
}
export function decodeExitSignal(data: Uint8Array): ExitSignalRequest {
  const r = new WireReader(data);
  return done(r, { signal: r.utf8(), coreDumped: r.bool(), message: r.utf8(), lang: r.utf8() });
}

// ---------------------------------------------------------------- global request types

/** Global request names (RFC 4254 §7.1; OpenSSH PROTOCOL §2.2-2.5). */
export const GLOBAL_REQUEST = Object.freeze({
  TCPIP_FORWARD: 'tcpip-forward',
  CANCEL_TCPIP_FORWARD: 'cancel-tcpip-forward',
  STREAMLOCAL_FORWARD: 'streamlocal-forward@openssh.com',
  CANCEL_STREAMLOCAL_FORWARD: 'cancel-streamlocal-forward@openssh.com',
  KEEPALIVE: 'keepalive@openssh.com',
  NO_MORE_SESSIONS: 'no-more-sessions@openssh.com',
  HOSTKEYS: 'hostkeys-00@openssh.com',
  HOSTKEYS_PROVE: 'hostkeys-prove-00@openssh.com',
} as const);

// RFC 4254 §7.1  (tcpip-forward, cancel-tcpip-forward) string address to bind / uint32 port number to bind
export function encodeTcpipForward(host: string, port: number): Uint8Array {
  return new WireWriter(32).string(host).u32(port).finish();
}
export function decodeTcpipForward(data: Uint8Array): { readonly host: string; readonly port: number } {
  const r = new WireReader(data);
  return done(r, { host: r.utf8(), port: r.u32() });
}

// RFC 4254 §7.1  (SSH_MSG_REQUEST_SUCCESS to tcpip-forward with port 0) uint32 port that was bound on the server
export function encodeTcpipForwardReply(port: number): Uint8Array {
  return new WireWriter(4).u32(port).finish();
}
export function decodeTcpipForwardReply(data: Uint8Array): number | undefined {
  // "If a client passes 0 as port number to bind and has want reply as TRUE, then
  //  the server allocates the next available unprivileged port number and replies
  //  with ... uint32 port that was bound"; otherwise the success carries no data.
  if (data.length === 0) return undefined;
  const r = new WireReader(data);
  return done(r, r.u32());
}

// OpenSSH PROTOCOL §2.4  (streamlocal-forward@openssh.com, cancel-streamlocal-forward@openssh.com) string socket path
export function decodeStreamlocalForward(data: Uint8Array): string {
  return decodeStringRequest(data);
}

// OpenSSH PROTOCOL §2.5  (hostkeys-00@openssh.com, hostkeys-prove-00@openssh.com) string[] hostkeys
// (and the hostkeys-prove reply: string[] signatures)
export function encodeStringList(items: readonly Uint8Array[]): Uint8Array {
  const w = new WireWriter(64);
  for (const item of items) w.string(item);
  return w.finish();
}
export function decodeStringList(data: Uint8Array): Uint8Array[] {
  const r = new WireReader(data);
  const out: Uint8Array[] = [];
  while (r.remaining > 0) out.push(r.string());
  return out;
}

// ---------------------------------------------------------------- one switch

/** Any connection-protocol message, decoded. */
export type ConnectionMessage =
  | ({ readonly type: typeof MSG_GLOBAL_REQUEST } & GlobalRequest)
  | { readonly type: typeof MSG_REQUEST_SUCCESS; readonly data: Uint8Array }
  | { readonly type: typeof MSG_REQUEST_FAILURE }
  | ({ readonly type: typeof MSG_CHANNEL_OPEN } & ChannelOpen)
  | ({ readonly type: typeof MSG_CHANNEL_OPEN_CONFIRMATION } & ChannelOpenConfirmation)
  | ({ readonly type: typeof MSG_CHANNEL_OPEN_FAILURE } & ChannelOpenFailure)
  | {
      readonly type: typeof MSG_CHANNEL_WINDOW_ADJUST;
      readonly recipientChannel: number;
      readonly bytesToAdd: number;
    }
  | { readonly type: typeof MSG_CHANNEL_DATA; readonly recipientChannel: number; readonly data: Uint8Array }
  | {
      readonly type: typeof MSG_CHANNEL_EXTENDED_DATA;
      readonly recipientChannel: number;
      readonly dataType: number;
      readonly data: Uint8Array;
    }
  | { readonly type: typeof MSG_CHANNEL_EOF; readonly recipientChannel: number }
  | { readonly type: typeof MSG_CHANNEL_CLOSE; readonly recipientChannel: number }
  | ({ readonly type: typeof MSG_CHANNEL_REQUEST } & ChannelRequest)
  | { readonly type: typeof MSG_CHANNEL_SUCCESS; readonly recipientChannel: number }
  | { readonly type: typeof MSG_CHANNEL_FAILURE; readonly recipientChannel: number };

/**
 * Decodes any connection-protocol message (80-100).
 * @throws ProtocolError for another message number; WireError for malformed fields
 */
export function decodeConnectionMessage(payload: Uint8Array): ConnectionMessage {
  switch (payload[0]) {
    case MSG_GLOBAL_REQUEST:
      return { type: MSG_GLOBAL_REQUEST, ...decodeGlobalRequest(payload) };
    case MSG_REQUEST_SUCCESS:
      return { type: MSG_REQUEST_SUCCESS, ...decodeRequestSuccess(payload) };
    case MSG_REQUEST_FAILURE:
      decodeRequestFailure(payload);
      return { type: MSG_REQUEST_FAILURE };
    case MSG_CHANNEL_OPEN:
      return { type: MSG_CHANNEL_OPEN, ...decodeChannelOpen(payload) };
    case MSG_CHANNEL_OPEN_CONFIRMATION:
      return { type: MSG_CHANNEL_OPEN_CONFIRMATION, ...decodeChannelOpenConfirmation(payload) };
    case MSG_CHANNEL_OPEN_FAILURE:
      return { type: MSG_CHANNEL_OPEN_FAILURE, ...decodeChannelOpenFailure(payload) };
    case MSG_CHANNEL_WINDOW_ADJUST:
      return { type: MSG_CHANNEL_WINDOW_ADJUST, ...decodeWindowAdjust(payload) };
    case MSG_CHANNEL_DATA:
      return { type: MSG_CHANNEL_DATA, ...decodeChannelData(payload) };
    case MSG_CHANNEL_EXTENDED_DATA:
      return { type: MSG_CHANNEL_EXTENDED_DATA, ...decodeChannelExtendedData(payload) };
    case MSG_CHANNEL_EOF:
      return { type: MSG_CHANNEL_EOF, ...decodeChannelEof(payload) };
    case MSG_CHANNEL_CLOSE:
      return { type: MSG_CHANNEL_CLOSE, ...decodeChannelClose(payload) };
    case MSG_CHANNEL_REQUEST:
      return { type: MSG_CHANNEL_REQUEST, ...decodeChannelRequest(payload) };
    case MSG_CHANNEL_SUCCESS:
      return { type: MSG_CHANNEL_SUCCESS, ...decodeChannelSuccess(payload) };
    case MSG_CHANNEL_FAILURE:
      return { type: MSG_CHANNEL_FAILURE, ...decodeChannelFailure(payload) };
    default:
      throw new ProtocolError(`not a connection protocol message: ${payload[0] ?? 'empty payload'}`);
  }
}
