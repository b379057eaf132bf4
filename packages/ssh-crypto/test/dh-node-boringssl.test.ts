// Under BoringSSL (Bun's node:crypto), which tests the primality of every DH
// prime it is given (25 s for group 18), finite-field DH stays on bigint; the
// results are the same bytes either way.
import * as realCrypto from 'node:crypto';
import * as realProcess from 'node:process';
import { describe, expect, it, jest } from '@jest/globals';

const createDiffieHellman = jest.fn(realCrypto.createDiffieHellman);
jest.unstable_mockModule('node:crypto', () => ({ ...realCrypto, createDiffieHellman }));
jest.unstable_mockModule('node:process', () => ({
  ...realProcess,
  versions: { ...realProcess.versions, boringssl: 'fe703e9faa3bfd22b04eb192066856557b7e015c' },
}));
const { getKex } = await import('../src/kex/registry.node.js');
const portable = await import('../src/kex/registry.js');
const { runExchange } = await import('./kex-compliance.js');

describe('finite-field DH on the Node registry under BoringSSL', () => {
  it.each(['diffie-hellman-group14-sha256', 'diffie-hellman-group16-sha512'])('%s runs on bigint', (name) => {
    const ours = runExchange(getKex(name), name);
    expect(createDiffieHellman).not.toHaveBeenCalled();
    expect(ours.client.sharedSecret).toEqual(ours.server.sharedSecret);
    expect(ours.client.sharedSecret).toEqual(runExchange(portable.getKex(name), name).client.sharedSecret);
  });
});
