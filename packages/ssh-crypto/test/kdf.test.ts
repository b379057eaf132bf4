import { describe, expect, it, test } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { WireWriter } from '@sshkit/ssh-wire';
import { bcryptPbkdf } from '../src/kdf/bcrypt-pbkdf.js';
import { Blowfish } from '../src/kdf/blowfish.js';
import { deriveKey, deriveSessionKeys } from '../src/kdf/derive-keys.js';
import { evpBytesToKey } from '../src/kdf/evp-bytes-to-key.js';
import { getKeyFileCipher, keyFileCiphers } from '../src/kdf/key-file-cipher.js';
import { pbkdf2 } from '../src/kdf/pbkdf2.js';
import { piFractionWords } from '../src/kdf/pi.js';

const typed = (kind: string) => expect.objectContaining({ name: 'CryptoError', kind });

describe('pi digits', () => {
  it('start and end the Blowfish tables with the published words', () => {
    const words = piFractionWords(1042);
    // P[0], P[1], P[17] and S-box words from Schneier's tables.
    expect(words[0]).toBe(0x243f6a88);
    expect(words[1]).toBe(0x85a308d3);
    expect(words[17]).toBe(0x8979fb1b);
    expect(words[18]).toBe(0xd1310ba6); // S1[0]
    expect(words[1041]).toBe(0x3ac372e6); // S4[255]
  });
});

describe('Blowfish', () => {
  // Eric Young's ECB vectors (also checked with pyca/cryptography's decrepit Blowfish).
  test.each([
    ['0000000000000000', '0000000000000000', '4ef997456198dd78'],
    ['ffffffffffffffff', 'ffffffffffffffff', '51866fd5b85ecb8a'],
    ['0123456789abcdef', '1111111111111111', '61f9c3802281b096'],
  ])('key %s encrypts %s to %s and back', (key, plain, cipher) => {
    const bf = Blowfish.withKey(hexToBytes(key));
    const block = new Uint32Array([
      Number.parseInt(plain.slice(0, 8), 16),
      Number.parseInt(plain.slice(8), 16),
    ]);
    bf.encryptBlock(block);
    expect([...block].map((w) => w.toString(16).padStart(8, '0')).join('')).toBe(cipher);
    bf.decryptBlock(block);
    expect([...block].map((w) => w.toString(16).padStart(8, '0')).join('')).toBe(plain);
  });
});

describe('bcrypt_pbkdf', () => {
  // Produced here by OpenSSH 9.2p1:
  //   ssh-keygen -t ed25519 -N 'correct horse' -a 16 -C vec -f k
  // The key file's kdfoptions give the salt and rounds; its cipher is aes256-ctr.
  // EXPECTED is our derived key||IV; the test proves it right by decrypting
  // OpenSSH's private section: equal check integers and the same public key.
  const salt = hexToBytes('a2013843f58ade692d4a9325e569491c');
  const publicBlob = hexToBytes(
    '0000000b7373682d656432353531390000002025100d58e195417ba8fdb1c333ab9badbfdbfbf7a86327034ad0de484ea30384',
  );
  const encrypted = hexToBytes(
    '71fe8928a84ae86c125026197f019ee043f9f5ac2a1a11a7a9dbefd463863ce589980271e611391ddd88fe5a3a3860dd24233da8490371fa12d5126da4880686e283fa66e1d6559aad7f82329ab8c95f36a2afa3565f338220aba39e154909089ac84179913945c57cdc62dd09689612ca4c9b986fe16052d3e88fd1c1b57d1a0c9d26005beba31bb00d7a3402c9c9f1',
  );
  const EXPECTED =
    'a576408bc11506370729716e449872de7d566e32257be43643850e8dcd8a6609fc0e13dd7e8f564d536dae61aa9434d7';

  it('derives the key that decrypts an ssh-keygen key file', () => {
    const keyIv = bcryptPbkdf(utf8ToBytes('correct horse'), salt, 16, 48);
    const plain = getKeyFileCipher('aes256-ctr').decrypt(
      keyIv.subarray(0, 32),
      keyIv.subarray(32),
      encrypted,
    );
    const view = new DataView(plain.buffer, plain.byteOffset);
    expect(view.getUint32(0)).toBe(view.getUint32(4));
    // checkint, checkint, then string "ssh-ed25519", string pk: the public blob's fields.
    expect(bytesToHex(plain.subarray(8, 8 + publicBlob.length))).toBe(bytesToHex(publicBlob));
    expect(bytesToHex(keyIv)).toBe(EXPECTED);
  });

  it('stripes output across blocks for lengths above 32 bytes', () => {
    const a = bcryptPbkdf(utf8ToBytes('pw'), utf8ToBytes('salt'), 1, 64);
    const b = bcryptPbkdf(utf8ToBytes('pw'), utf8ToBytes('salt'), 1, 33);
    // With stride 2 (64) vs stride 2 (33), byte 0 comes from block 1 in both.
    expect(a[0]).toBe(b[0]);
    expect(a.length).toBe(64);
  });

  it('rejects degenerate parameters with typed errors', () => {
    const pw = utf8ToBytes('pw');
    expect(() => bcryptPbkdf(pw, new Uint8Array(0), 16, 32)).toThrow(typed('bad-length'));
    expect(() => bcryptPbkdf(pw, salt, 0, 32)).toThrow(typed('bad-length'));
    expect(() => bcryptPbkdf(pw, salt, 16, 0)).toThrow(typed('bad-length'));
    expect(() => bcryptPbkdf(pw, salt, 16, 1025)).toThrow(typed('bad-length'));
  });
});

describe('PBKDF2', () => {
  // RFC 6070 vectors 1, 2, 3 and 5 (PBKDF2-HMAC-SHA1).
  test.each([
    ['password', 'salt', 1, 20, '0c60c80f961f0e71f3a9b524af6012062fe037a6'],
    ['password', 'salt', 2, 20, 'ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957'],
    ['password', 'salt', 4096, 20, '4b007901b765489abead49d926f721d065a429c1'],
    [
      'passwordPASSWORDpassword',
      'saltSALTsaltSALTsaltSALTsaltSALTsalt',
      4096,
      25,
      '3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038',
    ],
  ])('RFC 6070: %s / %s / c=%i', (password, salt, c, dkLen, expected) => {
    expect(bytesToHex(pbkdf2('sha1', utf8ToBytes(password), utf8ToBytes(salt), c, dkLen))).toBe(expected);
  });

  it('matches RFC 7914 §11 for PBKDF2-HMAC-SHA256', () => {
    expect(bytesToHex(pbkdf2('sha256', utf8ToBytes('passwd'), utf8ToBytes('salt'), 1, 64))).toBe(
      '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783',
    );
  });

  it('matches Python hashlib for PBKDF2-HMAC-SHA512', () => {
    // python3 -c "import hashlib; print(hashlib.pbkdf2_hmac('sha512', b'password', b'salt', 2, 64).hex())"
    expect(bytesToHex(pbkdf2('sha512', utf8ToBytes('password'), utf8ToBytes('salt'), 2, 64))).toBe(
      'e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53cf76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e',
    );
  });

  it('rejects bad parameters with typed errors', () => {
    expect(() => pbkdf2('sha256', utf8ToBytes('p'), utf8ToBytes('s'), 0, 32)).toThrow(typed('bad-length'));
    expect(() => pbkdf2('sha3' as 'sha256', utf8ToBytes('p'), utf8ToBytes('s'), 1, 32)).toThrow(
      typed('unsupported-algorithm'),
    );
  });
});

describe('EVP_BytesToKey (MD5, one iteration)', () => {
  // openssl enc -aes-256-cbc -P -md md5 -S 0123456789abcdef -pass pass:sshkit-pass  (OpenSSL 3.0.19)
  it('derives the key and IV OpenSSL prints for AES-256-CBC', () => {
    const out = evpBytesToKey(utf8ToBytes('sshkit-pass'), hexToBytes('0123456789abcdef'), 48);
    expect(bytesToHex(out)).toBe(
      'aae6ee65d3f86d52ce1902f00addf85c3d01425a68bfb750fcd4f7e1c5d228e1a77fb1b5ef90cb79798e548791bf6b2e',
    );
  });

  // openssl enc -aes-128-cbc -P -md md5 -S a1b2c3d4e5f60708 -pass pass:pw
  it('uses only the first 8 salt bytes (PEM passes the whole 16-byte IV)', () => {
    const iv = hexToBytes('a1b2c3d4e5f60708ffffffffffffffff');
    expect(bytesToHex(evpBytesToKey(utf8ToBytes('pw'), iv, 16))).toBe('3a45ef537f13382fb52ca9dd35cce709');
  });

  it('rejects a short salt', () => {
    expect(() => evpBytesToKey(utf8ToBytes('pw'), new Uint8Array(4), 16)).toThrow(typed('bad-length'));
  });
});

describe('key-file ciphers', () => {
  test.each([...keyFileCiphers.values()])('$name round-trips and checks sizes', (spec) => {
    const key = new Uint8Array(spec.keyLength).fill(7);
    const iv = new Uint8Array(spec.ivLength).fill(9);
    const data = new Uint8Array(48).map((_, i) => i);
    const enc = spec.encrypt(key, iv, data);
    expect(bytesToHex(enc)).not.toBe(bytesToHex(data));
    expect(bytesToHex(spec.decrypt(key, iv, enc))).toBe(bytesToHex(data));
    expect(() => spec.encrypt(key.subarray(1), iv, data)).toThrow(typed('bad-length'));
    // One byte too many: also a wrong length for ciphers without an IV (chacha20-poly1305).
    expect(() => spec.encrypt(key, new Uint8Array(spec.ivLength + 1), data)).toThrow(typed('bad-length'));
  });

  it('CBC with PKCS#7 padding pads and strips; wrong padding is a typed error', () => {
    const spec = getKeyFileCipher('aes128-cbc');
    const key = new Uint8Array(16);
    const iv = new Uint8Array(16);
    const enc = spec.encrypt(key, iv, utf8ToBytes('hello'), { padding: 'pkcs7' });
    expect(enc.length).toBe(16);
    expect(spec.decrypt(key, iv, enc, { padding: 'pkcs7' })).toEqual(utf8ToBytes('hello'));
    expect(() => spec.decrypt(new Uint8Array(16).fill(1), iv, enc, { padding: 'pkcs7' })).toThrow(
      typed('bad-length'),
    );
    expect(() => spec.encrypt(key, iv, utf8ToBytes('hello'))).toThrow(typed('bad-length'));
    expect(() => getKeyFileCipher('rot13-cbc')).toThrow(typed('unsupported-algorithm'));
  });
});

describe('RFC 4253 §7.2 key derivation', () => {
  const K = new WireWriter().mpint(0x1234567890abcdef1234567890abcdefn).finish();
  const H = sha256(utf8ToBytes('exchange hash'));
  const sessionId = sha256(utf8ToBytes('session id'));

  it('matches a hand composition, including extension beyond one digest', () => {
    // Independent composition: K1 = HASH(K || H || "C" || session_id), K2 = HASH(K || H || K1), K3 = HASH(K || H || K1 || K2).
    const k1 = sha256(concatBytes(K, H, utf8ToBytes('C'), sessionId));
    const k2 = sha256(concatBytes(K, H, k1));
    const k3 = sha256(concatBytes(K, H, k1, k2));
    const expected = concatBytes(k1, k2, k3).subarray(0, 80);
    expect(bytesToHex(deriveKey('sha256', K, H, 'C', sessionId, 80))).toBe(bytesToHex(expected));
    expect(bytesToHex(deriveKey('sha256', K, H, 'C', sessionId, 16))).toBe(bytesToHex(k1.subarray(0, 16)));
  });

  it('assigns letters A..F to IVs, keys and integrity keys per direction', () => {
    const lengths = { ivLength: 16, keyLength: 32, macKeyLength: 64 };
    const keys = deriveSessionKeys('sha256', K, H, sessionId, {
      clientToServer: lengths,
      serverToClient: lengths,
    });
    const d = (letter: 'A' | 'B' | 'C' | 'D' | 'E' | 'F', n: number) =>
      bytesToHex(deriveKey('sha256', K, H, letter, sessionId, n));
    expect(bytesToHex(keys.clientToServer.iv)).toBe(d('A', 16));
    expect(bytesToHex(keys.serverToClient.iv)).toBe(d('B', 16));
    expect(bytesToHex(keys.clientToServer.key)).toBe(d('C', 32));
    expect(bytesToHex(keys.serverToClient.key)).toBe(d('D', 32));
    expect(bytesToHex(keys.clientToServer.macKey)).toBe(d('E', 64));
    expect(bytesToHex(keys.serverToClient.macKey)).toBe(d('F', 64));
  });

  it('rejects absurd lengths', () => {
    expect(() => deriveKey('sha256', K, H, 'A', sessionId, -1)).toThrow(typed('bad-length'));
  });
});
