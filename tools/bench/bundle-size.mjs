#!/usr/bin/env node
// What `@sshkit/ssh/web` adds to a browser app: esbuild bundles it for the
// browser, minified, for the whole entry and for an app that only connects
// and runs commands, and reports bytes (gzipped too) and the share of each
// package. Not a test: a number for the README.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const APPS = {
  'the whole entry': "export * from '@sshkit/ssh/web';",
  'connect + run': [
    "import { connect, importKnownHosts, importPrivateKey, webSocketDuplex } from '@sshkit/ssh/web';",
    'globalThis.app = [connect, importKnownHosts, importPrivateKey, webSocketDuplex];',
  ].join('\n'),
};

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;

function packageOf(file) {
  const dep = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(@[^/]+\/[^/]+|[^/]+)/.exec(file);
  if (dep) return dep[1];
  const ours = /packages\/([^/]+)\//.exec(file);
  return ours ? `@sshkit/${ours[1]}` : file;
}

for (const [name, contents] of Object.entries(APPS)) {
  const result = await build({
    stdin: { contents, resolveDir: import.meta.dirname },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  console.log(`${name}: ${kib(code.length)} minified, ${kib(gzipSync(code).length)} gzipped`);
  const shares = new Map();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      shares.set(packageOf(file), (shares.get(packageOf(file)) ?? 0) + bytesInOutput);
    }
  }
  const rows = [...shares].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]);
  console.log(`  ${rows.map(([pkg, bytes]) => `${pkg} ${kib(bytes)}`).join(', ')}`);
}
