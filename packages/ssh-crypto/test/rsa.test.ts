import { describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { WireReader, WireWriter } from '@sshkit/ssh-wire';
import type { RandomSource } from '../src/random.js';
import { completeRsaPrivateKey, generateRsaKey } from '../src/rsa/key.js';
import { bitLength, gcd, isProbablePrime, modInverse, modPow } from '../src/rsa/math.js';
import { emsaPkcs1v15Encode, rsaPkcs1Sign, rsaPkcs1Verify } from '../src/rsa/pkcs1.js';
import { decodePublicKeyBlob, encodePublicKeyBlob } from '../src/sign/public-key-blob.js';
import { decodeSignature, signData, verifySignature } from '../src/sign/registry.js';

function seeded(seed: string): RandomSource {
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let at = 0; at < length; at += 32) {
      out.set(sha256(utf8ToBytes(`${seed}:${counter++}`)).subarray(0, Math.min(32, length - at)), at);
    }
    return out;
  };
}

const typed = (name: string, kind?: string) =>
  expect.objectContaining(kind === undefined ? { name } : { name, kind });

// An RSA-2048 key and PKCS#1 v1.5 signatures made here with OpenSSL 3.0.19:
//   openssl genrsa -out rsa.pem 2048
//   printf 'sshkit PKCS#1 v1.5 vector' > msg
//   openssl dgst -sha256 -sign rsa.pem -out sig msg   (and -sha1, -sha512)
const N = BigInt(
  '0x995ceb5f0bd440f132eada36d4f9a816e5d1cd73ac5e33db5fbd94f25ff4f22e0153c0ab9615f36e81c43eacc223b04f6ec18f538692b6008bbe0651c96873de8d0d663c09b8a990d8de27fb13692b553aa6d9ed89fdafbc888f3026c180984965e6321878c82c5b3e5af7c859bec24631d47230f45f8e56fa94ca9a5beee52ff5ea2e14cf68cc05b2fc4ff6bf9889331c76ad63966264a6ad47c71e1afe5880a4e33668bccc69d486e4b551022af9e03b097a144ad9c1155f6ba8aed678a3d0e87763be6e7f3df9c2c2e4a784d1e21661ff157c8bfeb903a48c6a1dda8a19bb0cd93625b6c0336064628ac0de4e2ab65330b541c9aaee72369bafa8d310d90f',
);
const E = 65537n;
const D = BigInt(
  '0x15ccca090831988ba6026698bdbc6bed83fc9c8e46a05b670c71c7eee369fa54ef765c2067e4b5e642f19b9120c5999b28f215b1634de3d629b1b8cc93c07d1bfe593b163f5c2daa5126d470670974e742bf934c7b3d819209fd59f4605ed5b18a97bc0e3e23acd3c98627cba5ca2d1674f5d9c790ad2bf0118d934bced3f8baedd847fb01a919f33d47ab50d9a3d0fe64dc06a4fd9801ac7d666c1fc0dca3dd415036ad44706d214aa5ad5ddba0dad581b18ae2be541a3acc2c5425c2ea110a4092a93af57e35653b3f0af04a2b7e2fad3fb5ac7da731b42be419853cd0b52412644d8c329f8b3fb84ade73fb017e0ca41f9c0b73b0d38e4bd1f26e90870909',
);
const P = BigInt(
  '0xd816ed1307b7793132ad988e117471b581dddab793c4b1cd8f2a717ea1d9b11b320039775a15579ef811b278f1e4d405e43df74f369025fec286d664ea471977990d48a0c4ab3dd8b2df237c46a8de2dd56609f2a70f7d2fa4c573a6bdfb31b718ebb0b048fc9df3599a4f389c5f50565e55e7b0deb0d5cac716706968112439',
);
const Q = BigInt(
  '0xb5b02d01dcfa4560dcfb673fba1972deb31eddbc9d8a2aaa800d2e1a0b432a11286971a0e5d5edeb9b1e2d8e673f4c14ddc69dffd4944357b1677d59922305e52bf0a764d5d538cb752a23c6d506ffb55c33082be165f273676b8b21eb2a0d0d09e7fb2dc890b9e3ad58ee70e435542c0f64c1f310d3e466dfe26f2e8e32b787',
);
const MESSAGE = utf8ToBytes('sshkit PKCS#1 v1.5 vector');
const SIGNATURES = {
  sha256:
    '3cd36dc8b0736f480a6f356d4575d47ba146eec7bea2f8fcd99093778217e2b933e8bddd99f3433d8b877453c45bd708a38496a117604fb53d60e435066be46557f767ea3fef506a086227088f97828a037740b2c82254a4131dd2a7151f859eab88203fbbd87b85a342d08ebaa281fcad359168cba3580e00cfde27f3e49758279cdf6f7accb817fb01b65d932e127eafde28b30aff1432614f7de5032170d00bf4a3ecb3980d02429103cffaa66276bce6b27ef206f5103b7f7376072adb2917b61443c6ccb6d7cd8884ba3d652675e1b71696cdbf29f6dfae4b95b0266cc52c034db0abe5f4b2bbde33aea4897fa00916e1d2bb78c1609d26731481090951',
  sha1: '7387ed93865f310b805b7ce89c99eba39db9d1d2a3be2658b1df13c3f1ca02142cac40514e35e4e3b3809e9d9c8ae4e0f5bf5a8bef16aaf1ab2874ba609efb6706c49c918f6aa83245d0a4a52861fa99c1627b9376a0980875b90a6aa033d67948068eb84ac872baa91764dc77b49e0196aee02dcd5b9b5c01bdd1c51056ce3c942b7db4b71be74412ce7a514314c8a1f12294b348560d72665428802e18750e2c6258565cdb36acf71f4c4bc382af50c9af3ddf28b7cc4b64d65af4bf065bc4dbd44f6ad991f2a705f9c179c5d0aa9e79e1d45a5c91a1fcfe5ce358be2071923a0e54e46b0bda672b1e030a44922db8f702f3e7639b1c114039ca6205c5c61a',
  sha512:
    '6f1bbaed47b3a957a20813d3b36d83af258e4d982d03f60849cdd69817ed6d83d46f4e1386c8c0e7565a353de68e89c62c7850f1b05509393e30f69f50f0ba07bf872f8bfa3213f4a75013407348ceac6fa9fd90a964cd094c7121553254e9084af279c742b993da660e1a80064c02443edc589edde85dd4345c18171030908ad25838b3554696dbcbaf778968bd0864fe11b2c4c02f7bed67f9e50cd6ea1abcb1d561735b529754bdf8fb14638b4384d13bf14ae136d0a8b2fc090bc664946300e703f4ce570c1d2bd448f2740aa6db9dd4946b897a375f35a7fe81a9aff1123b2d613cc642ad0bd1578e9600dc1dd011cb4988f86b4fde1db395cec37bf83f',
} as const;

const key = completeRsaPrivateKey({ n: N, e: E, d: D, p: P, q: Q });
const pub = { kind: 'rsa' as const, n: N, e: E };

describe('RSASSA-PKCS1-v1_5 against OpenSSL', () => {
  it.each([
    ['rsa-sha2-256', 'sha256'],
    ['rsa-sha2-512', 'sha512'],
    ['ssh-rsa', 'sha1'],
  ] as const)('%s signs exactly what OpenSSL signs and verifies it', (alg, hash) => {
    const sig = signData(alg, key, MESSAGE);
    const { algorithm, blob } = decodeSignature(sig);
    expect(algorithm).toBe(alg);
    expect(bytesToHex(blob)).toBe(SIGNATURES[hash]);
    expect(verifySignature(pub, MESSAGE, sig)).toBe(true);
    expect(rsaPkcs1Verify(pub, hash, MESSAGE, hexToBytes(SIGNATURES[hash]))).toBe(true);
  });

  it('EMSA encoding has the RFC 8017 §9.2 shape', () => {
    const em = emsaPkcs1v15Encode('sha256', MESSAGE, 256);
    expect(bytesToHex(em.subarray(0, 2))).toBe('0001');
    expect(bytesToHex(em.subarray(256 - 52, 256 - 32))).toBe('003031300d060960864801650304020105000420');
    expect(bytesToHex(em.subarray(256 - 32))).toBe(bytesToHex(sha256(MESSAGE)));
  });

  it('accepts a shorter signature by left-padding (as OpenSSH does) and rejects longer or ≥ n', () => {
    // Find a message whose signature starts with a zero byte, then strip it.
    let msg = MESSAGE;
    let sig = rsaPkcs1Sign(key, 'sha256', msg);
    for (let i = 0; sig[0] !== 0; i++) {
      msg = utf8ToBytes(`short ${i}`);
      sig = rsaPkcs1Sign(key, 'sha256', msg);
    }
    expect(sig.length).toBe(256);
    expect(rsaPkcs1Verify(pub, 'sha256', msg, sig.subarray(1))).toBe(true);
    expect(rsaPkcs1Verify(pub, 'sha256', msg, new Uint8Array([0, ...sig]))).toBe(false);
    const tooBig = new Uint8Array(256).fill(0xff);
    expect(rsaPkcs1Verify(pub, 'sha256', msg, tooBig)).toBe(false);
    expect(rsaPkcs1Verify(pub, 'sha256', msg, new Uint8Array(0))).toBe(false);
  });

  it('the fault check refuses to release a signature from an inconsistent key', () => {
    const broken = { ...key, dp: key.dp ^ 2n };
    expect(() => rsaPkcs1Sign(broken, 'sha256', MESSAGE)).toThrow(typed('CryptoError', 'invalid-key'));
  });

  it('completeRsaPrivateKey checks the components', () => {
    expect(key.qi).toBe(modInverse(Q, P));
    expect(() => completeRsaPrivateKey({ n: N, e: E, d: D + 2n, p: P, q: Q })).toThrow(
      typed('CryptoError', 'invalid-key'),
    );
    expect(() => completeRsaPrivateKey({ n: N, e: E, d: D, p: P + 2n, q: Q })).toThrow(
      typed('CryptoError', 'invalid-key'),
    );
  });

  it('refuses keys below 1024 bits', () => {
    const small = { kind: 'rsa' as const, n: (1n << 1000n) + 1n, e: 65537n };
    expect(() => rsaPkcs1Verify(small, 'sha256', MESSAGE, new Uint8Array(126))).toThrow(
      typed('CryptoError', 'invalid-key'),
    );
  });
});

describe('ssh-rsa public key blob', () => {
  it('is string "ssh-rsa" || mpint e || mpint n and round-trips', () => {
    const blob = encodePublicKeyBlob(key);
    const r = new WireReader(blob);
    expect(r.utf8()).toBe('ssh-rsa');
    expect(r.mpint()).toBe(E);
    expect(r.mpint()).toBe(N);
    r.expectEnd();
    expect(decodePublicKeyBlob(blob)).toEqual(pub);
  });

  it('rejects even moduli, tiny exponents, negative values and tiny moduli', () => {
    const blob = (e: bigint, n: bigint) => new WireWriter().string('ssh-rsa').mpint(e).mpint(n).finish();
    for (const [e, n] of [
      [E, N + 1n],
      [1n, N],
      [E, -N],
      [E, 0n],
      [E, (1n << 512n) + 1n],
    ] as const) {
      expect(() => decodePublicKeyBlob(blob(e, n))).toThrow(typed('CryptoError', 'invalid-key'));
    }
  });
});

describe('RSA key generation', () => {
  it('generates a 2048-bit key: e = 65537, equal-size primes, n of exact length, consistent CRT values', () => {
    const random = seeded('rsa-keygen');
    const k = generateRsaKey(2048, { random });
    expect(k.e).toBe(65537n);
    expect(bitLength(k.n)).toBe(2048);
    expect(bitLength(k.p)).toBe(1024);
    expect(bitLength(k.q)).toBe(1024);
    expect(k.p * k.q).toBe(k.n);
    expect(isProbablePrime(k.p, 4, random) && isProbablePrime(k.q, 4, random)).toBe(true);
    expect(gcd(k.e, k.p - 1n)).toBe(1n);
    expect(modPow(modPow(12345n, k.e, k.n), k.d, k.n)).toBe(12345n);
    expect(completeRsaPrivateKey(k).dp).toBe(k.dp);
    // Deterministic for a given random source.
    expect(generateRsaKey(2048, { random: seeded('rsa-keygen') }).n).toBe(k.n);
  });

  it('rejects sizes outside 2048..8192', () => {
    expect(() => generateRsaKey(1024)).toThrow(RangeError);
    expect(() => generateRsaKey(16384)).toThrow(RangeError);
  });
});
