// Key-file ciphers: OpenSSH openssh-key-v1 files encrypted by ssh-keygen with
// the AEAD ciphers and 3des-cbc (fixtures in test/vectors/openssh-keyfile/),
// DES / 3DES known answers, PKCS#7 handling and AEAD tamper detection.
import { readFileSync } from 'node:fs';
import { describe, expect, it, test } from '@jest/globals';
import { bcryptPbkdf } from '../src/kdf/bcrypt-pbkdf.js';
import { getKeyFileCipher, keyFileCiphers } from '../src/kdf/key-file-cipher.js';
import { DES, hex, toHex } from './backend-compliance.js';

const typed = (kind: string) => expect.objectContaining({ name: 'CryptoError', kind });
const PASSPHRASE = new TextEncoder().encode('sshkit test');

/** The fields of an openssh-key-v1 file (PROTOCOL.key) that matter here. */
function parseKeyFile(name: string) {
  const text = readFileSync(new URL(`./vectors/openssh-keyfile/${name}`, import.meta.url), 'utf8');
  const pub = readFileSync(new URL(`./vectors/openssh-keyfile/${name}.pub`, import.meta.url), 'utf8').split(
    ' ',
  );
  const body = text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('-----'))
    .join('');
  const bytes = new Uint8Array(Buffer.from(body, 'base64'));
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const magic = 'openssh-key-v1\0';
  expect(new TextDecoder().decode(bytes.subarray(0, magic.length))).toBe(magic);
  let at = magic.length;
  const str = () => {
    const n = view.getUint32(at);
    const v = bytes.subarray(at + 4, at + 4 + n);
    at += 4 + n;
    return v;
  };
  const cipher = new TextDecoder().decode(str());
  const kdf = new TextDecoder().decode(str());
  const kdfOptions = str();
  const keys = view.getUint32(at);
  at += 4;
  const publicBlob = str();
  const encrypted = str();
  const trailer = bytes.subarray(at); // the AEAD tag, after the string (sshkey.c)
  const ko = new DataView(kdfOptions.buffer, kdfOptions.byteOffset);
  const saltLength = ko.getUint32(0);
  const salt = kdfOptions.subarray(4, 4 + saltLength);
  const rounds = ko.getUint32(4 + saltLength);
  return { cipher, kdf, keys, salt, rounds, publicBlob, encrypted, trailer, pub };
}

describe('openssh-key-v1 files encrypted by ssh-keygen (OpenSSH 9.2p1)', () => {
  test.each([
    ['ed25519-aes256-gcm.key', 'aes256-gcm@openssh.com'],
    ['ed25519-aes128-gcm.key', 'aes128-gcm@openssh.com'],
    ['ed25519-chacha20-poly1305.key', 'chacha20-poly1305@openssh.com'],
    ['ed25519-3des-cbc.key', '3des-cbc'],
  ])('%s (%s) decrypts: equal check-ints, the public key, the comment', (file, cipherName) => {
    const f = parseKeyFile(file);
    expect(f.cipher).toBe(cipherName);
    expect(f.kdf).toBe('bcrypt');
    expect(f.keys).toBe(1);
    const spec = getKeyFileCipher(f.cipher);
    expect(f.trailer.length).toBe(spec.tagLength);
    expect(f.encrypted.length % spec.blockSize).toBe(0);
    const keyIv = bcryptPbkdf(PASSPHRASE, f.salt, f.rounds, spec.keyLength + spec.ivLength);
    const key = keyIv.subarray(0, spec.keyLength);
    const iv = keyIv.subarray(spec.keyLength);
    const sealed = new Uint8Array(f.encrypted.length + f.trailer.length);
    sealed.set(f.encrypted);
    sealed.set(f.trailer, f.encrypted.length);
    const plain = spec.decrypt(key, iv, sealed);
    expect(plain.length).toBe(f.encrypted.length);
    const view = new DataView(plain.buffer, plain.byteOffset);
    expect(view.getUint32(0)).toBe(view.getUint32(4));
    // checkint, checkint, string "ssh-ed25519", string pk: the public blob's fields.
    expect(toHex(plain.subarray(8, 8 + f.publicBlob.length))).toBe(toHex(f.publicBlob));
    expect(Buffer.from(f.publicBlob).toString('base64')).toBe(f.pub[1]);
    expect(new TextDecoder().decode(plain)).toContain(`sshkit-${cipherName}`);
    // Re-encrypting gives the file's bytes back (tag included).
    expect(toHex(spec.encrypt(key, iv, plain))).toBe(toHex(sealed));
  });

  test.each([['ed25519-aes256-gcm.key'], ['ed25519-chacha20-poly1305.key']])(
    '%s: a wrong passphrase or a flipped bit fails with bad-tag',
    (file) => {
      const f = parseKeyFile(file);
      const spec = getKeyFileCipher(f.cipher);
      const sealed = new Uint8Array(f.encrypted.length + f.trailer.length);
      sealed.set(f.encrypted);
      sealed.set(f.trailer, f.encrypted.length);
      const wrong = bcryptPbkdf(
        new TextEncoder().encode('wrong'),
        f.salt,
        f.rounds,
        spec.keyLength + spec.ivLength,
      );
      expect(() =>
        spec.decrypt(wrong.subarray(0, spec.keyLength), wrong.subarray(spec.keyLength), sealed),
      ).toThrow(typed('bad-tag'));
      const right = bcryptPbkdf(PASSPHRASE, f.salt, f.rounds, spec.keyLength + spec.ivLength);
      for (const at of [0, sealed.length - 1]) {
        const bad = sealed.slice();
        bad[at] = (bad[at] as number) ^ 1;
        expect(() =>
          spec.decrypt(right.subarray(0, spec.keyLength), right.subarray(spec.keyLength), bad),
        ).toThrow(typed('bad-tag'));
      }
      expect(() =>
        spec.decrypt(
          right.subarray(0, spec.keyLength),
          right.subarray(spec.keyLength),
          sealed.subarray(0, 8),
        ),
      ).toThrow(typed('bad-length'));
    },
  );
});

describe('DES key-file ciphers', () => {
  test.each(DES.des)('des-cbc: $name (one block, zero IV = ECB)', (v) => {
    const enc = getKeyFileCipher('des-cbc').encrypt(hex(v.key), new Uint8Array(8), hex(v.plaintext));
    expect(toHex(enc)).toBe(v.ciphertext);
  });

  test.each(DES.tdes)('des-ede3-cbc and 3des-cbc: $name, block by block', (v) => {
    for (const name of ['des-ede3-cbc', '3des-cbc']) {
      const spec = getKeyFileCipher(name);
      const plain = hex(v.plaintext);
      let out = '';
      for (let i = 0; i < plain.length; i += 8) {
        out += toHex(spec.encrypt(hex(v.key), new Uint8Array(8), plain.subarray(i, i + 8)));
      }
      expect(out).toBe(v.ciphertext);
    }
  });

  it('des-ede3-cbc with PKCS#7 padding pads to 8 and strips; bad padding is bad-length', () => {
    const spec = getKeyFileCipher('des-ede3-cbc');
    const key = Uint8Array.from({ length: 24 }, (_, i) => i);
    const iv = new Uint8Array(8).fill(3);
    for (const n of [0, 5, 8, 13]) {
      const data = new Uint8Array(n).fill(0x41);
      const enc = spec.encrypt(key, iv, data, { padding: 'pkcs7' });
      expect(enc.length).toBe(n + 8 - (n % 8));
      expect(toHex(spec.decrypt(key, iv, enc, { padding: 'pkcs7' }))).toBe(toHex(data));
    }
    const enc = spec.encrypt(key, iv, new Uint8Array(5), { padding: 'pkcs7' });
    const otherKey = key.slice();
    otherKey[0] = 99;
    expect(() => spec.decrypt(otherKey, iv, enc, { padding: 'pkcs7' })).toThrow(typed('bad-length'));
    expect(() => spec.encrypt(key, iv, new Uint8Array(5))).toThrow(typed('bad-length'));
  });
});

describe('every key-file cipher', () => {
  test.each([...keyFileCiphers.values()])('$name round-trips and checks key and IV sizes', (spec) => {
    const key = new Uint8Array(spec.keyLength).fill(7);
    const iv = new Uint8Array(spec.ivLength).fill(9);
    const data = new Uint8Array(48).map((_, i) => i);
    const enc = spec.encrypt(key, iv, data);
    expect(enc.length).toBe(data.length + spec.tagLength);
    expect(toHex(enc.subarray(0, 48))).not.toBe(toHex(data));
    expect(toHex(spec.decrypt(key, iv, enc))).toBe(toHex(data));
    expect(() => spec.encrypt(key.subarray(1), iv, data)).toThrow(typed('bad-length'));
    expect(() => spec.encrypt(key, new Uint8Array(spec.ivLength + 1), data)).toThrow(typed('bad-length'));
  });
});
