import { describe, expect, it, test } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeMpint, WireWriter } from '@sshkit/ssh-wire';
import { modpGroup, modpGroups } from '../src/kex/dh-groups.js';
import * as portableRegistry from '../src/kex/registry.js';
import { defaultKexAlgs, getKex, legacyKexAlgs, supportedKexAlgs } from '../src/kex/registry.js';
import * as nodeRegistry from '../src/kex/registry.node.js';
import type { DhGroup, GroupExchangeKexSpec } from '../src/kex/types.js';
import { bitLength, isProbablePrime, modPow } from '../src/rsa/math.js';
import { kexCompliance, seeded, transcript, typed } from './kex-compliance.js';

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

describe.each([
  ['noble', portableRegistry],
  ['node', nodeRegistry],
] as const)('%s key agreement', (_name, registry) => {
  kexCompliance(registry);
});
