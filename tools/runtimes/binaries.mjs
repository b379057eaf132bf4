// Where this package's runtimes are: Deno and Bun from the npm registry
// (their platform packages carry the binaries, so no install script runs),
// Chromium and Firefox from Debian. Shared by the tests and tools/check-packages.
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A binary in the platform package that `launcher` lists as an optional dependency, if installed. */
function platformBinary(launcher, platformPackage, file) {
  try {
    const launcherDir = dirname(realpathSync(require.resolve(`${launcher}/package.json`)));
    const fromLauncher = createRequire(join(launcherDir, 'package.json'));
    const path = join(dirname(fromLauncher.resolve(`${platformPackage}/package.json`)), file);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const arm = process.arch === 'arm64';

const firstExisting = (...paths) => paths.find((p) => p !== undefined && existsSync(p));

/** @type {Record<'deno' | 'bun' | 'chromium' | 'firefox', () => string | undefined>} */
export const runtimeBinaries = {
  deno: () =>
    platformBinary(
      'deno',
      `@deno/${process.platform}-${arm ? 'arm64' : 'x64'}${process.platform === 'linux' ? '-glibc' : ''}`,
      'deno',
    ),
  bun: () => platformBinary('bun', `@oven/bun-${process.platform}-${arm ? 'aarch64' : 'x64'}`, 'bin/bun'),
  chromium: () => firstExisting(process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'),
  firefox: () => firstExisting(process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'),
};

/** Environment for running them offline: Deno never checks for a newer release nor prompts. */
export const runtimeEnv = { DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' };
