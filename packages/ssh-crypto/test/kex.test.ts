import { describe, expect, it, test } from '@jest/globals';
import { x25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { encodeMpint, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { getHash } from '../src/hash/registry.js';
import { deriveSessionKeys } from '../src/kdf/derive-keys.js';
import { modpGroup, modpGroups } from '../src/kex/dh-groups.js';
import {
  defaultKexAlgs,
  getKex,
  kexAlgorithms,
  legacyKexAlgs,
  supportedKexAlgs,
} from '../src/kex/registry.js';
import type { DhGroup, GroupExchangeKexSpec, KexOutcome, KexSpec, KexTranscript } from '../src/kex/types.js';
import { sntrup761Decapsulate, sntrup761Encapsulate, sntrup761KeyPair } from '../src/pq/sntrup761.js';
import type { RandomSource } from '../src/random.js';
import { bitLength, isProbablePrime, modPow } from '../src/rsa/math.js';

/** Deterministic test randomness: SHA-256 in counter mode over a seed. */
function seeded(seed: string): RandomSource {
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let at = 0; at < length; at += 32) {
      const block = sha256(utf8ToBytes(`${seed}:${counter++}`));
      out.set(block.subarray(0, Math.min(32, length - at)), at);
    }
    return out;
  };
}

const typed = (name: string, kind?: string) =>
  expect.objectContaining(kind === undefined ? { name } : { name, kind });

const transcript: KexTranscript = {
  clientVersion: 'SSH-2.0-sshkit_client',
  serverVersion: 'SSH-2.0-OpenSSH_9.2',
  clientKexInit: utf8ToBytes('client kexinit payload'),
  serverKexInit: utf8ToBytes('server kexinit payload'),
  hostKey: utf8ToBytes('host key blob'),
};

/** Runs client and server math in memory, as the transport will around messages. */
function runExchange(spec: KexSpec, tag: string): { client: KexOutcome; server: KexOutcome } {
  const clientRandom = seeded(`${tag}:client`);
  const serverRandom = seeded(`${tag}:server`);
  switch (spec.kind) {
    case 'direct': {
      const client = spec.client({ random: clientRandom });
      const server = spec.server({ random: serverRandom }).respond(client.publicValue);
      return { client: client.finish(server.serverPublic), server };
    }
    case 'group-exchange': {
      const client = spec.client({ random: clientRandom, request: { min: 2048, n: 2048, max: 8192 } });
      const choice = spec.server({ random: serverRandom }).chooseGroup(client.request);
      const dh = client.acceptGroup(choice.group);
      const server = choice.respond(dh.publicValue);
      return { client: dh.finish(server.serverPublic), server };
    }
    default: {
      const never: never = spec;
      throw new Error(`unhandled ${String(never)}`);
    }
  }
}

describe('kex registry', () => {
  it('lists the OpenSSH 10 defaults, in OpenSSH order', () => {
    expect(defaultKexAlgs()).toEqual([
      'mlkem768x25519-sha256',
      'sntrup761x25519-sha512',
      'sntrup761x25519-sha512@openssh.com',
      'curve25519-sha256',
      'curve25519-sha256@libssh.org',
      'ecdh-sha2-nistp256',
      'ecdh-sha2-nistp384',
      'ecdh-sha2-nistp521',
      'diffie-hellman-group-exchange-sha256',
      'diffie-hellman-group16-sha512',
      'diffie-hellman-group18-sha512',
      'diffie-hellman-group14-sha256',
    ]);
  });

  it('keeps the SHA-1 and 1024-bit methods legacy: supported, usable by name, not default', () => {
    expect(legacyKexAlgs().sort()).toEqual([
      'diffie-hellman-group-exchange-sha1',
      'diffie-hellman-group1-sha1',
      'diffie-hellman-group14-sha1',
    ]);
    for (const name of legacyKexAlgs()) {
      expect(supportedKexAlgs()).toContain(name);
      expect(getKex(name).hash).toBe('sha1');
    }
  });

  it('marks the KEM hybrids as direct methods with a string-encoded K', () => {
    for (const [name, hash] of [
      ['mlkem768x25519-sha256', 'sha256'],
      ['sntrup761x25519-sha512', 'sha512'],
      ['sntrup761x25519-sha512@openssh.com', 'sha512'],
    ] as const) {
      expect(getKex(name)).toMatchObject({
        kind: 'direct',
        hash,
        sharedSecretEncoding: 'string',
        legacy: false,
      });
    }
  });

  it('resolves every default and supported name; defaults are never legacy', () => {
    for (const name of [...defaultKexAlgs(), ...supportedKexAlgs()]) expect(getKex(name).name).toBe(name);
    for (const name of defaultKexAlgs()) expect(getKex(name).legacy).toBe(false);
    for (const name of legacyKexAlgs()) expect(defaultKexAlgs()).not.toContain(name);
  });

  it('rejects unknown names with a typed error', () => {
    expect(() => getKex('diffie-hellman-group1-sha1x')).toThrow(
      typed('CryptoError', 'unsupported-algorithm'),
    );
  });
});

describe('client and server derive identical K, H and keys (CONVENTIONS rule 17)', () => {
  test.each([...kexAlgorithms.values()])('$name', (spec) => {
    const { client, server } = runExchange(spec, spec.name);
    expect(bytesToHex(client.sharedSecret)).toBe(bytesToHex(server.sharedSecret));
    expect(bytesToHex(client.clientPublic)).toBe(bytesToHex(server.clientPublic));
    expect(bytesToHex(client.serverPublic)).toBe(bytesToHex(server.serverPublic));
    const h = client.exchangeHash(transcript);
    expect(bytesToHex(server.exchangeHash(transcript))).toBe(bytesToHex(h));
    expect(h.length).toBe(getHash(spec.hash).outputLength);
    // K's encoding: `string` (length, then the hash output) for hybrids, a positive mpint otherwise.
    const k = new WireReader(client.sharedSecret);
    if (spec.sharedSecretEncoding === 'string')
      expect(k.string().length).toBe(getHash(spec.hash).outputLength);
    else expect(k.mpint() > 1n).toBe(true);
    k.expectEnd();
    const lengths = { ivLength: 16, keyLength: 32, macKeyLength: 32 };
    const both = { clientToServer: lengths, serverToClient: lengths };
    const ck = deriveSessionKeys(spec.hash, client.sharedSecret, h, h, both);
    const sk = deriveSessionKeys(spec.hash, server.sharedSecret, h, h, both);
    expect(ck).toEqual(sk);
    expect(bytesToHex(ck.clientToServer.key)).not.toBe(bytesToHex(ck.serverToClient.key));
    // Deterministic given the injected randomness.
    expect(bytesToHex(runExchange(spec, spec.name).client.exchangeHash(transcript))).toBe(bytesToHex(h));
  });
});

describe('curve25519-sha256 (RFC 7748, RFC 8731)', () => {
  it('X25519 matches RFC 7748 §5.2 (first vector)', () => {
    const scalar = hexToBytes('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4');
    const u = hexToBytes('e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c');
    expect(bytesToHex(x25519.scalarMult(scalar, u))).toBe(
      'c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552',
    );
  });

  it('encodes the RFC 7748 §6.1 shared secret as an mpint K and hashes it into H', () => {
    const alicePriv = hexToBytes('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const bobPriv = hexToBytes('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
    const alicePub = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';
    const bobPub = 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f';
    const spec = getKex('curve25519-sha256');
    if (spec.kind !== 'direct') throw new Error('expected a direct kex');
    const client = spec.client({ random: () => alicePriv.slice() });
    expect(bytesToHex(client.publicValue)).toBe(alicePub);
    const server = spec.server({ random: () => bobPriv.slice() }).respond(client.publicValue);
    expect(bytesToHex(server.serverPublic)).toBe(bobPub);
    const outcome = client.finish(server.serverPublic);
    // K = 4a5d9d5b... has its top bit clear, so the mpint is length 32 and the bytes as-is.
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    expect(bytesToHex(outcome.sharedSecret)).toBe(`00000020${shared}`);
    // H by hand: string V_C, V_S, I_C, I_S, K_S, string Q_C, string Q_S, mpint K.
    const hand = sha256(
      new WireWriter()
        .string(transcript.clientVersion)
        .string(transcript.serverVersion)
        .string(transcript.clientKexInit)
        .string(transcript.serverKexInit)
        .string(transcript.hostKey)
        .string(hexToBytes(alicePub))
        .string(hexToBytes(bobPub))
        .raw(hexToBytes(`00000020${shared}`))
        .finish(),
    );
    expect(bytesToHex(outcome.exchangeHash(transcript))).toBe(bytesToHex(hand));
  });

  it('rejects low-order points (all-zero shared secret) and wrong lengths', () => {
    const spec = getKex('curve25519-sha256');
    if (spec.kind !== 'direct') throw new Error('expected a direct kex');
    const zero = new Uint8Array(32);
    const one = new Uint8Array(32);
    one[0] = 1;
    for (const bad of [zero, one]) {
      expect(() => spec.client({ random: seeded('x') }).finish(bad)).toThrow(
        typed('CryptoError', 'degenerate-secret'),
      );
      expect(() => spec.server({ random: seeded('y') }).respond(bad)).toThrow(
        typed('CryptoError', 'degenerate-secret'),
      );
    }
    expect(() => spec.client().finish(new Uint8Array(31))).toThrow(
      typed('CryptoError', 'invalid-public-value'),
    );
  });
});

describe('ecdh-sha2-nistp* (RFC 5656)', () => {
  test.each(['ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521'])(
    '%s rejects off-curve, compressed, identity and truncated points',
    (name) => {
      const spec = getKex(name);
      if (spec.kind !== 'direct') throw new Error('expected a direct kex');
      const good = spec.client({ random: seeded(name) }).publicValue;
      expect(good[0]).toBe(0x04);
      const offCurve = good.slice();
      offCurve[offCurve.length - 1] = (offCurve[offCurve.length - 1] as number) ^ 1;
      const compressed = concatBytes(
        Uint8Array.of(2 + ((good[good.length - 1] as number) & 1)),
        good.subarray(1, 1 + (good.length - 1) / 2),
      );
      const zeros = new Uint8Array(good.length);
      zeros[0] = 0x04;
      for (const bad of [
        offCurve,
        compressed,
        zeros,
        good.subarray(0, 10),
        new Uint8Array(0),
        Uint8Array.of(0),
      ]) {
        expect(() => spec.server({ random: seeded('s') }).respond(bad)).toThrow(
          typed('CryptoError', 'invalid-public-value'),
        );
        expect(() => spec.client({ random: seeded('c') }).finish(bad)).toThrow(
          typed('CryptoError', 'invalid-public-value'),
        );
      }
    },
  );

  it('uses the x coordinate of the shared point as the mpint K', () => {
    const spec = getKex('ecdh-sha2-nistp256');
    if (spec.kind !== 'direct') throw new Error('expected a direct kex');
    // randomInRange(1, n-1) maps the candidate 7 to 1 + 7.
    const d = 8n;
    const seed = new Uint8Array(32);
    seed[31] = 7;
    const client = spec.client({ random: () => seed.slice() });
    const peer = p256.Point.BASE.multiply(11n);
    const outcome = client.finish(peer.toBytes(false));
    const x = peer.multiply(d).toAffine().x;
    expect(bytesToHex(outcome.sharedSecret)).toBe(bytesToHex(new WireWriter().mpint(x).finish()));
  });
});

describe('finite-field DH (RFC 3526 groups, RFC 8268, RFC 4419)', () => {
  it('computes the RFC 3526 primes: published ends and the safe-prime property', () => {
    const ends: Record<number, string> = {
      1024: '49286651ece65381ffffffffffffffff',
      2048: '15728e5a8aacaa68ffffffffffffffff',
      3072: '4b82d120a93ad2caffffffffffffffff',
      4096: '4df435c934063199ffffffffffffffff',
      6144: '6dcc4024ffffffffffffffff',
      8192: '60c980dd98edd3dfffffffffffffffff',
    };
    const random = seeded('mr');
    for (const { p, g } of [modpGroup(2), ...modpGroups()]) {
      const hex = p.toString(16);
      const bits = bitLength(p);
      expect(hex.startsWith('ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd1')).toBe(true);
      expect(hex.endsWith(ends[bits] as string)).toBe(true);
      expect(g).toBe(2n);
      // q = (p-1)/2 probable prime (one Miller–Rabin round), and p prime by Pocklington.
      const q = (p - 1n) / 2n;
      expect(isProbablePrime(q, 1, random)).toBe(true);
      expect(modPow(2n, p - 1n, p)).toBe(1n);
    }
  });

  it('RFC 2409 group 2 (group1-sha1) is the published 1024-bit prime, and not offered to group exchange', () => {
    expect(modpGroup(2).p.toString(16)).toBe(
      'ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7edee386bfb5a899fa5ae9f24117c4b1fe649286651ece65381ffffffffffffffff',
    );
    expect(modpGroups().some((group) => group.p === modpGroup(2).p)).toBe(false);
  });

  test.each([
    'diffie-hellman-group1-sha1',
    'diffie-hellman-group14-sha1',
    'diffie-hellman-group14-sha256',
    'diffie-hellman-group16-sha512',
    'diffie-hellman-group18-sha512',
  ])('%s rejects e and f of 0, 1, p-1 and p (and negative or non-minimal mpints)', (name) => {
    const spec = getKex(name);
    if (spec.kind !== 'direct') throw new Error('expected a direct kex');
    const id = name.includes('group1-') ? 2 : name.includes('14') ? 14 : name.includes('16') ? 16 : 18;
    const { p } = modpGroup(id);
    for (const v of [0n, 1n, p - 1n, p, p + 1n, -2n]) {
      const body = encodeMpint(v);
      expect(() => spec.server({ random: seeded('s') }).respond(body)).toThrow(
        typed('CryptoError', 'invalid-public-value'),
      );
      expect(() => spec.client({ random: seeded('c') }).finish(body)).toThrow(
        typed('CryptoError', 'invalid-public-value'),
      );
    }
    expect(() => spec.server({ random: seeded('s') }).respond(Uint8Array.of(0, 1))).toThrow(
      typed('WireError'),
    );
  });

  describe('group exchange', () => {
    const spec = getKex('diffie-hellman-group-exchange-sha256') as GroupExchangeKexSpec;

    it('the server picks the best-fitting RFC 3526 group for min/n/max', () => {
      const pick = (min: number, n: number, max: number) =>
        bitLength(spec.server({ random: seeded('s') }).chooseGroup({ min, n, max }).group.p);
      expect(pick(2048, 2048, 8192)).toBe(2048);
      expect(pick(2048, 3000, 8192)).toBe(3072);
      expect(pick(2048, 7680, 8192)).toBe(8192);
      expect(pick(2048, 5000, 6000)).toBe(4096);
      expect(() => pick(1024, 1024, 1536)).toThrow(typed('CryptoError', 'invalid-group'));
      expect(() => pick(4096, 2048, 8192)).toThrow(typed('CryptoError', 'invalid-group'));
    });

    it('hashes min, n, max, p and g into H (RFC 4419 §3)', () => {
      const request = { min: 2048, n: 2048, max: 8192 };
      const client = spec.client({ random: seeded('c'), request });
      const choice = spec.server({ random: seeded('s') }).chooseGroup(client.request);
      const dh = client.acceptGroup(choice.group);
      const server = choice.respond(dh.publicValue);
      const outcome = dh.finish(server.serverPublic);
      const hand = sha256(
        new WireWriter()
          .string(transcript.clientVersion)
          .string(transcript.serverVersion)
          .string(transcript.clientKexInit)
          .string(transcript.serverKexInit)
          .string(transcript.hostKey)
          .u32(2048)
          .u32(2048)
          .u32(8192)
          .mpint(choice.group.p)
          .mpint(2n)
          .string(dh.publicValue)
          .string(server.serverPublic)
          .raw(outcome.sharedSecret)
          .finish(),
      );
      expect(bytesToHex(outcome.exchangeHash(transcript))).toBe(bytesToHex(hand));
    });

    it('the client rejects groups that are not safe primes, out of size, or with a bad g', () => {
      const client = spec.client({ random: seeded('c'), request: { min: 2048, n: 2048, max: 4096 } });
      const { p } = modpGroup(14);
      const bad = (group: DhGroup) =>
        expect(() => client.acceptGroup(group)).toThrow(typed('CryptoError', 'invalid-group'));
      bad({ p: modpGroup(17).p, g: 2n }); // 6144 bits > max
      bad({ p: p - 1n, g: 2n }); // even
      bad({ p, g: 1n });
      bad({ p, g: p - 1n });
      bad({ p: p + 2n, g: 2n }); // odd, right size, composite
      // A 2048-bit prime that is not safe: p = 2^2048 - 2^1984 + ... shifted; find one quickly.
      const random = seeded('nonsafe');
      let candidate = (1n << 2047n) + 2n * 1234567n + 1n;
      while (!isProbablePrime(candidate, 4, random) || isProbablePrime((candidate - 1n) / 2n, 4, random)) {
        candidate += 2n;
      }
      bad({ p: candidate, g: 2n });
    });

    it('the client accepts well-known groups and unknown safe primes (Miller–Rabin path)', () => {
      const known = spec.client({ random: seeded('c'), request: { min: 2048, n: 3072, max: 8192 } });
      expect(known.acceptGroup({ p: modpGroup(15).p, g: 5n }).publicValue.length).toBeGreaterThan(0);
      // Search a small safe prime so the test stays fast; the request allows its size.
      const random = seeded('safe');
      let q = (1n << 126n) + 1n;
      while (!isProbablePrime(q, 8, random) || !isProbablePrime(2n * q + 1n, 8, random)) q += 2n;
      const p = 2n * q + 1n;
      const client = spec.client({ random: seeded('c'), request: { min: 128, n: 128, max: 256 } });
      const dh = client.acceptGroup({ p, g: 2n });
      const server = spec.server({ random: seeded('s'), groups: [{ p, g: 2n }] }).chooseGroup(client.request);
      const reply = server.respond(dh.publicValue);
      expect(bytesToHex(dh.finish(reply.serverPublic).sharedSecret)).toBe(bytesToHex(reply.sharedSecret));
    });
  });
});

/** A recorder around a RandomSource: what each draw returned, in order. */
function recording(random: RandomSource): { random: RandomSource; draws: Uint8Array[] } {
  const draws: Uint8Array[] = [];
  return {
    draws,
    random: (length) => {
      const out = random(length);
      draws.push(out.slice());
      return out;
    },
  };
}

function handH(hash: (data: Uint8Array) => Uint8Array, cInit: Uint8Array, sReply: Uint8Array, k: Uint8Array) {
  return hash(
    new WireWriter()
      .string(transcript.clientVersion)
      .string(transcript.serverVersion)
      .string(transcript.clientKexInit)
      .string(transcript.serverKexInit)
      .string(transcript.hostKey)
      .string(cInit)
      .string(sReply)
      .string(k)
      .finish(),
  );
}

describe('mlkem768x25519-sha256 (draft-ietf-sshm-mlkem-hybrid-kex, OpenSSH kexmlkem768x25519.c)', () => {
  const spec = getKex('mlkem768x25519-sha256');
  if (spec.kind !== 'direct') throw new Error('expected a direct kex');

  it('C_INIT = ek (1184) || X25519 (32), S_REPLY = ct (1088) || X25519 (32), K = SHA-256(K_pq || K_cl)', () => {
    const c = recording(seeded('mlkem-client'));
    const s = recording(seeded('mlkem-server'));
    const client = spec.client({ random: c.random });
    const server = spec.server({ random: s.random }).respond(client.publicValue);
    const outcome = client.finish(server.serverPublic);
    // Recompute everything by hand from the recorded randomness with noble directly.
    const [seed, clientX] = c.draws as [Uint8Array, Uint8Array];
    const [msg, serverX] = s.draws as [Uint8Array, Uint8Array];
    expect([seed.length, clientX.length, msg.length, serverX.length]).toEqual([64, 32, 32, 32]);
    const keys = ml_kem768.keygen(seed);
    const cInit = concatBytes(keys.publicKey, x25519.getPublicKey(clientX));
    expect(bytesToHex(client.publicValue)).toBe(bytesToHex(cInit));
    const enc = ml_kem768.encapsulate(keys.publicKey, msg);
    const sReply = concatBytes(enc.cipherText, x25519.getPublicKey(serverX));
    expect(bytesToHex(server.serverPublic)).toBe(bytesToHex(sReply));
    const kCl = x25519.getSharedSecret(clientX, x25519.getPublicKey(serverX));
    const k = sha256(concatBytes(enc.sharedSecret, kCl));
    const kString = new WireWriter().string(k).finish();
    expect(bytesToHex(outcome.sharedSecret)).toBe(bytesToHex(kString));
    expect(bytesToHex(server.sharedSecret)).toBe(bytesToHex(kString));
    expect(bytesToHex(outcome.exchangeHash(transcript))).toBe(bytesToHex(handH(sha256, cInit, sReply, k)));
  });

  it('rejects wrong lengths, an invalid ML-KEM key and a low-order X25519 value', () => {
    const client = spec.client({ random: seeded('c') });
    const server = () => spec.server({ random: seeded('s') });
    const invalid = typed('CryptoError', 'invalid-public-value');
    expect(() => server().respond(client.publicValue.subarray(1))).toThrow(invalid);
    expect(() => server().respond(new Uint8Array([...client.publicValue, 0]))).toThrow(invalid);
    expect(() => client.finish(new Uint8Array(1088 + 31))).toThrow(invalid);
    // FIPS 203 modulus check: a coefficient of 0xfff >= q in the encapsulation key.
    const badKey = client.publicValue.slice();
    badKey[0] = 0xff;
    badKey[1] = 0xff;
    expect(() => server().respond(badKey)).toThrow(invalid);
    const lowOrder = client.publicValue.slice();
    lowOrder.fill(0, 1184);
    expect(() => server().respond(lowOrder)).toThrow(typed('CryptoError', 'degenerate-secret'));
    const reply = server().respond(client.publicValue).serverPublic.slice();
    reply.fill(0, 1088);
    expect(() => client.finish(reply)).toThrow(typed('CryptoError', 'degenerate-secret'));
  });
});

describe.each(['sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com'])(
  '%s (OpenSSH kexsntrup761x25519.c)',
  (name) => {
    const spec = getKex(name);
    if (spec.kind !== 'direct') throw new Error('expected a direct kex');

    it('C_INIT = pk (1158) || X25519 (32), S_REPLY = ct (1039) || X25519 (32), K = SHA-512(K_pq || K_cl)', () => {
      const c = recording(seeded(`${name}-client`));
      const s = recording(seeded(`${name}-server`));
      const client = spec.client({ random: c.random });
      const server = spec.server({ random: s.random }).respond(client.publicValue);
      const outcome = client.finish(server.serverPublic);
      expect(client.publicValue.length).toBe(1158 + 32);
      expect(server.serverPublic.length).toBe(1039 + 32);
      // Replay the client's draws into sntrup761 directly; the X25519 secret is the last draw.
      const clientX = c.draws[c.draws.length - 1] as Uint8Array;
      const replay = [...c.draws];
      const keys = sntrup761KeyPair((n) => {
        const next = replay.shift();
        if (next?.length !== n) throw new Error('draw mismatch');
        return next;
      });
      expect(bytesToHex(client.publicValue)).toBe(
        bytesToHex(concatBytes(keys.publicKey, x25519.getPublicKey(clientX))),
      );
      const kPq = sntrup761Decapsulate(server.serverPublic.subarray(0, 1039), keys.secretKey);
      const kCl = x25519.getSharedSecret(clientX, server.serverPublic.subarray(1039));
      const k = sha512(concatBytes(kPq, kCl));
      expect(bytesToHex(outcome.sharedSecret)).toBe(bytesToHex(new WireWriter().string(k).finish()));
      expect(bytesToHex(outcome.exchangeHash(transcript))).toBe(
        bytesToHex(handH(sha512, client.publicValue, server.serverPublic, k)),
      );
      // And the server side: its ciphertext decapsulates to the same K_pq it used.
      const again = sntrup761Encapsulate(keys.publicKey, seeded('other'));
      expect(bytesToHex(sntrup761Decapsulate(again.ciphertext, keys.secretKey))).toBe(
        bytesToHex(again.sharedSecret),
      );
    });

    it('rejects wrong lengths and a low-order X25519 value', () => {
      const client = spec.client({ random: seeded('c') });
      const invalid = typed('CryptoError', 'invalid-public-value');
      expect(() =>
        spec.server({ random: seeded('s') }).respond(client.publicValue.subarray(0, 1189)),
      ).toThrow(invalid);
      expect(() => client.finish(new Uint8Array(1039 + 33))).toThrow(invalid);
      const lowOrder = client.publicValue.slice();
      lowOrder.fill(0, 1158);
      expect(() => spec.server({ random: seeded('s') }).respond(lowOrder)).toThrow(
        typed('CryptoError', 'degenerate-secret'),
      );
    });
  },
);
