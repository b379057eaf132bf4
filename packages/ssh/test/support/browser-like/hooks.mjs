// Module resolution as a browser bundler does it: package exports without the
// "node" condition, and no Node built-in module at all (an import of one fails).
import { builtinModules } from 'node:module';

const builtins = new Set(builtinModules);

export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith('node:') || builtins.has(specifier)) {
    throw new Error(`browser-like run: ${context.parentURL ?? 'the entry'} imports ${specifier}`);
  }
  const conditions = ['browser', ...context.conditions.filter((c) => c !== 'node' && c !== 'node-addons')];
  return nextResolve(specifier, { ...context, conditions });
}
