// A runtime whose node:crypto lacks ciphers (Bun's BoringSSL has no bare
// "chacha20") gets the portable code for exactly those, and still passes the
// known answers; the real run under Bun is in tools/runtimes.
import * as realCrypto from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';
import { backendCompliance } from './backend-compliance.js';

const MISSING = new Set(['chacha20', 'aes-192-gcm']);
jest.unstable_mockModule('node:crypto', () => ({
  ...realCrypto,
  getCiphers: () => realCrypto.getCiphers().filter((name) => !MISSING.has(name)),
}));
const { nodeBackend } = await import('../src/backend/node.node.js');
const { portableBackend } = await import('../src/backend/portable.js');

describe('node backend on a node:crypto without chacha20 and one AES-GCM size', () => {
  it('takes ChaCha20 and AES-GCM from the portable backend and keeps the rest on node:crypto', () => {
    expect(nodeBackend.chacha20).toBe(portableBackend.chacha20);
    expect(nodeBackend.aesGcm).toBe(portableBackend.aesGcm);
    expect(nodeBackend.aesCtr).not.toBe(portableBackend.aesCtr);
    expect(nodeBackend.aesCbc).not.toBe(portableBackend.aesCbc);
  });

  backendCompliance(() => nodeBackend);
});
