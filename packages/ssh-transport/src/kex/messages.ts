import {
  MSG_KEX_DH_GEX_GROUP,
  MSG_KEX_DH_GEX_INIT,
  MSG_KEX_DH_GEX_REPLY,
  MSG_KEX_DH_GEX_REQUEST,
  MSG_KEXDH_INIT,
  MSG_KEXDH_REPLY,
} from '@sshkit/ssh-codes';
import type { DhGroup, GexRequest } from '@sshkit/ssh-crypto';
import { WireReader, WireWriter } from '@sshkit/ssh-wire';

// Direct methods share one layout (RFC 4253 §8, RFC 5656 §4, RFC 8731, the PQ hybrids):
//   byte 30 (KEXDH_INIT / KEX_ECDH_INIT / KEX_HYBRID_INIT) / string-or-mpint client value
//   byte 31 (..._REPLY) / string K_S / string-or-mpint server value / string signature of H
// Values travel as field bodies: an mpint's body and a string's body are written alike.

export function encodeKexInitValue(value: Uint8Array, type: number = MSG_KEXDH_INIT): Uint8Array {
  return new WireWriter(value.length + 16).u8(type).string(value).finish();
}

export function decodeKexInitValue(payload: Uint8Array): Uint8Array {
  const r = new WireReader(payload);
  r.u8();
  const value = r.string();
  r.expectEnd();
  return value;
}

export interface KexReply {
  readonly hostKey: Uint8Array;
  readonly serverValue: Uint8Array;
  readonly signature: Uint8Array;
}

export function encodeKexReply(m: KexReply, type: number = MSG_KEXDH_REPLY): Uint8Array {
  return new WireWriter(m.hostKey.length + m.serverValue.length + m.signature.length + 32)
    .u8(type)
    .string(m.hostKey)
    .string(m.serverValue)
    .string(m.signature)
    .finish();
}

export function decodeKexReply(payload: Uint8Array): KexReply {
  const r = new WireReader(payload);
  r.u8();
  const m = { hostKey: r.string(), serverValue: r.string(), signature: r.string() };
  r.expectEnd();
  return m;
}

// RFC 4419 §3  byte SSH_MSG_KEX_DH_GEX_REQUEST / uint32 min / uint32 n / uint32 max
export function encodeGexRequest(m: GexRequest): Uint8Array {
  return new WireWriter(16).u8(MSG_KEX_DH_GEX_REQUEST).u32(m.min).u32(m.n).u32(m.max).finish();
}

export function decodeGexRequest(payload: Uint8Array): GexRequest {
  const r = new WireReader(payload);
  r.u8();
  const m = { min: r.u32(), n: r.u32(), max: r.u32() };
  r.expectEnd();
  return m;
}

// RFC 4419 §3  byte SSH_MSG_KEX_DH_GEX_GROUP / mpint p / mpint g
export function encodeGexGroup(g: DhGroup): Uint8Array {
  return new WireWriter(1100).u8(MSG_KEX_DH_GEX_GROUP).mpint(g.p).mpint(g.g).finish();
}

export function decodeGexGroup(payload: Uint8Array): DhGroup {
  const r = new WireReader(payload);
  r.u8();
  const m = { p: r.mpint(), g: r.mpint() };
  r.expectEnd();
  return m;
}

export const GEX_INIT = MSG_KEX_DH_GEX_INIT;
export const GEX_REPLY = MSG_KEX_DH_GEX_REPLY;
