// Random and mutated inputs to every importer: the only outcomes allowed are a
// result or an sshkit error (SSHError subclass), never a RangeError/TypeError.
import { describe, expect, it } from '@jest/globals';
import { SSHError } from '@sshkit/ssh-wire';
import fc from 'fast-check';
import { formatAuthorizedKey, importAuthorizedKeys } from '../src/authorized-keys.js';
import { importCertificate, importCertificates } from '../src/certificate.js';
import { importPrivateKey, importPrivateKeys, importPublicKey, importPublicKeys } from '../src/import.js';
import { loadKeypairs } from '../src/keypairs.js';
import { importKnownHosts } from '../src/known-hosts.js';
import { fixture, fixtureBytes } from './support/fixtures.js';

function onlyTyped(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!SSHError.isInstance(e)) throw e;
  }
}

const importers: Array<[string, (d: string | Uint8Array) => unknown]> = [
  ['importPrivateKey', (d) => importPrivateKey(d, 'passphrase')],
  ['importPrivateKey (no passphrase)', (d) => importPrivateKey(d)],
  ['importPublicKey', importPublicKey],
  ['importCertificate', importCertificate],
  ['importPrivateKeys', (d) => importPrivateKeys(d, 'passphrase')],
  ['importPublicKeys', importPublicKeys],
  ['importCertificates', importCertificates],
  [
    'loadKeypairs',
    (d) => loadKeypairs([[typeof d === 'string' ? new TextEncoder().encode(d) : d, null]], 'passphrase'),
  ],
  ['importKnownHosts', (d) => importKnownHosts(d, { strict: true })],
  ['importAuthorizedKeys', (d) => importAuthorizedKeys(d, { strict: true })],
];

// Seeds: real files, unencrypted (mutations reach the key parsers) and binary forms.
const TEXT_SEEDS = [
  'keys/ed25519.openssh',
  'keys/rsa2048.pem',
  'keys/ecdsa256.pem',
  'keys/ecdsa384.pkcs8',
  'keys/ed25519-openssl.pkcs8',
  'keys/ecdsa521.pub',
  'keys/rsa2048.rfc4716.pub',
  'keys/ecdsa256.spki.pub',
  'certs/user-options-cert.pub',
  'known_hosts/known_hosts',
  // Added formats: PuTTY (plain, and v2 encrypted: v3 would run Argon2 on every mutation),
  // DSA, Ed448, security keys, v00 certificates, DES/PBES1/AEAD encryption, lists.
  'keys/rsa2048.ppk3',
  'keys/ecdsa256.ppk2',
  'keys/ed25519.ppk2.enc',
  'keys/dsa1024.pem',
  'keys/dsa1024.spki.pub',
  'keys/ed448-openssl.pkcs8',
  'keys/sk-ecdsa256.pub',
  'certs/user-v00-rsa-cert.pub',
  'certs/user-sk-ed25519-cert.pub',
  'keys/rsa2048.pem-des3.enc',
  'keys/ecdsa256.pkcs8-pbe-md5-des.enc',
  'keys/ed25519.openssh-chacha20-poly1305.enc',
  'keys/list.pub',
  'certs/list-cert.pub',
].map(fixture);
const BINARY_SEEDS = ['keys/rsa2048.pkcs1.der', 'keys/ecdsa256.pkcs8.der'].map(fixtureBytes);

/** Flip, overwrite or truncate a few bytes of a seed. */
const mutated = fc
  .record({
    seed: fc.integer({ min: 0, max: TEXT_SEEDS.length + BINARY_SEEDS.length - 1 }),
    edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ seed, edits, cut }) => {
    const src =
      seed < TEXT_SEEDS.length
        ? new TextEncoder().encode(TEXT_SEEDS[seed] as string)
        : (BINARY_SEEDS[seed - TEXT_SEEDS.length] as Uint8Array);
    const out = src.slice();
    for (const [at, v] of edits) out[at % out.length] = v;
    return cut === undefined ? out : out.subarray(0, cut % (out.length + 1));
  });

/** Mutations inside the base64/DER body of a PEM: decode, flip, re-encode, so the structure parsers see them. */
const mutatedBody = fc
  .record({
    seed: fc.constantFrom(...TEXT_SEEDS.filter((t) => t.includes('-----BEGIN'))),
    edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ seed, edits, cut }) => {
    const lines = seed.trim().split('\n');
    const label = lines[0] as string;
    const body = Buffer.from(lines.slice(1, -1).join(''), 'base64');
    for (const [at, v] of edits) body[at % body.length] = v;
    const cutBody = cut === undefined ? body : body.subarray(0, cut % (body.length + 1));
    return `${label}\n${cutBody.toString('base64')}\n${lines[lines.length - 1]}\n`;
  });

describe.each(importers)('%s', (_name, importer) => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (d) => onlyTyped(() => importer(d))),
      { numRuns: 200 },
    );
  });

  it('random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (d) => onlyTyped(() => importer(d))),
      { numRuns: 200 },
    );
  });

  it('mutated fixtures', () => {
    fc.assert(
      fc.property(mutated, (d) => onlyTyped(() => importer(d))),
      { numRuns: 150 },
    );
  });

  it('mutated PEM bodies', () => {
    fc.assert(
      fc.property(mutatedBody, (d) => onlyTyped(() => importer(d))),
      { numRuns: 150 },
    );
  });
});

describe('properties', () => {
  it('authorized_keys option values round-trip through quoting', () => {
    const key = fixture('keys/ed25519.pub').trim();
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).filter((s) => !/[\r\n\\]/.test(s)),
        (cmd) => {
          const quoted = cmd.replace(/"/g, '\\"');
          const ak = importAuthorizedKeys(`command="${quoted}" ${key}`, { strict: true });
          expect(ak.entries[0]?.options.command).toBe(cmd);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('authorized_keys lines we write read back with the same options', () => {
    const key = importPublicKey(fixture('keys/ed25519.pub'));
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).filter((s) => !/[\r\n\0]/.test(s) && !s.endsWith('\\')),
        fc.constantFrom('command', 'environment', 'from'),
        (value, name) => {
          const v =
            name === 'environment'
              ? `X=${value}`
              : name === 'from'
                ? `${value.replace(/[,\s"\\]/g, '')}x`
                : value;
          const line = formatAuthorizedKey(key, { [name]: v, 'no-pty': true });
          const entry = importAuthorizedKeys(line, { strict: true }).entries[0];
          expect(entry?.options.raw).toEqual([
            [name, v],
            ['no-pty', undefined],
          ]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('public keys survive every text/DER export', () => {
    const keys = ['ed25519', 'ecdsa256', 'rsa2048'].map((n) => importPublicKey(fixture(`keys/${n}.pub`)));
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.constantFrom('openssh', 'rfc4716', 'pkcs8-pem', 'pkcs8-der'),
        fc
          .string({ maxLength: 30 })
          .filter((s) => /^[\x20-\x7e]*$/.test(s) && s.trim() === s && !s.includes('"')),
        (k, format, comment) => {
          k.comment = comment || undefined;
          const again = importPublicKey(k.exportPublicKey(format as 'openssh'));
          expect(again.equals(k)).toBe(true);
          if (format === 'openssh' || format === 'rfc4716') expect(again.comment).toBe(k.comment);
        },
      ),
      { numRuns: 100 },
    );
  });
});
