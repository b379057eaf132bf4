#!/usr/bin/env node
// Packs every package with pnpm (workspace:^ becomes a real version, `files`
// applies), installs each tarball alone into an empty npm project and imports it.
// Asserts the dependency direction of ARCHITECTURE.md on what npm really installs:
// @sshkit/ssh-codes and @sshkit/ssh-wire bring nothing else at all.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runtimeBinaries, runtimeEnv } from '../runtimes/binaries.mjs';
import { ALLOWED_EXTERNAL, ALLOWED_SSHKIT } from './allowed.mjs';

const root = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'sshkit-pack-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
const packages = readdirSync(join(root, 'packages'));
// The pnpm to pack with, as bootstrap.mjs runs it (`pnpm` or `npx --yes pnpm@x`).
const pnpm = process.argv.length > 2 ? process.argv.slice(2) : ['pnpm'];

const tarballOf = {};
for (const name of packages) {
  const out = execFileSync(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', tarballs], {
    cwd: join(root, 'packages', name),
    encoding: 'utf8',
  });
  const file = out.trim().split('\n').pop();
  tarballOf[`@sshkit/${name}`] = file.startsWith('/') ? file : join(tarballs, file);
}

const failures = [];
for (const name of packages) {
  const full = `@sshkit/${name}`;
  const project = join(work, `install-${name}`);
  mkdirSync(project);
  // Unpublished siblings resolve to their tarballs; everything else from the registry.
  const overrides = Object.fromEntries(
    Object.entries(tarballOf)
      .filter(([n]) => n !== full)
      .map(([n, f]) => [n, `file:${f}`]),
  );
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'pack-check', private: true, type: 'module', overrides }, null, 2),
  );
  try {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarballOf[full]], {
      cwd: project,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch {
    failures.push(`${full}: npm install of the tarball failed`);
    continue;
  }
  const lock = JSON.parse(readFileSync(join(project, 'node_modules', '.package-lock.json'), 'utf8'));
  const installed = Object.keys(lock.packages)
    .map((p) => p.replace(/^.*node_modules\//, ''))
    .filter((p) => p !== full);
  const allowedSshkit = ALLOWED_SSHKIT[name];
  for (const dep of installed) {
    const ok = dep.startsWith('@sshkit/')
      ? allowedSshkit.includes(dep.slice('@sshkit/'.length))
      : ALLOWED_EXTERNAL[name].some((prefix) => dep.startsWith(prefix));
    if (!ok) failures.push(`${full}: installs ${dep}, which the dependency direction does not allow`);
  }
  if ((name === 'ssh-codes' || name === 'ssh-wire') && installed.length > 0) {
    failures.push(`${full}: must install with zero dependencies, got ${installed.join(', ')}`);
  }
  // Every entry point the package exports (`.`, `./node`, `./web`...) must import from the tarball.
  const manifest = JSON.parse(readFileSync(join(project, 'node_modules', full, 'package.json'), 'utf8'));
  const entries = Object.keys(manifest.exports ?? { '.': null })
    .filter((key) => key !== './package.json')
    .map((key) => full + key.slice(1));
  for (const entry of entries) {
    try {
      const keys = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import('${entry}'); console.log(Object.keys(m).length);`,
        ],
        { cwd: project, encoding: 'utf8' },
      );
      console.log(`ok ${entry}: ${installed.length} dependencies, ${keys.trim()} exports`);
    } catch (e) {
      failures.push(`${entry}: importing the installed package failed: ${e.message}`);
    }
  }
}
await checkOtherRuntimes(join(work, 'install-ssh'));
rmSync(work, { recursive: true, force: true });
if (failures.length) {
  console.error(failures.map((f) => `FAIL ${f}`).join('\n'));
  process.exit(1);
}
console.log(`package check: ${packages.length} packages install alone and import`);

/**
 * The umbrella as published, outside Node: Deno and Bun import both entries
 * from the installed tarballs and sign and verify with a fresh key, and
 * esbuild bundles the web entry for a browser (browser conditions; a Node
 * built-in module anywhere in its graph fails the build).
 */
async function checkOtherRuntimes(project) {
  const required = process.env.SSHKIT_REQUIRE_INTEROP === '1';
  writeFileSync(
    join(project, 'smoke.mjs'),
    [
      "const web = await import('@sshkit/ssh/web');",
      "const node = await import('@sshkit/ssh');",
      "const key = web.generatePrivateKey('ssh-ed25519');",
      "const data = new TextEncoder().encode('published');",
      'const verified = key.convertToPublic().verify(data, key.sign(data));',
      'console.log(JSON.stringify({ web: Object.keys(web).length, node: Object.keys(node).length, verified }));',
    ].join('\n'),
  );
  const commands = {
    deno: ['run', '--allow-read', '--allow-env', '--allow-sys', 'smoke.mjs'],
    bun: ['smoke.mjs'],
  };
  for (const [runtime, args] of Object.entries(commands)) {
    const binary = runtimeBinaries[runtime]();
    if (binary === undefined) {
      if (required) failures.push(`${runtime}: not installed (tools/runtimes brings it from npm)`);
      else console.log(`skipped ${runtime}: not installed`);
      continue;
    }
    try {
      const env = { ...process.env, ...runtimeEnv };
      const out = JSON.parse(execFileSync(binary, args, { cwd: project, encoding: 'utf8', env }).trim());
      if (!out.verified || out.web === 0 || out.node === 0) throw new Error(JSON.stringify(out));
      console.log(
        `ok ${runtime}: @sshkit/ssh (${out.node} exports) and @sshkit/ssh/web (${out.web}) from the tarballs`,
      );
    } catch (e) {
      failures.push(`${runtime}: importing the installed @sshkit/ssh failed: ${e.message}`);
    }
  }
  const fromRuntimes = createRequire(new URL('../runtimes/package.json', import.meta.url));
  const { build } = await import(pathToFileURL(fromRuntimes.resolve('esbuild')).href);
  try {
    const bundle = await build({
      stdin: { contents: "export * from '@sshkit/ssh/web';", resolveDir: project },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    console.log(`ok browser bundle of @sshkit/ssh/web: ${bundle.outputFiles[0].contents.length} bytes`);
  } catch (e) {
    failures.push(`esbuild: bundling the installed @sshkit/ssh/web for a browser failed: ${e.message}`);
  }
}
