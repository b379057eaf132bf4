import { describe, it } from '@jest/globals';
import { WireError } from '@sshkit/ssh-wire';
import fc from 'fast-check';
import { CryptoError } from '../src/errors.js';
import { kexAlgorithms } from '../src/kex/registry.js';

function onlyTypedErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!WireError.isInstance(e) && !CryptoError.isInstance(e)) throw e;
  }
}

describe('peer public values: random bytes yield an outcome or WireError/CryptoError only', () => {
  it.each([...kexAlgorithms.values()].filter((s) => s.kind === 'direct'))('$name', (spec) => {
    if (spec.kind !== 'direct') return;
    const client = spec.client();
    const server = spec.server();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 140 }), (bytes) => {
        onlyTypedErrors(() => client.finish(bytes));
        onlyTypedErrors(() => server.respond(bytes));
      }),
      { numRuns: 40 },
    );
  });
});
