import { createHmac } from 'node:crypto';
import { describe, expect, it, test } from '@jest/globals';
import { nobleBackend } from '../src/backend/noble.js';
import { nodeBackend } from '../src/backend/node.node.js';
import type { CryptoBackend } from '../src/backend/types.js';
import { CryptoError } from '../src/errors.js';
import { getMac, macs } from '../src/mac/index.js';
import { macs as nodeMacs } from '../src/mac/index.node.js';
import {
  createMacRegistry,
  defaultMacs,
  isMacName,
  LEGACY_MACS,
  lookupMac,
  supportedMacs,
} from '../src/mac/registry.js';
import { toHex } from './backend-compliance.js';

const BACKENDS: readonly [string, CryptoBackend][] = [
  ['noble', nobleBackend],
  ['node', nodeBackend],
];
const HASH_OF: Record<string, string> = {
  'hmac-sha2-256': 'sha256',
  'hmac-sha2-512': 'sha512',
  'hmac-sha1': 'sha1',
  'hmac-md5': 'md5',
};

const HMAC_NAMES = supportedMacs().filter((n) => n.startsWith('hmac-'));

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('MAC registry', () => {
  it('has OpenSSH default order', () => {
    expect(defaultMacs()).toEqual([
      'umac-64-etm@openssh.com',
      'umac-128-etm@openssh.com',
      'hmac-sha2-256-etm@openssh.com',
      'hmac-sha2-512-etm@openssh.com',
      'hmac-sha1-etm@openssh.com',
      'umac-64@openssh.com',
      'umac-128@openssh.com',
      'hmac-sha2-256',
      'hmac-sha2-512',
      'hmac-sha1',
    ]);
  });

  test.each(BACKENDS)('every default and every listed name resolves (%s)', (_n, backend) => {
    const registry = createMacRegistry(backend);
    for (const name of [...defaultMacs(), ...supportedMacs()]) {
      expect(lookupMac(registry, name).name).toBe(name);
      expect(isMacName(name)).toBe(true);
    }
    expect([...registry.keys()]).toEqual(supportedMacs());
    expect([...nodeMacs.keys()]).toEqual(supportedMacs());
  });

  it('keeps legacy names out of the defaults', () => {
    expect([...LEGACY_MACS].sort()).toEqual(
      [
        'hmac-md5',
        'hmac-md5-96',
        'hmac-sha1-96',
        'hmac-sha2-256-96',
        'hmac-sha2-512-96',
        'hmac-md5-etm@openssh.com',
        'hmac-md5-96-etm@openssh.com',
        'hmac-sha1-96-etm@openssh.com',
        'hmac-sha2-256-96-etm@openssh.com',
        'hmac-sha2-512-96-etm@openssh.com',
      ].sort(),
    );
    for (const name of LEGACY_MACS) {
      expect(defaultMacs()).not.toContain(name);
      expect(macs.get(name)?.legacy).toBe(true);
    }
  });

  it('carries key length, MAC length and etm', () => {
    const info = (n: string) => {
      const m = getMac(n);
      return [m.keyLength, m.length, m.etm];
    };
    expect(info('hmac-sha2-256')).toEqual([32, 32, false]);
    expect(info('hmac-sha2-512-etm@openssh.com')).toEqual([64, 64, true]);
    expect(info('hmac-sha1')).toEqual([20, 20, false]);
    expect(info('hmac-sha1-96')).toEqual([20, 12, false]);
    expect(info('hmac-md5-96-etm@openssh.com')).toEqual([16, 12, true]);
    expect(info('hmac-md5')).toEqual([16, 16, false]);
    expect(info('hmac-sha2-256-96')).toEqual([32, 12, false]);
    expect(info('hmac-sha2-512-96-etm@openssh.com')).toEqual([64, 12, true]);
    expect(info('umac-64@openssh.com')).toEqual([16, 8, false]);
    expect(info('umac-128-etm@openssh.com')).toEqual([16, 16, true]);
  });

  it('throws unsupported-algorithm for unknown names', () => {
    const e = caught(() => getMac('umac-32@openssh.com'));
    expect(CryptoError.isInstance(e) && e.kind).toBe('unsupported-algorithm');
  });
});

describe.each(BACKENDS)('MACs on %s', (_n, backend) => {
  const registry = createMacRegistry(backend);

  it.each(HMAC_NAMES)('%s = HMAC(key, uint32 seq || data), truncated to its length', (name) => {
    const spec = lookupMac(registry, name);
    const base = name.replace('-etm@openssh.com', '').replace('-96', '');
    expect(HASH_OF[base]).toBeDefined();
    const key = Uint8Array.from({ length: spec.keyLength }, (_, i) => i + 1);
    const data = Uint8Array.from({ length: 100 }, (_, i) => i * 3);
    const mac = spec.create(key);
    for (const seq of [0, 1, 0xdeadbeef, 0xffffffff]) {
      const out = new Uint8Array(spec.length);
      mac.compute(seq, data, out);
      const seq4 = new Uint8Array(4);
      new DataView(seq4.buffer).setUint32(0, seq);
      const expected = createHmac(HASH_OF[base] as string, key)
        .update(seq4)
        .update(data)
        .digest()
        .subarray(0, spec.length);
      expect(toHex(out)).toBe(toHex(expected));
      mac.verify(seq, data, out);
    }
  });

  it.each(supportedMacs())('%s: a flipped bit in data or MAC, or a wrong seq, fails with bad-mac', (name) => {
    const spec = lookupMac(registry, name);
    const mac = spec.create(new Uint8Array(spec.keyLength).fill(9));
    const data = new Uint8Array(64).fill(1);
    const out = new Uint8Array(spec.length);
    mac.compute(5, data, out);
    const badMac = out.slice();
    badMac[badMac.length - 1] = (badMac[badMac.length - 1] as number) ^ 0x10;
    const badData = data.slice();
    badData[0] = 0;
    for (const e of [
      caught(() => mac.verify(5, data, badMac)),
      caught(() => mac.verify(5, badData, out)),
      caught(() => mac.verify(6, data, out)),
      caught(() => mac.verify(5, data, out.subarray(1))),
    ]) {
      expect(CryptoError.isInstance(e) && e.kind).toBe('bad-mac');
    }
  });

  it('rejects a wrong key length with invalid-key', () => {
    const e = caught(() => lookupMac(registry, 'hmac-sha2-256').create(new Uint8Array(16)));
    expect(CryptoError.isInstance(e) && e.kind).toBe('invalid-key');
  });
});
