#!/usr/bin/env node
// Adds up every package's jest JSON results and prints the closing line CI reads:
// "N passed, N failed[, N skipped]". In CI a skipped test counts as a failure,
// so interop suites cannot silently skip.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packStatus = Number((process.argv.find((a) => a.startsWith('--pack-status=')) ?? '=0').split('=')[1]);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const group of ['packages', 'tools']) {
  for (const name of readdirSync(join(root, group))) {
    const file = join(root, group, name, 'test-results.json');
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
    for (const suite of r.testResults) {
      // A suite that fails to load reports no failing test; count it as one failure.
      if (suite.status === 'failed' && suite.assertionResults.every((a) => a.status !== 'failed')) {
        console.log(`${group}/${name}: suite failed to run: ${suite.name}`);
        failed += 1;
      }
    }
  }
}
// The packed-tarball check is one test of the whole repo.
if (packStatus === 0) passed += 1;
else failed += 1;
const requireAll = process.env.CI === 'true' || process.env.SSHKIT_REQUIRE_INTEROP === '1';
if (requireAll && skipped > 0) {
  console.log(`${skipped} test(s) were skipped: in CI every test must run`);
  failed += skipped;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
