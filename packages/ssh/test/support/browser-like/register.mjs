// `node --import ./register.mjs client.mjs`: installs the browser-like resolution
// hooks before the client loads, and makes Node's `Buffer` and `process`
// globals throw when sshkit's built code touches them (Node itself still may).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

for (const name of ['Buffer', 'process']) {
  const real = globalThis[name];
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      const caller = new Error().stack?.split('\n')[2] ?? '';
      if (/\/packages\/[^/]+\/dist\//.test(caller)) {
        throw new ReferenceError(`browser-like run: ${name} used at ${caller.trim()}`);
      }
      return real;
    },
  });
}
