// Just enough IPv4 for the tunnel tests: headers with a real checksum, ICMP
// echo and UDP datagrams, and parsing them back.

/** The Internet checksum (RFC 1071) of `b`. */
export function inetChecksum(b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += ((b[i] as number) << 8) | (b[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

const addr = (a: string) => Uint8Array.from(a.split('.').map(Number));
const dotted = (b: Uint8Array) => [...b].join('.');

/** An IPv4 packet (20-byte header, TTL 64) carrying `payload` of `protocol`. */
export function ipv4Packet(src: string, dst: string, protocol: number, payload: Uint8Array): Uint8Array {
  const p = new Uint8Array(20 + payload.length);
  const v = new DataView(p.buffer);
  p[0] = 0x45;
  v.setUint16(2, p.length);
  v.setUint16(4, 0x1234);
  p[8] = 64;
  p[9] = protocol;
  p.set(addr(src), 12);
  p.set(addr(dst), 16);
  v.setUint16(10, inetChecksum(p.subarray(0, 20)));
  p.set(payload, 20);
  return p;
}

/** An ICMP echo request (type 8) with a correct checksum. */
export function icmpEcho(id: number, seq: number, data: Uint8Array): Uint8Array {
  const m = new Uint8Array(8 + data.length);
  const v = new DataView(m.buffer);
  m[0] = 8;
  v.setUint16(4, id);
  v.setUint16(6, seq);
  m.set(data, 8);
  v.setUint16(2, inetChecksum(m));
  return m;
}

/** A UDP datagram with no checksum (0: allowed over IPv4). */
export function udpDatagram(srcPort: number, dstPort: number, data: Uint8Array): Uint8Array {
  const d = new Uint8Array(8 + data.length);
  const v = new DataView(d.buffer);
  v.setUint16(0, srcPort);
  v.setUint16(2, dstPort);
  v.setUint16(4, d.length);
  d.set(data, 8);
  return d;
}

/** The fields of an IPv4 packet the tests look at. */
export interface ParsedIPv4 {
  readonly src: string;
  readonly dst: string;
  readonly protocol: number;
  /** Whether the header checksum verifies. */
  readonly headerOk: boolean;
  readonly payload: Uint8Array;
}

/** Parses an IPv4 packet; undefined for anything else (IPv6 the kernel may send, say). */
export function parseIPv4(p: Uint8Array): ParsedIPv4 | undefined {
  if (p.length < 20 || (p[0] as number) >> 4 !== 4) return undefined;
  const ihl = ((p[0] as number) & 0x0f) * 4;
  const total = new DataView(p.buffer, p.byteOffset).getUint16(2);
  return {
    src: dotted(p.subarray(12, 16)),
    dst: dotted(p.subarray(16, 20)),
    protocol: p[9] as number,
    headerOk: inetChecksum(p.subarray(0, ihl)) === 0,
    payload: p.subarray(ihl, total),
  };
}
