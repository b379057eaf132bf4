/**
 * Encode/decode of every SFTP v3 packet (draft-ietf-secsh-filexfer-02 §3-§7)
 * plus the shapes of the OpenSSH extension requests (OpenSSH `PROTOCOL` §4).
 *
 * A packet on the wire is `uint32 length || byte type || body` (draft-02 §3).
 * {@link encodePacket} writes the whole frame, length included;
 * {@link decodePacket} takes the payload after the length (type + body).
 */
import { decodeUtf8, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { decodeAttrs, encodeAttrs, type SFTPAttrs, type SFTPName } from './attrs.js';
import { SFTPError } from './errors.js';
import { takeHeadroom } from './headroom.js';
import { decodePath, encodePath } from './path-bytes.js';
import {
  FX_BAD_MESSAGE,
  FXP_ATTRS,
  FXP_CLOSE,
  FXP_DATA,
  FXP_EXTENDED,
  FXP_EXTENDED_REPLY,
  FXP_FSETSTAT,
  FXP_FSTAT,
  FXP_HANDLE,
  FXP_INIT,
  FXP_LSTAT,
  FXP_MKDIR,
  FXP_NAME,
  FXP_OPEN,
  FXP_OPENDIR,
  FXP_READ,
  FXP_READDIR,
  FXP_READLINK,
  FXP_REALPATH,
  FXP_REMOVE,
  FXP_RENAME,
  FXP_RMDIR,
  FXP_SETSTAT,
  FXP_STAT,
  FXP_STATUS,
  FXP_SYMLINK,
  FXP_VERSION,
  FXP_WRITE,
} from './protocol-numbers.js';

/** An extension announced in INIT/VERSION: `string name, string data` (OpenSSH PROTOCOL §4.2). */
export type SFTPExtensionPair = readonly [name: string, data: string];

/** Requests that carry only a path. */
export type SFTPPathRequestType = 'lstat' | 'stat' | 'opendir' | 'remove' | 'rmdir' | 'realpath' | 'readlink';
/** Requests that carry only a handle. */
export type SFTPHandleRequestType = 'close' | 'fstat' | 'readdir';

/** Every SFTP v3 packet, as a discriminated union on `type`. */
export type SFTPPacket =
  | { type: 'init'; version: number; extensions: SFTPExtensionPair[] }
  | { type: 'version'; version: number; extensions: SFTPExtensionPair[] }
  | { type: 'open'; id: number; path: string; pflags: number; attrs: SFTPAttrs }
  | { type: SFTPHandleRequestType; id: number; handle: Uint8Array }
  | { type: 'read'; id: number; handle: Uint8Array; offset: number; length: number }
  | { type: 'write'; id: number; handle: Uint8Array; offset: number; data: Uint8Array }
  | { type: SFTPPathRequestType; id: number; path: string }
  | { type: 'setstat' | 'mkdir'; id: number; path: string; attrs: SFTPAttrs }
  | { type: 'fsetstat'; id: number; handle: Uint8Array; attrs: SFTPAttrs }
  | { type: 'rename'; id: number; oldPath: string; newPath: string }
  /**
   * SSH_FXP_SYMLINK in OpenSSH's argument order (PROTOCOL §4.1): `targetPath`
   * is sent first, `linkPath` second — the reverse of draft-02 §6.10.
   */
  | { type: 'symlink'; id: number; targetPath: string; linkPath: string }
  | { type: 'status'; id: number; code: number; message: string; lang: string }
  | { type: 'handle'; id: number; handle: Uint8Array }
  | { type: 'data'; id: number; data: Uint8Array }
  | { type: 'name'; id: number; names: SFTPName[] }
  | { type: 'attrs'; id: number; attrs: SFTPAttrs }
  | { type: 'extended'; id: number; request: string; data: Uint8Array }
  | { type: 'extended-reply'; id: number; data: Uint8Array };

/** The packet type names of {@link SFTPPacket}. */
export type SFTPPacketType = SFTPPacket['type'];

/** A request a client sends after INIT (every packet with an id a server answers). */
export type SFTPRequest = Exclude<
  SFTPPacket,
  { type: 'init' | 'version' | 'status' | 'handle' | 'data' | 'name' | 'attrs' | 'extended-reply' }
>;

/** A reply a server sends to a request. */
export type SFTPResponse = Extract<
  SFTPPacket,
  { type: 'status' | 'handle' | 'data' | 'name' | 'attrs' | 'extended-reply' }
>;

const TYPE_NUMBERS: Readonly<Record<SFTPPacketType, number>> = Object.freeze({
  init: FXP_INIT,
  version: FXP_VERSION,
  open: FXP_OPEN,
  close: FXP_CLOSE,
  read: FXP_READ,
  write: FXP_WRITE,
  lstat: FXP_LSTAT,
  fstat: FXP_FSTAT,
  setstat: FXP_SETSTAT,
  fsetstat: FXP_FSETSTAT,
  opendir: FXP_OPENDIR,
  readdir: FXP_READDIR,
  remove: FXP_REMOVE,
  mkdir: FXP_MKDIR,
  rmdir: FXP_RMDIR,
  realpath: FXP_REALPATH,
  stat: FXP_STAT,
  rename: FXP_RENAME,
  readlink: FXP_READLINK,
  symlink: FXP_SYMLINK,
  status: FXP_STATUS,
  handle: FXP_HANDLE,
  data: FXP_DATA,
  name: FXP_NAME,
  attrs: FXP_ATTRS,
  extended: FXP_EXTENDED,
  'extended-reply': FXP_EXTENDED_REPLY,
});

const TYPE_NAMES: ReadonlyMap<number, SFTPPacketType> = new Map(
  (Object.entries(TYPE_NUMBERS) as [SFTPPacketType, number][]).map(([k, v]) => [v, k]),
);

/**
 * The packet type byte of a packet type name.
 * @param type - e.g. `'open'`
 * @returns e.g. `3` (`SSH_FXP_OPEN`)
 */
export function packetTypeNumber(type: SFTPPacketType): number {
  return TYPE_NUMBERS[type];
}

// File names may not be UTF-8 (draft-02 leaves their encoding to the server):
// they are kept losslessly (path-bytes.ts) in requests and replies. Status
// messages are text, decoded leniently so a reply never fails to decode.
const lenientDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function checkU32(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`${what} must be an integer in [0, 2^32), got ${value}`);
  }
}

function checkU64(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${value}`);
  }
}

/**
 * Writes the full frame of `packet`: `uint32 length || byte type || body`.
 * @param packet - the packet
 * @param w - a writer to reuse (it is reset first)
 * @returns the frame bytes
 * @throws TypeError / RangeError for fields out of range
 */
export function encodePacket(packet: SFTPPacket, w: WireWriter = new WireWriter()): Uint8Array {
  switch (packet.type) {
    case 'read':
    case 'write':
    case 'data':
    case 'status':
      return encodeHot(packet);
  }
  w.reset();
  w.fork();
  w.u8(TYPE_NUMBERS[packet.type]);
  switch (packet.type) {
    // draft-02 §4: uint32 version / (string extension_name, string extension_data)*
    case 'init':
    case 'version':
      checkU32(packet.version, 'version');
      w.u32(packet.version);
      for (const [name, data] of packet.extensions) w.string(name).string(data);
      break;
    // §6.3: uint32 id / string filename / uint32 pflags / ATTRS attrs
    case 'open':
      w.u32(packet.id).string(encodePath(packet.path));
      checkU32(packet.pflags, 'pflags');
      w.u32(packet.pflags);
      encodeAttrs(w, packet.attrs);
      break;
    // §6.3, §6.5, §6.7: uint32 id / string handle
    case 'close':
    case 'fstat':
    case 'readdir':
      w.u32(packet.id).string(packet.handle);
      break;
    // §6.5-§6.8: uint32 id / string path
    case 'lstat':
    case 'stat':
    case 'opendir':
    case 'remove':
    case 'rmdir':
    case 'realpath':
    case 'readlink':
      w.u32(packet.id).string(encodePath(packet.path));
      break;
    // §6.6, §6.9: uint32 id / string path / ATTRS attrs
    case 'setstat':
    case 'mkdir':
      w.u32(packet.id).string(encodePath(packet.path));
      encodeAttrs(w, packet.attrs);
      break;
    // §6.9: uint32 id / string handle / ATTRS attrs
    case 'fsetstat':
      w.u32(packet.id).string(packet.handle);
      encodeAttrs(w, packet.attrs);
      break;
    // §6.5: uint32 id / string oldpath / string newpath
    case 'rename':
      w.u32(packet.id).string(encodePath(packet.oldPath)).string(encodePath(packet.newPath));
      break;
    // §6.10 says `string linkpath / string targetpath`; OpenSSH (PROTOCOL §4.1)
    // sends and expects `string targetpath / string linkpath`. We follow OpenSSH.
    case 'symlink':
      w.u32(packet.id).string(encodePath(packet.targetPath)).string(encodePath(packet.linkPath));
      break;
    // §7: uint32 id / string handle
    case 'handle':
      w.u32(packet.id).string(packet.handle);
      break;
    // §7: uint32 id / uint32 count / (string filename, string longname, ATTRS attrs)*count
    case 'name':
      w.u32(packet.id).u32(packet.names.length);
      for (const n of packet.names) {
        w.string(encodePath(n.filename)).string(encodePath(n.longname));
        encodeAttrs(w, n.attrs);
      }
      break;
    // §7: uint32 id / ATTRS attrs
    case 'attrs':
      w.u32(packet.id);
      encodeAttrs(w, packet.attrs);
      break;
    // §8: uint32 id / string extended-request / ... request-specific data
    case 'extended':
      w.u32(packet.id).string(packet.request).raw(packet.data);
      break;
    // §8: uint32 id / ... reply-specific data
    case 'extended-reply':
      w.u32(packet.id).raw(packet.data);
      break;
    default: {
      const never: never = packet;
      throw new TypeError(`encodePacket: unknown packet ${(never as { type: string }).type}`);
    }
  }
  checkU32((packet as { id?: number }).id ?? 0, 'id');
  w.join();
  return w.finish();
}

/** Bytes in front of the data in a WRITE frame on `handle` (draft-02 §6.4). */
export function writeHeaderLength(handle: Uint8Array): number {
  return 4 + 1 + 4 + 4 + handle.length + 8 + 4;
}

type HotPacket = Extract<SFTPPacket, { type: 'read' | 'write' | 'data' | 'status' }>;

const textEncoder = new TextEncoder();

/**
 * The packets of a bulk transfer (READ, WRITE, DATA, STATUS), written straight
 * into a frame of their exact size: file data is copied once, with no
 * intermediate growable buffer, or not at all when it was read into a buffer
 * with room for the header (`headroom.ts`).
 */
function encodeHot(packet: HotPacket): Uint8Array {
  checkU32(packet.id, 'id');
  let size = 9; // uint32 length, byte type, uint32 id
  let message: Uint8Array | undefined;
  let lang: Uint8Array | undefined;
  switch (packet.type) {
    // §6.4: uint32 id / string handle / uint64 offset / uint32 len
    case 'read':
      checkU64(packet.offset, 'offset');
      checkU32(packet.length, 'length');
      size += 4 + packet.handle.length + 12;
      break;
    // §6.4: uint32 id / string handle / uint64 offset / string data
    case 'write':
      checkU64(packet.offset, 'offset');
      size += 4 + packet.handle.length + 12 + packet.data.length;
      break;
    // §7: uint32 id / string data
    case 'data':
      size += 4 + packet.data.length;
      break;
    // §7: uint32 id / uint32 error code / string error message / string language tag
    case 'status':
      checkU32(packet.code, 'code');
      message = textEncoder.encode(packet.message);
      lang = textEncoder.encode(packet.lang);
      size += 12 + message.length + lang.length;
      break;
  }
  if (size - 4 > 0xffffffff) throw new RangeError('encodePacket: packet too long');
  const payload = packet.type === 'write' || packet.type === 'data' ? packet.data : undefined;
  const inPlace = payload && takeHeadroom(payload, size - payload.length);
  const frame = inPlace ?? new Uint8Array(size);
  const v = new DataView(frame.buffer, frame.byteOffset, frame.length);
  v.setUint32(0, size - 4);
  frame[4] = TYPE_NUMBERS[packet.type];
  v.setUint32(5, packet.id);
  let at = 9;
  const bytes = (b: Uint8Array): void => {
    v.setUint32(at, b.length);
    if (b !== payload || !inPlace) frame.set(b, at + 4);
    at += 4 + b.length;
  };
  switch (packet.type) {
    case 'read':
      bytes(packet.handle);
      v.setBigUint64(at, BigInt(packet.offset));
      v.setUint32(at + 8, packet.length);
      break;
    case 'write':
      bytes(packet.handle);
      v.setBigUint64(at, BigInt(packet.offset));
      at += 8;
      bytes(packet.data);
      break;
    case 'data':
      bytes(packet.data);
      break;
    case 'status':
      v.setUint32(at, packet.code);
      at += 4;
      bytes(message as Uint8Array);
      bytes(lang as Uint8Array);
      break;
  }
  return frame;
}

/** A file name: any bytes, kept losslessly (see `path-bytes.ts`). */
function pathField(r: WireReader): string {
  return decodePath(r.string());
}

function lenientString(r: WireReader): string {
  return lenientDecoder.decode(r.string());
}

function extensions(r: WireReader): SFTPExtensionPair[] {
  const out: SFTPExtensionPair[] = [];
  while (r.remaining > 0) {
    const at = r.offset;
    const name = decodeUtf8(r.string(), at);
    out.push([name, lenientString(r)]);
  }
  return out;
}

/**
 * Decodes one packet payload (`byte type || body`, without the length word).
 * Views into `payload` are returned for handles and data, not copies.
 * @param payload - the packet bytes after the uint32 length
 * @returns the packet
 * @throws WireError for truncated/trailing/invalid bytes;
 *   SFTPError(FX_BAD_MESSAGE) for an unknown packet type or attribute flags
 */
export function decodePacket(payload: Uint8Array): SFTPPacket {
  const r = new WireReader(payload);
  const typeByte = r.u8();
  const type = TYPE_NAMES.get(typeByte);
  if (type === undefined) throw new SFTPError(FX_BAD_MESSAGE, `unknown packet type ${typeByte}`);
  let packet: SFTPPacket;
  switch (type) {
    case 'init':
    case 'version':
      packet = { type, version: r.u32(), extensions: extensions(r) };
      break;
    case 'open':
      packet = { type, id: r.u32(), path: pathField(r), pflags: r.u32(), attrs: decodeAttrs(r) };
      break;
    case 'close':
    case 'fstat':
    case 'readdir':
      packet = { type, id: r.u32(), handle: r.string() };
      break;
    case 'read':
      packet = { type, id: r.u32(), handle: r.string(), offset: Number(r.u64()), length: r.u32() };
      break;
    case 'write':
      packet = { type, id: r.u32(), handle: r.string(), offset: Number(r.u64()), data: r.string() };
      break;
    case 'lstat':
    case 'stat':
    case 'opendir':
    case 'remove':
    case 'rmdir':
    case 'realpath':
    case 'readlink':
      packet = { type, id: r.u32(), path: pathField(r) };
      break;
    case 'setstat':
    case 'mkdir':
      packet = { type, id: r.u32(), path: pathField(r), attrs: decodeAttrs(r) };
      break;
    case 'fsetstat':
      packet = { type, id: r.u32(), handle: r.string(), attrs: decodeAttrs(r) };
      break;
    case 'rename':
      packet = { type, id: r.u32(), oldPath: pathField(r), newPath: pathField(r) };
      break;
    case 'symlink':
      packet = { type, id: r.u32(), targetPath: pathField(r), linkPath: pathField(r) };
      break;
    case 'status': {
      const id = r.u32();
      const code = r.u32();
      // Some pre-v3 servers omit message and language; accept that.
      const message = r.remaining > 0 ? lenientString(r) : '';
      const lang = r.remaining > 0 ? lenientString(r) : '';
      packet = { type, id, code, message, lang };
      break;
    }
    case 'handle':
      packet = { type, id: r.u32(), handle: r.string() };
      break;
    case 'data':
      packet = { type, id: r.u32(), data: r.string() };
      break;
    case 'name': {
      const id = r.u32();
      const count = r.u32();
      const names: SFTPName[] = [];
      // Each entry takes at least 12 bytes, so `count` cannot make this loop
      // run longer than the payload allows: a short payload throws early.
      for (let i = 0; i < count; i++) {
        names.push({ filename: pathField(r), longname: pathField(r), attrs: decodeAttrs(r) });
      }
      packet = { type, id, names };
      break;
    }
    case 'attrs':
      packet = { type, id: r.u32(), attrs: decodeAttrs(r) };
      break;
    case 'extended': {
      const id = r.u32();
      const at = r.offset;
      packet = { type, id, request: decodeUtf8(r.string(), at), data: r.rest() };
      break;
    }
    case 'extended-reply':
      packet = { type, id: r.u32(), data: r.rest() };
      break;
    default: {
      const never: never = type;
      throw new SFTPError(FX_BAD_MESSAGE, `unknown packet type ${String(never)}`);
    }
  }
  r.expectEnd();
  return packet;
}

/**
 * The request id of a payload, if it has one (every packet but INIT/VERSION):
 * used to answer a malformed request with `FX_BAD_MESSAGE`.
 * @returns the id, or `undefined` when the payload is too short or has no id
 */
export function peekRequestId(payload: Uint8Array): number | undefined {
  if (payload.length < 5) return undefined;
  const type = payload[0];
  if (type === FXP_INIT || type === FXP_VERSION) return undefined;
  return new WireReader(payload, {}, 1).u32();
}

// ---- OpenSSH extension request bodies (PROTOCOL §4.3-§4.9) ----

/** Writes the body of an extension request made of strings (paths or handles). */
export function encodeExtensionStrings(...fields: (string | Uint8Array)[]): Uint8Array {
  const w = new WireWriter();
  for (const f of fields) w.string(f);
  return w.finish();
}

/**
 * The body of `limits@openssh.com`'s reply (PROTOCOL §4.8):
 * `uint64 max-packet-length / uint64 max-read-length / uint64 max-write-length / uint64 max-open-handles`.
 */
export interface SFTPLimits {
  maxPacketLength: number;
  maxReadLength: number;
  maxWriteLength: number;
  maxOpenHandles: number;
}

/** Encodes a `limits@openssh.com` reply body. */
export function encodeLimits(l: SFTPLimits): Uint8Array {
  return new WireWriter()
    .u64(l.maxPacketLength)
    .u64(l.maxReadLength)
    .u64(l.maxWriteLength)
    .u64(l.maxOpenHandles)
    .finish();
}

/** Decodes a `limits@openssh.com` reply body. @throws WireError */
export function decodeLimits(body: Uint8Array): SFTPLimits {
  const r = new WireReader(body);
  const n = (): number => Number(r.u64());
  const limits = { maxPacketLength: n(), maxReadLength: n(), maxWriteLength: n(), maxOpenHandles: n() };
  r.expectEnd();
  return limits;
}
