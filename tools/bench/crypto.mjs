// Bulk-crypto throughput of @sshkit/ssh-crypto: every cipher (× MAC for the
// non-AEAD ones) on the portable backend (what runtimes without Node get:
// @noble/*, with ChaCha20 and Poly1305 in WebAssembly) and the node:crypto backend,
// side by side with node:crypto called directly as the ceiling. 32 KiB
// packets, driven the way the transport drives them: build the packet in a
// preallocated buffer, seal(seq, packet) in place, then on the receiving side
// packetLength(seq, head) + open(seq, packet) in place. One "packet" below is
// one seal + one open, so MB/s is payload bytes carried per second, both ends.
//
// Run after `pnpm run build` in packages/ssh-crypto:
//   node tools/bench/crypto.mjs            # default matrix (~15 s)
//   node tools/bench/crypto.mjs --all      # every cipher × every MAC
//   BENCH_MS=1500 node tools/bench/crypto.mjs chacha   # longer rows, filtered by substring
//
// Rows are a list (ROWS) of {group, name, impls: {label: () => step}}; kex and
// signature rows can be appended the same way.
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';

import {
  createCipherRegistry,
  createMacRegistry,
  createPacketOpener,
  createPacketSealer,
  defaultCiphers,
  defaultMacs,
  nodeBackend,
  portableBackend,
  supportedCiphers,
  supportedMacs,
} from '@sshkit/ssh-crypto/node';

const PACKET = 32 * 1024; // payload bytes per packet (OpenSSH's channel packet size)
const ROW_MS = Number(process.env.BENCH_MS ?? 500); // per row, shared by its three implementations
const args = process.argv.slice(2);
const ALL = args.includes('--all');
const FILTER = args.find((a) => !a.startsWith('--'));

const IMPLS = {
  portable: { ciphers: createCipherRegistry(portableBackend), macs: createMacRegistry(portableBackend) },
  node: { ciphers: createCipherRegistry(nodeBackend), macs: createMacRegistry(nodeBackend) },
};
const KEY = new Uint8Array(64).fill(0x42);
const IV = new Uint8Array(16).fill(0x24);
const MAC_KEY = new Uint8Array(64).fill(0x33);

/** Plaintext packet layout (RFC 4253 §6) with room for the trailer. */
function layoutPacket(layout) {
  const unpadded = 4 + 1 + PACKET + 4 - layout.aadLength;
  const padding = 4 + ((layout.blockSize - (unpadded % layout.blockSize)) % layout.blockSize);
  const packetLength = 1 + PACKET + padding;
  const packet = new Uint8Array(4 + packetLength + layout.trailerLength);
  new DataView(packet.buffer).setUint32(0, packetLength);
  packet[4] = padding;
  return packet;
}

/** sshkit: seal then open one packet per step, as the two transports would. */
function sshkit(impl, cipherName, macName) {
  return () => {
    const reg = IMPLS[impl];
    const cipher = reg.ciphers.get(cipherName);
    const mac = macName === undefined ? undefined : reg.macs.get(macName);
    const opts = {
      cipher,
      key: KEY.subarray(0, cipher.keyLength),
      iv: IV.subarray(0, cipher.ivLength),
      mac,
      macKey: mac === undefined ? undefined : MAC_KEY.subarray(0, mac.keyLength),
    };
    const sealer = createPacketSealer(opts);
    const opener = createPacketOpener(opts);
    const packet = layoutPacket(sealer);
    const head = packet.subarray(0, opener.headerLength);
    let seq = 0;
    return () => {
      sealer.seal(seq, packet);
      opener.packetLength(seq, head);
      opener.open(seq, packet);
      seq = (seq + 1) >>> 0;
    };
  };
}

// ---- node:crypto called directly: the ceiling ----

function rawGcm(bits) {
  return () => {
    const key = KEY.subarray(0, bits / 8);
    const nonce = IV.slice(0, 12);
    const packet = layoutPacket({ blockSize: 16, aadLength: 4, trailerLength: 16 });
    const n = packet.length - 16;
    const alg = `aes-${bits}-gcm`;
    return () => {
      const c = createCipheriv(alg, key, nonce);
      c.setAAD(packet.subarray(0, 4));
      packet.set(c.update(packet.subarray(4, n)), 4);
      c.final();
      packet.set(c.getAuthTag(), n);
      const d = createDecipheriv(alg, key, nonce);
      d.setAuthTag(packet.subarray(n));
      d.setAAD(packet.subarray(0, 4));
      const plain = d.update(packet.subarray(4, n));
      d.final();
      packet.set(plain, 4);
      nonce[11]++;
    };
  };
}

// Node has no OpenSSH chacha20-poly1305; its RFC 8439 AEAD does the same work
// (one ChaCha20 pass plus Poly1305 over the packet) and serves as the ceiling.
function rawChachaAead() {
  return () => {
    const key = KEY.subarray(0, 32);
    const nonce = new Uint8Array(12);
    const packet = layoutPacket({ blockSize: 8, aadLength: 4, trailerLength: 16 });
    const n = packet.length - 16;
    return () => {
      const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
      c.setAAD(packet.subarray(0, 4));
      packet.set(c.update(packet.subarray(4, n)), 4);
      c.final();
      packet.set(c.getAuthTag(), n);
      const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
      d.setAuthTag(packet.subarray(n));
      d.setAAD(packet.subarray(0, 4));
      const plain = d.update(packet.subarray(4, n));
      d.final();
      packet.set(plain, 4);
      nonce[11]++;
    };
  };
}

const RAW_HASH = {
  'hmac-sha2-256': 'sha256',
  'hmac-sha2-512': 'sha512',
  'hmac-sha1': 'sha1',
  'hmac-md5': 'md5',
};
const RAW_CIPHER = {
  'aes128-ctr': ['aes-128-ctr', 16, 16],
  'aes192-ctr': ['aes-192-ctr', 24, 16],
  'aes256-ctr': ['aes-256-ctr', 32, 16],
  'aes128-cbc': ['aes-128-cbc', 16, 16],
  'aes192-cbc': ['aes-192-cbc', 24, 16],
  'aes256-cbc': ['aes-256-cbc', 32, 16],
  '3des-cbc': ['des-ede3-cbc', 24, 8],
  // Without the OpenSSL legacy provider these three are unavailable (no ceiling shown).
  'blowfish-cbc': ['bf-cbc', 16, 8],
  'cast128-cbc': ['cast5-cbc', 16, 8],
  arcfour128: ['rc4', 16, 8],
};
const DIGEST_LENGTH = { sha256: 32, sha512: 64, sha1: 20, md5: 16 };

/** Whether this OpenSSL can run the cipher (legacy ciphers need the legacy provider). */
function openSSLHas(alg, keyLength, ivLength) {
  try {
    createCipheriv(alg, KEY.subarray(0, keyLength), alg === 'rc4' ? null : IV.subarray(0, ivLength));
    return true;
  } catch {
    return false;
  }
}

/** A stream/CBC cipher + HMAC (etm or not) straight on node:crypto. */
function rawStreamMac(cipherName, macName) {
  return () => {
    const [alg, keyLen, block] = RAW_CIPHER[cipherName] ?? [];
    const base = macName.replace('-etm@openssh.com', '').replace('-96', '');
    const hash = RAW_HASH[base];
    const etm = macName.endsWith('-etm@openssh.com');
    const macLen = macName.includes('-96') ? 12 : DIGEST_LENGTH[hash];
    const iv = alg === 'rc4' ? null : IV.subarray(0, block);
    const enc = alg && createCipheriv(alg, KEY.subarray(0, keyLen), iv);
    const dec = alg && createDecipheriv(alg, KEY.subarray(0, keyLen), iv);
    if (alg) {
      enc.setAutoPadding(false);
      dec.setAutoPadding(false);
    }
    const packet = layoutPacket({ blockSize: block ?? 8, aadLength: etm ? 4 : 0, trailerLength: macLen });
    const end = packet.length - macLen;
    const from = etm ? 4 : 0;
    const seq4 = new Uint8Array(4);
    const view = new DataView(seq4.buffer);
    let seq = 0;
    const mac = () =>
      createHmac(hash, MAC_KEY.subarray(0, DIGEST_LENGTH[hash]))
        .update(seq4)
        .update(packet.subarray(0, end))
        .digest();
    return () => {
      view.setUint32(0, seq);
      if (!etm) packet.set(mac().subarray(0, macLen), end);
      if (enc) packet.set(enc.update(packet.subarray(from, end)), from);
      if (etm) packet.set(mac().subarray(0, macLen), end);
      if (etm && !timingSafeEqual(mac().subarray(0, macLen), packet.subarray(end))) throw new Error('mac');
      if (dec) packet.set(dec.update(packet.subarray(from, end)), from);
      if (!etm && !timingSafeEqual(mac().subarray(0, macLen), packet.subarray(end))) throw new Error('mac');
      seq = (seq + 1) >>> 0;
    };
  };
}

function rawFor(cipherName, macName) {
  if (cipherName === 'chacha20-poly1305@openssh.com') return rawChachaAead();
  if (cipherName === 'aes128-gcm@openssh.com') return rawGcm(128);
  if (cipherName === 'aes256-gcm@openssh.com') return rawGcm(256);
  // Node has no UMAC, and no Blowfish/CAST5/RC4 without the legacy provider.
  if (macName === undefined || macName.startsWith('umac-')) return undefined;
  const raw = RAW_CIPHER[cipherName];
  if (cipherName !== 'none' && (raw === undefined || !openSSLHas(...raw))) return undefined;
  return rawStreamMac(cipherName, macName);
}

// ---- the rows ----

const AEAD = new Set(['chacha20-poly1305@openssh.com', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com']);

function cipherRow(cipher, mac) {
  const impls = { portable: sshkit('portable', cipher, mac), node: sshkit('node', cipher, mac) };
  const raw = rawFor(cipher, mac);
  if (raw) impls['node:crypto'] = raw;
  return { group: 'cipher', name: mac === undefined ? cipher : `${cipher} + ${mac}`, impls };
}

/** The row list. Append {group, name, impls} entries for other areas (kex, signatures). */
export const ROWS = [];
const ciphers = ALL ? supportedCiphers() : defaultCiphers();
const macs = ALL ? supportedMacs() : defaultMacs();
for (const c of ciphers) {
  if (AEAD.has(c)) ROWS.push(cipherRow(c));
  else for (const m of macs) ROWS.push(cipherRow(c, m));
}
if (!ALL) {
  // One row per legacy cipher, and every MAC alone (cipher none).
  for (const c of supportedCiphers()) {
    if (!defaultCiphers().includes(c) && c !== 'none')
      ROWS.push(cipherRow(c, 'hmac-sha2-256-etm@openssh.com'));
  }
  for (const m of supportedMacs()) ROWS.push(cipherRow('none', m));
}

// ---- the runner (mark(name, fn) style: one primitive per line) ----

function measure(makeStep, ms) {
  const step = makeStep();
  const warm = performance.now();
  while (performance.now() - warm < Math.min(100, ms / 4)) step();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    step();
    n++;
    now = performance.now();
  }
  return (n * PACKET) / ((now - start) / 1000) / 1e6;
}

const fmt = (x) => (x === undefined ? '—' : x.toFixed(0));
const ratio = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}x`);
const rows = ROWS.filter((r) => FILTER === undefined || r.name.includes(FILTER));
const header = [
  'row (32 KiB packets, seal+open)',
  'portable MB/s',
  'node MB/s',
  'node:crypto MB/s',
  'node/portable',
  'node:crypto/node',
];
const lines = [];
for (const row of rows) {
  const labels = Object.keys(row.impls);
  const per = ROW_MS / labels.length;
  const r = Object.fromEntries(labels.map((l) => [l, measure(row.impls[l], per)]));
  const line = [
    row.name,
    fmt(r.portable),
    fmt(r.node),
    fmt(r['node:crypto']),
    ratio(r.node, r.portable),
    ratio(r['node:crypto'], r.node),
  ];
  lines.push(line);
  process.stderr.write(`${line.join('  ')}\n`);
}
console.log(`\nNode ${process.version}, ${PACKET / 1024} KiB packets, ${ROW_MS} ms per row\n`);
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
for (const l of lines) console.log(`| ${l.join(' | ')} |`);
