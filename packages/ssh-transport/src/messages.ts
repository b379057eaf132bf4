import {
  MSG_DEBUG,
  MSG_DISCONNECT,
  MSG_EXT_INFO,
  MSG_IGNORE,
  MSG_KEXINIT,
  MSG_NEWKEYS,
  MSG_PING,
  MSG_PONG,
  MSG_SERVICE_ACCEPT,
  MSG_SERVICE_REQUEST,
  MSG_UNIMPLEMENTED,
} from '@sshkit/ssh-codes';
import { WireReader, WireWriter } from '@sshkit/ssh-wire';

/** The algorithm lists of a KEXINIT, in RFC 4253 §7.1 order. */
export interface KexInit {
  readonly cookie: Uint8Array;
  readonly kexAlgs: readonly string[];
  readonly hostKeyAlgs: readonly string[];
  readonly encryptionC2S: readonly string[];
  readonly encryptionS2C: readonly string[];
  readonly macC2S: readonly string[];
  readonly macS2C: readonly string[];
  readonly compressionC2S: readonly string[];
  readonly compressionS2C: readonly string[];
  readonly languagesC2S: readonly string[];
  readonly languagesS2C: readonly string[];
  readonly firstKexPacketFollows: boolean;
}

// RFC 4253 §7.1  byte SSH_MSG_KEXINIT / byte[16] cookie / name-list kex_algorithms /
// name-list server_host_key_algorithms / name-list encryption c2s, s2c / mac c2s, s2c /
// compression c2s, s2c / languages c2s, s2c / boolean first_kex_packet_follows / uint32 0
export function encodeKexInit(m: KexInit): Uint8Array {
  return new WireWriter(512)
    .u8(MSG_KEXINIT)
    .raw(m.cookie)
    .nameList(m.kexAlgs)
    .nameList(m.hostKeyAlgs)
    .nameList(m.encryptionC2S)
    .nameList(m.encryptionS2C)
    .nameList(m.macC2S)
    .nameList(m.macS2C)
    .nameList(m.compressionC2S)
    .nameList(m.compressionS2C)
    .nameList(m.languagesC2S)
    .nameList(m.languagesS2C)
    .bool(m.firstKexPacketFollows)
    .u32(0)
    .finish();
}

/** @throws WireError for a malformed message */
export function decodeKexInit(payload: Uint8Array): KexInit {
  const r = new WireReader(payload);
  r.u8();
  const m: KexInit = {
    cookie: r.bytes(16),
    kexAlgs: r.nameList(),
    hostKeyAlgs: r.nameList(),
    encryptionC2S: r.nameList(),
    encryptionS2C: r.nameList(),
    macC2S: r.nameList(),
    macS2C: r.nameList(),
    compressionC2S: r.nameList(),
    compressionS2C: r.nameList(),
    languagesC2S: r.nameList(),
    languagesS2C: r.nameList(),
    firstKexPacketFollows: r.bool(),
  };
  r.u32(); // reserved
  r.expectEnd();
  return m;
}

// RFC 4253 §11.1  byte SSH_MSG_DISCONNECT / uint32 reason code / string description / string language tag
export interface Disconnect {
  readonly code: number;
  readonly description: string;
  readonly lang: string;
}
export function encodeDisconnect(m: Disconnect): Uint8Array {
  return new WireWriter(64).u8(MSG_DISCONNECT).u32(m.code).string(m.description).string(m.lang).finish();
}
export function decodeDisconnect(payload: Uint8Array): Disconnect {
  const r = new WireReader(payload);
  r.u8();
  const m = { code: r.u32(), description: r.utf8(), lang: r.utf8() };
  r.expectEnd();
  return m;
}

// RFC 4253 §11.2  byte SSH_MSG_IGNORE / string data
export function encodeIgnore(data: Uint8Array): Uint8Array {
  return new WireWriter(data.length + 8).u8(MSG_IGNORE).string(data).finish();
}

// RFC 4253 §11.3  byte SSH_MSG_DEBUG / boolean always_display / string message / string language tag
export interface Debug {
  readonly alwaysDisplay: boolean;
  readonly message: string;
  readonly lang: string;
}
export function encodeDebug(m: Debug): Uint8Array {
  return new WireWriter(64).u8(MSG_DEBUG).bool(m.alwaysDisplay).string(m.message).string(m.lang).finish();
}
export function decodeDebug(payload: Uint8Array): Debug {
  const r = new WireReader(payload);
  r.u8();
  const m = { alwaysDisplay: r.bool(), message: r.utf8(), lang: r.utf8() };
  r.expectEnd();
  return m;
}

// RFC 4253 §11.4  byte SSH_MSG_UNIMPLEMENTED / uint32 packet sequence number of rejected message
export function encodeUnimplemented(seq: number): Uint8Array {
  return new WireWriter(8).u8(MSG_UNIMPLEMENTED).u32(seq).finish();
}
export function decodeUnimplemented(payload: Uint8Array): number {
  const r = new WireReader(payload);
  r.u8();
  const seq = r.u32();
  r.expectEnd();
  return seq;
}

// RFC 4253 §10  byte SSH_MSG_SERVICE_REQUEST / string service name (and SERVICE_ACCEPT alike)
export function encodeServiceRequest(service: string): Uint8Array {
  return new WireWriter(32).u8(MSG_SERVICE_REQUEST).string(service).finish();
}
export function encodeServiceAccept(service: string): Uint8Array {
  return new WireWriter(32).u8(MSG_SERVICE_ACCEPT).string(service).finish();
}
export function decodeService(payload: Uint8Array): string {
  const r = new WireReader(payload);
  r.u8();
  const name = r.utf8();
  r.expectEnd();
  return name;
}

// RFC 4253 §12  byte SSH_MSG_NEWKEYS
export function encodeNewKeys(): Uint8Array {
  return Uint8Array.of(MSG_NEWKEYS);
}

// RFC 8308 §2.3  byte SSH_MSG_EXT_INFO / uint32 nr-extensions / repeat: string name, string value
export function encodeExtInfo(extensions: ReadonlyMap<string, Uint8Array | string>): Uint8Array {
  const w = new WireWriter(128).u8(MSG_EXT_INFO).u32(extensions.size);
  for (const [name, value] of extensions) w.string(name).string(value);
  return w.finish();
}
export function decodeExtInfo(payload: Uint8Array): Map<string, Uint8Array> {
  const r = new WireReader(payload);
  r.u8();
  const count = r.u32();
  const out = new Map<string, Uint8Array>();
  // Each extension needs at least 8 bytes, so a huge count fails on truncation, not on memory.
  for (let i = 0; i < count; i++) out.set(r.utf8(), r.string());
  r.expectEnd();
  return out;
}

// OpenSSH PROTOCOL §1.9  byte SSH_MSG_PING / string data (and SSH_MSG_PONG alike)
export function encodePing(data: Uint8Array): Uint8Array {
  return new WireWriter(data.length + 8).u8(MSG_PING).string(data).finish();
}
export function encodePong(data: Uint8Array): Uint8Array {
  return new WireWriter(data.length + 8).u8(MSG_PONG).string(data).finish();
}
export function decodePingData(payload: Uint8Array): Uint8Array {
  const r = new WireReader(payload);
  r.u8();
  const data = r.string();
  r.expectEnd();
  return data;
}
