// The Node key agreements (OpenSSL X25519, ECDH and finite-field DH,
// src/kex/*.node.ts) against the portable ones (noble, bigint): each side of
// an exchange on a different implementation, identical transcripts from
// identical randomness, and the RFC 8731 / RFC 5656 / RFC 4253 rejections on
// the OpenSSL path.
import { describe, expect, it, jest } from '@jest/globals';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeMpint } from '@sshkit/ssh-wire';
import fc from 'fast-check';
import { CryptoError } from '../src/errors.js';
import { deriveSessionKeys } from '../src/kdf/derive-keys.js';
import { nobleX25519 } from '../src/kex/curve25519.js';
import { bigintDh } from '../src/kex/dh.js';
import { nodeDh } from '../src/kex/dh.node.js';
import { modpGroup } from '../src/kex/dh-groups.js';
import * as portable from '../src/kex/registry.js';
import * as node from '../src/kex/registry.node.js';
import type { DhGroup, DirectKexSpec, GroupExchangeKexSpec, KexOutcome } from '../src/kex/types.js';
import { nodeX25519 } from '../src/kex/x25519.node.js';
import { defaultRandom } from '../src/random.js';
import { isProbablePrime } from '../src/rsa/math.js';
import { seeded, transcript, typed } from './kex-compliance.js';

/** The methods whose key agreement the Node registry runs on OpenSSL. */
const ACCELERATED = [
  'mlkem768x25519-sha256',
  'sntrup761x25519-sha512',
  'sntrup761x25519-sha512@openssh.com',
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group14-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
  'diffie-hellman-group14-sha1',
];

/** Fixed-group DH: the RFC 3526 groups run on OpenSSL, group 1's Oakley prime stays on bigint. */
const FIXED_DH: ReadonlyArray<readonly [string, 2 | 14 | 16 | 18]> = [
  ['diffie-hellman-group14-sha256', 14],
  ['diffie-hellman-group16-sha512', 16],
  ['diffie-hellman-group18-sha512', 18],
  ['diffie-hellman-group14-sha1', 14],
  ['diffie-hellman-group1-sha1', 2],
];

type Registry = typeof portable | typeof node;

function direct(registry: Registry, name: string): DirectKexSpec {
  const spec = registry.getKex(name);
  if (spec.kind !== 'direct') throw new Error(`${name} is not a direct kex`);
  return spec;
}

/** Little-endian u-coordinate from hex. */
const u = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16));

// RFC 7748 points of order 1, 2, 4 and 8 (u = 0, 1, the two order-8 points,
// p-1), and p, p+1 (≡ 0, 1): X25519 of any of them is all zero.
const LOW_ORDER_CANONICAL = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map(u);
// RFC 7748 §5: the top bit is masked, so the same points with bit 255 set too.
const LOW_ORDER = [
  ...LOW_ORDER_CANONICAL,
  ...LOW_ORDER_CANONICAL.map((v) => {
    const high = v.slice();
    high[31] = (high[31] as number) | 0x80;
    return high;
  }),
];
// p+2 .. p+18: non-canonical encodings of 2..18, to be reduced mod p (RFC 7748 §5).
const NON_CANONICAL = Array.from({ length: 17 }, (_, k) => {
  const v = new Uint8Array(32).fill(0xff);
  v[0] = 0xef + k;
  v[31] = 0x7f;
  return v;
});

function sameOutcome(client: KexOutcome, server: KexOutcome): void {
  expect(bytesToHex(client.sharedSecret)).toBe(bytesToHex(server.sharedSecret));
  expect(bytesToHex(client.clientPublic)).toBe(bytesToHex(server.clientPublic));
  expect(bytesToHex(client.serverPublic)).toBe(bytesToHex(server.serverPublic));
  const h = client.exchangeHash(transcript);
  expect(bytesToHex(server.exchangeHash(transcript))).toBe(bytesToHex(h));
  const lengths = { ivLength: 16, keyLength: 32, macKeyLength: 32 };
  const both = { clientToServer: lengths, serverToClient: lengths };
  expect(deriveSessionKeys(client.hash, client.sharedSecret, h, h, both)).toEqual(
    deriveSessionKeys(server.hash, server.sharedSecret, h, h, both),
  );
}

/** The shared secret as hex, or the kind of the CryptoError it threw. */
function result(fn: () => Uint8Array): string {
  try {
    return bytesToHex(fn());
  } catch (e) {
    if (CryptoError.isInstance(e)) return `error ${(e as CryptoError).kind}`;
    throw e;
  }
}

describe('the Node registry', () => {
  it('has the same methods, in the same order, with its own X25519/ECDH/DH entries', () => {
    expect([...node.kexAlgorithms.keys()]).toEqual([...portable.kexAlgorithms.keys()]);
    for (const name of ACCELERATED) expect(node.getKex(name)).not.toBe(portable.getKex(name));
    expect(() => node.getKex('curve25519-sha256x')).toThrow(typed('CryptoError', 'unsupported-algorithm'));
  });

  it.each(['curve25519-sha256', 'ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521'])(
    '%s with default randomness draws none from JavaScript (OpenSSL makes the secret)',
    (name) => {
      const spy = jest.spyOn(globalThis.crypto, 'getRandomValues');
      try {
        const spec = direct(node, name);
        // No option, and defaultRandom passed explicitly as the transport does.
        const client = spec.client();
        client.finish(spec.server({ random: defaultRandom }).respond(client.publicValue).serverPublic);
        expect(spy).not.toHaveBeenCalled();
        direct(portable, name).client(); // the spy does see the portable path's draws
        expect(spy).toHaveBeenCalled();
      } finally {
        spy.mockRestore();
      }
    },
  );
});

describe.each(ACCELERATED)('%s: node and noble sides interoperate', (name) => {
  it.each([
    ['node client, noble server', node, portable],
    ['noble client, node server', portable, node],
  ] as const)('%s (default randomness)', (_label, clientSide, serverSide) => {
    const client = direct(clientSide, name).client();
    const server = direct(serverSide, name).server().respond(client.publicValue);
    sameOutcome(client.finish(server.serverPublic), server);
  });

  it('the same injected randomness gives the same transcript on both', () => {
    const run = (registry: Registry) => {
      const spec = direct(registry, name);
      const client = spec.client({ random: seeded(`${name}:c`) });
      const server = spec.server({ random: seeded(`${name}:s`) }).respond(client.publicValue);
      return { client: client.finish(server.serverPublic), server };
    };
    const a = run(node);
    const b = run(portable);
    sameOutcome(a.client, b.server);
    sameOutcome(b.client, a.server);
  });
});

describe('node X25519: RFC 8731 §3 rejections with default randomness', () => {
  const spec = direct(node, 'curve25519-sha256');

  it.each(LOW_ORDER.map((v) => [bytesToHex(v), v] as const))(
    'low-order peer value %s gives degenerate-secret on both sides',
    (_hex, bad) => {
      expect(() => spec.client().finish(bad)).toThrow(typed('CryptoError', 'degenerate-secret'));
      expect(() => spec.server().respond(bad)).toThrow(typed('CryptoError', 'degenerate-secret'));
      expect(() => nodeX25519(defaultRandom).agree(bad)).toThrow(typed('CryptoError', 'degenerate-secret'));
    },
  );

  it.each([0, 1, 31, 33, 64])('a %d-byte peer value is invalid-public-value', (length) => {
    const bad = new Uint8Array(length).fill(9);
    expect(() => spec.client().finish(bad)).toThrow(typed('CryptoError', 'invalid-public-value'));
    expect(() => spec.server().respond(bad)).toThrow(typed('CryptoError', 'invalid-public-value'));
  });

  it('agrees with noble on any peer value, low-order and non-canonical ones included (same secret)', () => {
    const peers = fc.oneof(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.constantFrom(...LOW_ORDER, ...NON_CANONICAL),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), peers, (secret, peer) => {
        const ours = nodeX25519(() => secret.slice());
        const theirs = nobleX25519(() => secret.slice());
        expect(bytesToHex(ours.publicValue)).toBe(bytesToHex(theirs.publicValue));
        expect(result(() => ours.agree(peer))).toBe(result(() => theirs.agree(peer)));
      }),
      { numRuns: 150 },
    );
    // Non-canonical u = p + k is u = k: the same secret as the canonical encoding.
    const key = nodeX25519(seeded('nc'));
    const nine = new Uint8Array(32);
    nine[0] = 9;
    expect(bytesToHex(key.agree(NON_CANONICAL[7] as Uint8Array))).toBe(bytesToHex(key.agree(nine)));
  });
});

describe('node ECDH: RFC 5656 §4 rejections with default randomness', () => {
  it.each(['ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521'])(
    '%s refuses off-curve, compressed and truncated points',
    (name) => {
      const spec = direct(node, name);
      const good = spec.client().publicValue;
      const offCurve = good.slice();
      offCurve[offCurve.length - 1] = (offCurve[offCurve.length - 1] as number) ^ 1;
      const compressed = Uint8Array.of(
        2 + ((good.at(-1) as number) & 1),
        ...good.subarray(1, (good.length + 1) / 2),
      );
      for (const bad of [offCurve, compressed, good.subarray(0, good.length - 1), new Uint8Array(0)]) {
        expect(() => spec.client().finish(bad)).toThrow(typed('CryptoError', 'invalid-public-value'));
        expect(() => spec.server().respond(bad)).toThrow(typed('CryptoError', 'invalid-public-value'));
      }
    },
  );
});

describe('node DH: RFC 3526 groups on OpenSSL, other primes on bigint, same bytes and errors', () => {
  // A 128-bit safe prime, as a group-exchange server might send: not an RFC 3526 prime.
  const smallSafe: DhGroup = (() => {
    const random = seeded('safe');
    let q = (1n << 126n) + 1n;
    while (!isProbablePrime(q, 8, random) || !isProbablePrime(2n * q + 1n, 8, random)) q += 2n;
    return { p: 2n * q + 1n, g: 2n };
  })();

  it.each([
    ['group 14', modpGroup(14), 512],
    ['group 16', modpGroup(16), 1024],
    ['group 2 (bigint fallback)', modpGroup(2), 320],
    ['a 128-bit safe prime (bigint fallback)', smallSafe, 126],
  ] as const)('%s: the same exponent gives the same e and K as bigint', (_label, group, bits) => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (seedA, seedB) => {
        const ours = nodeDh(group, bits, seeded(`a${seedA}`));
        const theirs = bigintDh(group, bits, seeded(`a${seedA}`));
        expect(bytesToHex(ours.publicValue)).toBe(bytesToHex(theirs.publicValue));
        const peer = bigintDh(group, bits, seeded(`b${seedB}`)).publicValue;
        expect(bytesToHex(ours.agree(peer))).toBe(bytesToHex(theirs.agree(peer)));
      }),
      { numRuns: 8 },
    );
  });

  it.each(FIXED_DH)(
    '%s refuses e and f of 0, 1, p-1, p, p+1 and negative or non-minimal mpints',
    (name, id) => {
      const spec = direct(node, name);
      const { p } = modpGroup(id);
      for (const v of [0n, 1n, p - 1n, p, p + 1n, -2n]) {
        const body = encodeMpint(v);
        expect(() => spec.server().respond(body)).toThrow(typed('CryptoError', 'invalid-public-value'));
        expect(() => spec.client().finish(body)).toThrow(typed('CryptoError', 'invalid-public-value'));
      }
      expect(() => spec.server().respond(Uint8Array.of(0, 1))).toThrow(typed('WireError'));
      expect(() => spec.client().finish(Uint8Array.of(0, 1))).toThrow(typed('WireError'));
    },
  );

  it('group 1 still interoperates both ways and gives the same transcript on both registries', () => {
    const name = 'diffie-hellman-group1-sha1';
    const client = direct(node, name).client();
    const server = direct(portable, name).server().respond(client.publicValue);
    sameOutcome(client.finish(server.serverPublic), server);
    const run = (registry: Registry) => {
      const spec = direct(registry, name);
      const c = spec.client({ random: seeded('g1:c') });
      const s = spec.server({ random: seeded('g1:s') }).respond(c.publicValue);
      return c.finish(s.serverPublic);
    };
    sameOutcome(run(node), run(portable));
  });

  describe.each(['diffie-hellman-group-exchange-sha256', 'diffie-hellman-group-exchange-sha1'])(
    '%s',
    (name) => {
      const gex = (registry: Registry) => registry.getKex(name) as GroupExchangeKexSpec;
      const exchange = (
        clientSide: Registry,
        serverSide: Registry,
        random: { c?: string; s?: string } = {},
        groups?: readonly DhGroup[],
      ) => {
        const request = groups ? { min: 128, n: 128, max: 256 } : { min: 2048, n: 2048, max: 8192 };
        const client = gex(clientSide).client({
          request,
          ...(random.c === undefined ? {} : { random: seeded(random.c) }),
        });
        const choice = gex(serverSide)
          .server({
            ...(random.s === undefined ? {} : { random: seeded(random.s) }),
            ...(groups ? { groups } : {}),
          })
          .chooseGroup(client.request);
        const dh = client.acceptGroup(choice.group);
        const server = choice.respond(dh.publicValue);
        return { client: dh.finish(server.serverPublic), server };
      };

      it.each([
        ['node client, bigint server', node, portable],
        ['bigint client, node server', portable, node],
      ] as const)('%s agree on group 14 and on an unknown safe prime', (_label, clientSide, serverSide) => {
        for (const groups of [undefined, [smallSafe]]) {
          const { client, server } = exchange(clientSide, serverSide, {}, groups);
          sameOutcome(client, server);
        }
      });

      it('the same injected randomness gives the same transcript on both registries', () => {
        const a = exchange(node, node, { c: `${name}:c`, s: `${name}:s` });
        const b = exchange(portable, portable, { c: `${name}:c`, s: `${name}:s` });
        sameOutcome(a.client, b.server);
        sameOutcome(b.client, a.server);
      });
    },
  );
});
