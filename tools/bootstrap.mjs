#!/usr/bin/env node
// Entry point of the two quick-start commands (`npm run demo`, `npm test`) on a
// machine that has only Node and npm: it brings the pinned pnpm through npx,
// installs from the lockfile, builds, and then runs the demo or the full check.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pnpmSpec = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;

function run(cmd, args, opts = {}) {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\nfailed: ${[cmd, ...args].join(' ')} (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

function hasPinnedPnpm() {
  const r = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  return r.status === 0 && `pnpm@${r.stdout.trim()}` === pnpmSpec;
}

const pnpm = hasPinnedPnpm() ? ['pnpm'] : ['npx', '--yes', pnpmSpec];
const p = (...args) => run(pnpm[0], [...pnpm.slice(1), ...args]);

const task = process.argv[2];
p('install', '--frozen-lockfile');
if (task === 'demo') {
  p('exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
  run(process.execPath, ['tools/demo/demo.mjs']);
} else if (task === 'test') {
  p('exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
  p('run', 'lint');
  p('exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only');
  // Tests may fail; the summary below still counts them, then fails the run.
  const tests = spawnSync(
    pnpm[0],
    [...pnpm.slice(1), 'exec', 'turbo', 'run', 'test', '--concurrency=2', '--continue'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const pack = spawnSync(process.execPath, ['tools/check-packages/check.mjs', ...pnpm], {
    cwd: root,
    stdio: 'inherit',
  });
  const summary = spawnSync(
    process.execPath,
    ['tools/ci/summarize-tests.mjs', `--pack-status=${pack.status}`],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  process.exit(tests.status || pack.status || summary.status || 0);
} else {
  console.error('usage: node tools/bootstrap.mjs demo|test');
  process.exit(2);
}
