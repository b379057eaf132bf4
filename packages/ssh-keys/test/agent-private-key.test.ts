// encodeAgentPrivateKey: the ADD_IDENTITY key encoding of draft-miller-ssh-agent.
import { describe, expect, it } from '@jest/globals';
import { decodeBase64, WireReader } from '@sshkit/ssh-wire';
import { KeyExportError } from '../src/errors.js';
import { encodeAgentPrivateKey, type GeneratableKeyType, generatePrivateKey } from '../src/key.js';

const TYPES: readonly GeneratableKeyType[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
];

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('encodeAgentPrivateKey', () => {
  it('ssh-ed25519: type, public key, then seed || public key', () => {
    const key = generatePrivateKey('ssh-ed25519');
    const data = key.privateData;
    if (data?.kind !== 'ed25519') throw new Error('not an ed25519 key');
    const r = new WireReader(encodeAgentPrivateKey(key));
    expect(r.utf8()).toBe('ssh-ed25519');
    expect(r.string()).toEqual(data.publicKey);
    expect(r.string()).toEqual(Uint8Array.of(...data.seed, ...data.publicKey));
    r.expectEnd();
  });

  it('ecdsa-sha2-nistp256: type, curve, Q, d', () => {
    const key = generatePrivateKey('ecdsa-sha2-nistp256');
    const data = key.privateData;
    if (data?.kind !== 'ecdsa') throw new Error('not an ECDSA key');
    const r = new WireReader(encodeAgentPrivateKey(key));
    expect(r.utf8()).toBe('ecdsa-sha2-nistp256');
    expect(r.utf8()).toBe('nistp256');
    expect(r.string()).toEqual(data.Q);
    expect(r.mpint()).toBe(data.d);
    r.expectEnd();
  });

  it('ssh-rsa: type, n, e, d, iqmp, p, q', () => {
    const key = generatePrivateKey('ssh-rsa', { bits: 2048 });
    const data = key.privateData;
    if (data?.kind !== 'rsa') throw new Error('not an RSA key');
    const r = new WireReader(encodeAgentPrivateKey(key));
    expect(r.utf8()).toBe('ssh-rsa');
    expect([r.mpint(), r.mpint(), r.mpint()]).toEqual([data.n, data.e, data.d]);
    const iqmp = r.mpint();
    const [p, q] = [r.mpint(), r.mpint()];
    r.expectEnd();
    expect([p, q]).toEqual([data.p, data.q]);
    expect((iqmp * q) % p).toBe(1n);
  });

  it.each(TYPES)('%s: the same bytes as the key in an OpenSSH private key file', (type) => {
    const key = generatePrivateKey(type, { bits: 2048, comment: 'c' });
    const pem = key.exportPrivateKey('openssh');
    const body = decodeBase64(
      pem
        .split('\n')
        .filter((l) => !l.startsWith('-----'))
        .join(''),
    );
    const encoded = encodeAgentPrivateKey(key);
    const at = indexOf(body, encoded);
    expect(at).toBeGreaterThan(0);
    // In the file, the comment follows the key fields, as in the agent message.
    const after = new WireReader(body, {}, at + encoded.length);
    expect(after.utf8()).toBe('c');
  });

  it('refuses a public key', () => {
    const pub = generatePrivateKey('ssh-ed25519').convertToPublic();
    expect(() => encodeAgentPrivateKey(pub)).toThrow(KeyExportError);
    try {
      encodeAgentPrivateKey(pub);
    } catch (e) {
      expect(KeyExportError.isInstance(e) && e.reason).toBe('not-private');
    }
  });
});
