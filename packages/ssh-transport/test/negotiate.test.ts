import { describe, expect, it } from '@jest/globals';
import {
  AlgorithmNegotiationError,
  IMPLICIT_MAC,
  type KexInit,
  negotiate,
  resolveAlgorithmList,
} from '../src/index.js';

function kexinit(overrides: Partial<KexInit>): KexInit {
  return {
    cookie: new Uint8Array(16),
    kexAlgs: ['curve25519-sha256'],
    hostKeyAlgs: ['ssh-ed25519'],
    encryptionC2S: ['aes128-ctr'],
    encryptionS2C: ['aes128-ctr'],
    macC2S: ['hmac-sha2-256'],
    macS2C: ['hmac-sha2-256'],
    compressionC2S: ['none'],
    compressionS2C: ['none'],
    languagesC2S: [],
    languagesS2C: [],
    firstKexPacketFollows: false,
    ...overrides,
  };
}

const isAead = (c: string) => c.includes('gcm') || c.startsWith('chacha20');

describe('algorithm negotiation (RFC 4253 §7.1)', () => {
  it("picks the client's first algorithm that the server also has", () => {
    const n = negotiate(
      kexinit({ encryptionC2S: ['aes256-ctr', 'aes128-ctr'], encryptionS2C: ['aes128-ctr', 'aes256-ctr'] }),
      kexinit({ encryptionC2S: ['aes128-ctr', 'aes256-ctr'], encryptionS2C: ['aes256-ctr', 'aes128-ctr'] }),
      isAead,
    );
    expect(n.cipherC2S).toBe('aes256-ctr');
    expect(n.cipherS2C).toBe('aes128-ctr');
  });

  it('never chooses the ext-info or strict-kex markers', () => {
    const n = negotiate(
      kexinit({ kexAlgs: ['ext-info-c', 'kex-strict-c-v00@openssh.com', 'curve25519-sha256'] }),
      kexinit({ kexAlgs: ['ext-info-c', 'curve25519-sha256'] }),
      isAead,
    );
    expect(n.kex).toBe('curve25519-sha256');
  });

  it('makes the MAC implicit for AEAD ciphers even without a common MAC', () => {
    const n = negotiate(
      kexinit({ encryptionC2S: ['aes128-gcm@openssh.com'], macC2S: ['hmac-sha1'] }),
      kexinit({ encryptionC2S: ['aes128-gcm@openssh.com'], macC2S: ['hmac-sha2-512'] }),
      isAead,
    );
    expect(n.macC2S).toBe(IMPLICIT_MAC);
    expect(n.macS2C).toBe('hmac-sha2-256');
  });

  it('reports what failed with both lists', () => {
    try {
      negotiate(kexinit({ hostKeyAlgs: ['ssh-rsa'] }), kexinit({}), isAead);
      throw new Error('expected a negotiation error');
    } catch (e) {
      expect(AlgorithmNegotiationError.isInstance(e)).toBe(true);
      const err = e as AlgorithmNegotiationError;
      expect(err.what).toBe('host key');
      expect(err.ours).toEqual(['ssh-rsa']);
      expect(err.theirs).toEqual(['ssh-ed25519']);
      expect(err.code).toBe(3);
    }
  });

  it('tells whether a first-kex-packet guess matches', () => {
    expect(negotiate(kexinit({}), kexinit({}), isAead).guessMatches).toBe(true);
    const n = negotiate(
      kexinit({ kexAlgs: ['ecdh-sha2-nistp256', 'curve25519-sha256'] }),
      kexinit({ kexAlgs: ['curve25519-sha256', 'ecdh-sha2-nistp256'] }),
      isAead,
    );
    expect(n.kex).toBe('ecdh-sha2-nistp256');
    expect(n.guessMatches).toBe(false);
  });
});

describe('algorithm list options (ssh_config syntax)', () => {
  const defaults = ['a', 'b', 'c'];
  const supported = ['a', 'b', 'c', 'legacy-x', 'legacy-y'];

  it.each([
    [undefined, ['a', 'b', 'c']],
    ['c,a', ['c', 'a']],
    [['b'], ['b']],
    ['+legacy-x', ['a', 'b', 'c', 'legacy-x']],
    ['-b', ['a', 'c']],
    ['-*', 'error'],
    ['-a,c', ['b']],
    ['-?', 'error'],
    ['^c', ['c', 'a', 'b']],
    ['^legacy-y,b', ['legacy-y', 'b', 'a', 'c']],
  ] as const)('%j gives %j', (option, expected) => {
    const opt = option as string | string[] | undefined;
    if (expected === 'error') {
      expect(() => resolveAlgorithmList(opt, defaults, supported, 'test')).toThrow(RangeError);
    } else {
      expect(resolveAlgorithmList(opt, defaults, supported, 'test')).toEqual(expected);
    }
  });

  it('refuses unknown names', () => {
    expect(() => resolveAlgorithmList('+nope', defaults, supported, 'test')).toThrow(RangeError);
    expect(() => resolveAlgorithmList('nope', defaults, supported, 'test')).toThrow(RangeError);
  });
});
