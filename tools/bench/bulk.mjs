// Bulk throughput through one session channel on loopback (issue: connection +
// umbrella, Speed): 1 GiB down (`cat FILE` of a tmpfs file) and up (`cat >
// /dev/null`) for three cipher suites, measured in the same run for our
// client -> sshd, OpenSSH ssh -> sshd, ssh2 -> sshd, ssh -> our server and our
// client -> our server; plus connect + auth latency (median of 50) for our
// client and ssh2. Prints MB/s, ratios and peak RSS as Markdown tables.
//
// Each cell is the best of `--runs` transfers (default 3), the rows taking
// turns, so that a slow minute on a shared machine hits every row alike.
//
// Run: pnpm --filter @sshkit/bench bench:bulk [-- --size MiB --runs N --only SUBSTRING --tuned]
// (defaults 1024 MiB, 3 runs, every cipher; --only keeps the ciphers whose label contains it)
// `--tuned` runs the Node rows with the README's runtime tuning (./bulk/tuned.mjs).
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { findTool } from '@sshkit/testkit';
import { opensshClient, ssh2Client, sshkitClient } from './bulk/clients.mjs';
import { median, ssh2ConnectLatency, sshkitConnectLatency } from './bulk/latency.mjs';
import { startTargets } from './bulk/targets.mjs';
import { reexecIfTuned, runtimeNote } from './bulk/tuned.mjs';

reexecIfTuned();

const sizeArg = process.argv.indexOf('--size');
const MIB = Number(sizeArg > 0 ? process.argv[sizeArg + 1] : (process.env.SIZE ?? 1024));
const runsArg = process.argv.indexOf('--runs');
const RUNS = Number(runsArg > 0 ? process.argv[runsArg + 1] : (process.env.RUNS_PER_CELL ?? 3));
const SIZE = MIB * 1024 * 1024;
const LATENCY_RUNS = Number(process.env.RUNS ?? 50);
const onlyArg = process.argv.indexOf('--only');
const ONLY = onlyArg > 0 ? process.argv[onlyArg + 1] : undefined;
const ALL_CIPHERS = [
  { label: 'aes128-gcm@openssh.com', enc: 'aes128-gcm@openssh.com' },
  { label: 'chacha20-poly1305@openssh.com', enc: 'chacha20-poly1305@openssh.com' },
  { label: 'aes128-ctr + hmac-sha2-256-etm', enc: 'aes128-ctr', mac: 'hmac-sha2-256-etm@openssh.com' },
];
const CIPHERS = ALL_CIPHERS.filter((c) => ONLY === undefined || c.label.includes(ONLY));

const sshPath = findTool('ssh');
if (!sshPath) throw new Error('bench:bulk needs OpenSSH ssh and sshd');

/** A tmpfs file of SIZE incompressible bytes (a 1 MiB random block repeated). */
function makeFile() {
  const path = join('/dev/shm', `sshkit-bulk-${process.pid}.bin`);
  const block = randomBytes(1024 * 1024);
  const fd = openSync(path, 'w');
  for (let left = SIZE; left > 0; left -= block.length) writeSync(fd, block, 0, Math.min(left, block.length));
  closeSync(fd);
  return path;
}

/** Peak resident set size of this process while `fn` runs, sampled every 20 ms. */
async function withPeakRss(fn) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    return { result: await fn(), peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}

/** MB/s of one transfer: its time minus the client's `true` baseline on the same target. */
async function measure(client, file) {
  const baseline = median([
    (await client.run('true')).ms,
    (await client.run('true')).ms,
    (await client.run('true')).ms,
  ]);
  const down = await client.run(`cat ${file}`);
  if (down.received !== undefined && down.received !== SIZE)
    throw new Error(`download got ${down.received} of ${SIZE} bytes`);
  const up = await client.run('cat > /dev/null', SIZE);
  const rate = (ms) => SIZE / 1e6 / (Math.max(ms - baseline, 1) / 1000);
  return { down: rate(down.ms), up: rate(up.ms) };
}

const file = makeFile();
const targets = await startTargets();
const ROWS = [
  ['sshkit → sshd', (c) => sshkitClient(targets.sshd, c)],
  ['ssh → sshd', (c) => opensshClient(targets.sshd, c, sshPath, file)],
  ['ssh2 → sshd', (c) => ssh2Client(targets.sshd, c)],
  ['ssh → sshkit', (c) => opensshClient(targets.ours, c, sshPath, file)],
  ['sshkit → sshkit', (c) => sshkitClient(targets.ours, c)],
];

try {
  const results = [];
  const rss = new Map(); // `${cipher} | ${row}` -> highest peak RSS over the runs
  for (const cipher of CIPHERS) {
    const rates = {};
    for (let run = 0; run < RUNS; run++) {
      for (const [name, make] of ROWS) {
        const { result, peakRss } = await withPeakRss(async () => {
          const client = await make(cipher);
          try {
            return await measure(client, file);
          } finally {
            await client.close();
          }
        });
        const best = rates[name];
        rates[name] = best
          ? { down: Math.max(best.down, result.down), up: Math.max(best.up, result.up) }
          : result;
        const key = `${cipher.label} | ${name}`;
        rss.set(key, Math.max(rss.get(key) ?? 0, peakRss));
        process.stderr.write(
          `${cipher.label} ${name} (run ${run + 1}/${RUNS}): down ${result.down.toFixed(0)} MB/s, up ${result.up.toFixed(0)} MB/s\n`,
        );
      }
    }
    results.push([cipher, rates]);
  }

  const kex = 'curve25519-sha256';
  const latency = {
    sshkit: await sshkitConnectLatency(targets.sshd, LATENCY_RUNS, kex),
    ssh2: await ssh2ConnectLatency(targets.sshd, LATENCY_RUNS, kex),
  };

  const names = ROWS.map(([n]) => n);
  console.log(
    `\n${MIB} MiB through one session channel on 127.0.0.1, MB/s, best of ${RUNS} (transfer time minus each client's \`true\` baseline). ${runtimeNote()}\n`,
  );
  console.log(`| cipher | direction | ${names.join(' | ')} | sshkit / ssh | sshkit / ssh2 |`);
  console.log(`| --- | --- | ${names.map(() => '---:').join(' | ')} | ---: | ---: |`);
  for (const [cipher, rates] of results) {
    for (const dirName of ['down', 'up']) {
      const v = (n) => rates[n][dirName];
      const cells = names.map((n) => v(n).toFixed(0));
      const vsSsh = v('sshkit → sshd') / v('ssh → sshd');
      const vsSsh2 = v('sshkit → sshd') / v('ssh2 → sshd');
      console.log(
        `| ${cipher.label} | ${dirName} | ${cells.join(' | ')} | ${vsSsh.toFixed(2)}x | ${vsSsh2.toFixed(2)}x |`,
      );
    }
  }
  console.log(`\nPeak RSS of the bench process (MB) per row: it holds our client or server, never OpenSSH`);
  console.log(`\n| cipher | row | peak RSS MB |\n| --- | --- | ---: |`);
  for (const [key, peak] of rss) console.log(`| ${key} | ${(peak / 1e6).toFixed(0)} |`);
  console.log(`\nConnect + publickey auth to sshd (${kex}, ed25519), median of ${LATENCY_RUNS}:`);
  console.log(`\n| client | ms | vs ssh2 |\n| --- | ---: | ---: |`);
  console.log(
    `| sshkit connect() | ${latency.sshkit.toFixed(1)} | ${(latency.ssh2 / latency.sshkit).toFixed(2)}x faster |`,
  );
  console.log(`| ssh2 Client | ${latency.ssh2.toFixed(1)} | 1.00 |`);
} finally {
  await targets.stop();
  rmSync(file, { force: true });
}
