import { describe, it } from '@jest/globals';
import { WireError } from '@sshkit/ssh-wire';
import fc from 'fast-check';
import { CryptoError } from '../src/errors.js';
import { kexAlgorithms as portable } from '../src/kex/registry.js';
import { kexAlgorithms as node } from '../src/kex/registry.node.js';

function onlyTypedErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!WireError.isInstance(e) && !CryptoError.isInstance(e)) throw e;
  }
}

const DIRECT = [
  ...[...portable.values()].map((spec) => ['noble', spec.name, spec] as const),
  ...[...node.values()].map((spec) => ['node', spec.name, spec] as const),
].filter(([, , spec]) => spec.kind === 'direct');

describe('peer public values: random bytes yield an outcome or WireError/CryptoError only', () => {
  it.each(DIRECT)('%s %s', (_backend, _name, spec) => {
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
