/**
 * Security-key (FIDO/U2F) signatures, OpenSSH PROTOCOL.u2f.
 *
 * No real security key is available here, so the fixtures are built BY HAND
 * from the PROTOCOL.u2f layout with an ordinary P-256 / Ed25519 key standing
 * in for the authenticator: the signed data is assembled byte by byte
 * (SHA256(application) || flags || uint32 counter || SHA256(message)), signed
 * with noble directly, and wrapped as
 * `string alg || string signature || byte flags || uint32 counter`.
 * Nothing here goes through `skSignedData` except the test that compares it
 * with the hand-built bytes.
 */
import { describe, expect, it, test } from '@jest/globals';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { bigIntToBytes, bytesToBigInt, WireReader, WireWriter } from '@sshkit/ssh-wire';
import { ecdsaKeyFromScalar } from '../src/sign/ecdsa.js';
import { ed25519KeyFromSeed } from '../src/sign/ed25519.js';
import { decodePublicKeyBlob, encodePublicKeyBlob } from '../src/sign/public-key-blob.js';
import {
  decodeSignature,
  encodeSignature,
  getSignatureAlg,
  signatureAlgsForKey,
  signData,
  verifySignature,
  verifySkSignature,
} from '../src/sign/registry.js';
import { skSignedData } from '../src/sign/sk.js';
import type { SkEcdsaPublicKey, SkEd25519PublicKey } from '../src/sign/types.js';

const typed = (name: string, kind?: string) =>
  expect.objectContaining(kind === undefined ? { name } : { name, kind });

const ECDSA_ALG = 'sk-ecdsa-sha2-nistp256@openssh.com';
const ED25519_ALG = 'sk-ssh-ed25519@openssh.com';
const APPLICATION = 'ssh:';

// Stand-in authenticator keys: the RFC 6979 A.2.5 P-256 scalar and the RFC 8032 TEST 1 seed.
const d = BigInt('0xc9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721');
const ecdsaKey = ecdsaKeyFromScalar('nistp256', d);
const edKey = ed25519KeyFromSeed(
  hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'),
);
const skEcdsa: SkEcdsaPublicKey = {
  kind: 'sk-ecdsa',
  curve: 'nistp256',
  Q: ecdsaKey.Q,
  application: APPLICATION,
};
const skEd: SkEd25519PublicKey = { kind: 'sk-ed25519', publicKey: edKey.publicKey, application: APPLICATION };

/** PROTOCOL.u2f "The signature is signed over a blob that consists of" ..., built by hand. */
function signedBlob(application: string, flags: number, counter: number, message: Uint8Array): Uint8Array {
  const counterBytes = new Uint8Array(4);
  new DataView(counterBytes.buffer).setUint32(0, counter); // uint32, big-endian
  return concatBytes(sha256(utf8ToBytes(application)), Uint8Array.of(flags), counterBytes, sha256(message));
}

/** What an sk-ecdsa authenticator would return, in the SSH wire format. */
function ecdsaSkSignature(message: Uint8Array, flags: number, counter: number, application = APPLICATION) {
  const compact = p256.sign(signedBlob(application, flags, counter, message), bigIntToBytes(d, 32), {
    prehash: true,
    lowS: false,
  });
  const inner = new WireWriter()
    .mpint(bytesToBigInt(compact.subarray(0, 32)))
    .mpint(bytesToBigInt(compact.subarray(32)))
    .finish();
  return new WireWriter().string(ECDSA_ALG).string(inner).u8(flags).u32(counter).finish();
}

/** What an sk-ed25519 authenticator would return: Ed25519 over the blob itself (not its hash). */
function ed25519SkSignature(message: Uint8Array, flags: number, counter: number, application = APPLICATION) {
  const sig = ed25519.sign(signedBlob(application, flags, counter, message), edKey.seed);
  return new WireWriter().string(ED25519_ALG).string(sig).u8(flags).u32(counter).finish();
}

const message = utf8ToBytes('session id || SSH_MSG_USERAUTH_REQUEST fields');

describe('PROTOCOL.u2f signed data', () => {
  it('skSignedData matches the hand-built blob', () => {
    expect(bytesToHex(skSignedData(APPLICATION, 0x05, 0x01020304, message))).toBe(
      bytesToHex(signedBlob(APPLICATION, 0x05, 0x01020304, message)),
    );
    expect(skSignedData('ssh:', 1, 7, message).length).toBe(32 + 1 + 4 + 32);
  });
});

describe.each([
  ['sk-ecdsa-sha2-nistp256@openssh.com', skEcdsa, ecdsaSkSignature],
  ['sk-ssh-ed25519@openssh.com', skEd, ed25519SkSignature],
] as const)('%s', (alg, key, make) => {
  it('verifies and reports flags, counter, user presence and verification', () => {
    const sig = make(message, 0x01, 42);
    expect(verifySignature(key, message, sig)).toBe(true);
    expect(verifySkSignature(key, message, sig)).toEqual({
      valid: true,
      flags: 0x01,
      counter: 42,
      userPresent: true,
      userVerified: false,
    });
    const noTouch = make(message, 0x00, 0xffffffff);
    expect(verifySkSignature(key, message, noTouch)).toEqual({
      valid: true,
      flags: 0,
      counter: 0xffffffff,
      userPresent: false,
      userVerified: false,
    });
    expect(verifySkSignature(key, message, make(message, 0x05, 1))).toMatchObject({
      valid: true,
      userPresent: true,
      userVerified: true,
    });
    expect(verifySkSignature(key, message, sig, { allowed: [alg] }).valid).toBe(true);
    expect(verifySkSignature(key, message, sig, { allowed: ['ssh-ed25519'] }).valid).toBe(false);
  });

  it('rejects a changed flag, counter, application or message, and trailing data', () => {
    const sig = make(message, 0x01, 42);
    // flags and counter are the last 5 bytes and covered by the signature.
    const flipped = sig.slice();
    flipped[sig.length - 5] = 0x05;
    expect(verifySkSignature(key, message, flipped)).toMatchObject({ valid: false, flags: 0x05 });
    const counted = sig.slice();
    counted[sig.length - 1] = 43;
    expect(verifySignature(key, message, counted)).toBe(false);
    expect(verifySignature({ ...key, application: 'ssh:other' }, message, sig)).toBe(false);
    expect(verifySignature(key, utf8ToBytes('other'), sig)).toBe(false);
    expect(verifySignature(key, message, new Uint8Array([...sig, 0]))).toBe(false);
    expect(verifySignature(key, message, sig.subarray(0, sig.length - 1))).toBe(false);
    expect(verifySkSignature(key, message, new Uint8Array([1, 2, 3]))).toMatchObject({ valid: false });
    // Signed for another application (a web origin) does not verify as "ssh:".
    expect(verifySignature(key, message, make(message, 1, 1, 'https://example.com'))).toBe(false);
  });

  it('decodes as name + raw body and re-encodes identically', () => {
    const sig = make(message, 0x01, 9);
    const decoded = decodeSignature(sig);
    expect(decoded.algorithm).toBe(alg);
    const body = new WireReader(decoded.blob);
    body.string();
    expect(body.u8()).toBe(0x01);
    expect(body.u32()).toBe(9);
    body.expectEnd();
    expect(bytesToHex(encodeSignature(alg, decoded.blob))).toBe(bytesToHex(sig));
  });

  it('cannot sign in software; the key lists only its own algorithm', () => {
    expect(() => getSignatureAlg(alg).sign(ecdsaKey, message)).toThrow(typed('CryptoError', 'invalid-key'));
    expect(() => signData(alg, edKey, message)).toThrow(typed('CryptoError', 'invalid-key'));
    expect(signatureAlgsForKey(key)).toEqual([alg]);
    expect(getSignatureAlg(alg).legacy).toBe(false);
  });
});

describe('security-key public key blobs (PROTOCOL.u2f)', () => {
  it('sk-ecdsa: string type || string "nistp256" || string Q || string application', () => {
    const blob = encodePublicKeyBlob(skEcdsa);
    const r = new WireReader(blob);
    expect(r.utf8()).toBe(ECDSA_ALG);
    expect(r.utf8()).toBe('nistp256');
    expect(bytesToHex(r.string())).toBe(bytesToHex(ecdsaKey.Q));
    expect(r.utf8()).toBe(APPLICATION);
    r.expectEnd();
    expect(decodePublicKeyBlob(blob)).toEqual(skEcdsa);
  });

  it('sk-ed25519: string type || string key || string application', () => {
    const blob = encodePublicKeyBlob(skEd);
    const r = new WireReader(blob);
    expect(r.utf8()).toBe(ED25519_ALG);
    expect(bytesToHex(r.string())).toBe(bytesToHex(edKey.publicKey));
    expect(r.utf8()).toBe(APPLICATION);
    r.expectEnd();
    expect(decodePublicKeyBlob(blob)).toEqual(skEd);
  });

  test.each([
    ['wrong curve', new WireWriter().string(ECDSA_ALG).string('nistp384').string(ecdsaKey.Q).string('ssh:')],
    [
      'off-curve point',
      new WireWriter().string(ECDSA_ALG).string('nistp256').string(new Uint8Array(65)).string('ssh:'),
    ],
    ['short ed25519 key', new WireWriter().string(ED25519_ALG).string(new Uint8Array(31)).string('ssh:')],
  ])('rejects %s', (_name, w) => {
    expect(() => decodePublicKeyBlob(w.finish())).toThrow(typed('CryptoError', 'invalid-key'));
  });

  it('rejects a missing application', () => {
    const blob = new WireWriter().string(ED25519_ALG).string(edKey.publicKey).finish();
    expect(() => decodePublicKeyBlob(blob)).toThrow(typed('WireError'));
  });
});
