// The known-answer, symmetry and rejection suite every key exchange registry
// must pass (CONVENTIONS rule 18): the portable one (noble) and the Node one
// (OpenSSL X25519/ECDH). test/kex.test.ts runs it once per registry.
import { describe, expect, it, test } from '@jest/globals';
import { x25519 } from '@noble/curves/ed25519.js';
import { p256, p521 } from '@noble/curves/nist.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { bigIntToBytes, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { getHash } from '../src/hash/registry.js';
import { deriveSessionKeys } from '../src/kdf/derive-keys.js';
import type { KexOutcome, KexSpec, KexTranscript } from '../src/kex/types.js';
import { sntrup761Decapsulate, sntrup761Encapsulate, sntrup761KeyPair } from '../src/pq/sntrup761.js';
import type { RandomSource } from '../src/random.js';

/** Deterministic test randomness: SHA-256 in counter mode over a seed. */
export function seeded(seed: string): RandomSource {
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

export const typed = (name: string, kind?: string) =>
  expect.objectContaining(kind === undefined ? { name } : { name, kind });

export const transcript: KexTranscript = {
  clientVersion: 'SSH-2.0-sshkit_client',
  serverVersion: 'SSH-2.0-OpenSSH_9.2',
  clientKexInit: utf8ToBytes('client kexinit payload'),
  serverKexInit: utf8ToBytes('server kexinit payload'),
  hostKey: utf8ToBytes('host key blob'),
};

/** Runs client and server math in memory, as the transport will around messages. */
export function runExchange(spec: KexSpec, tag: string): { client: KexOutcome; server: KexOutcome } {
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

/** What the suite needs of a registry (`src/kex/registry.ts` or `registry.node.ts`). */
export interface KexRegistryUnderTest {
  getKex(name: string): KexSpec;
  readonly kexAlgorithms: ReadonlyMap<string, KexSpec>;
}

/** Declares the suite for `registry`; call inside a describe. */
export function kexCompliance({ getKex, kexAlgorithms }: KexRegistryUnderTest): void {
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

    it('ecdh-sha2-nistp521 rejects a coordinate written unreduced (x + p)', () => {
      const spec = getKex('ecdh-sha2-nistp521');
      if (spec.kind !== 'direct') throw new Error('expected a direct kex');
      // p = 2^521 - 1 leaves room for x + p in the 66-byte field element.
      const good = spec.client({ random: seeded('p521') }).publicValue;
      const x = BigInt(`0x${bytesToHex(good.subarray(1, 67))}`);
      const bad = good.slice();
      bad.set(bigIntToBytes(x + p521.Point.Fp.ORDER, 66), 1);
      expect(() => spec.server({ random: seeded('s') }).respond(bad)).toThrow(
        typed('CryptoError', 'invalid-public-value'),
      );
      expect(spec.server({ random: seeded('s') }).respond(good).serverPublic.length).toBe(133);
    });

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
}
