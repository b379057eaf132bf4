// A runtime whose node:crypto refuses a curve (Deno lists secp521r1 but its
// createECDH throws "invalid curve") runs that curve's ECDH on the portable
// code; the other curves stay on node:crypto. The real run under Deno is in
// tools/runtimes.
import * as realCrypto from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';

const createECDH = jest.fn((curve: string) => {
  if (curve === 'secp521r1') throw new Error('invalid curve');
  return realCrypto.createECDH(curve);
});
jest.unstable_mockModule('node:crypto', () => ({ ...realCrypto, createECDH }));
const { getKex } = await import('../src/kex/registry.node.js');
const { runExchange } = await import('./kex-compliance.js');

describe('Node key exchange registry on a node:crypto without secp521r1', () => {
  it.each(['ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521'])('%s agrees', (name) => {
    createECDH.mockClear();
    const { client, server } = runExchange(getKex(name), name);
    expect(client.sharedSecret.length).toBeGreaterThan(0);
    expect(client.sharedSecret).toEqual(server.sharedSecret);
    // Only the curves node:crypto takes go through createECDH during an exchange.
    expect(createECDH.mock.calls.length).toBe(name === 'ecdh-sha2-nistp521' ? 0 : 2);
  });
});
