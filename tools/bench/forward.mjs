// Throughput of a local port forward (`-L`) on loopback: a driver process
// pushes SIZE bytes up through the forwarded port to a far service, then pulls
// SIZE bytes down from it, for three cipher suites, measured in the same run
// for: our client -> sshd, OpenSSH ssh -L -> sshd, ssh2's forwardOut -> sshd,
// ssh -L -> our server and our client -> our server. The driver and the far
// service run in their own process (forward/traffic.mjs), so every forwarder
// is measured the same way. Prints MB/s and ratios as a Markdown table.
//
// Run: pnpm --filter @sshkit/bench bench:forward [-- --size MiB --runs N --only SUBSTRING]
// (defaults 512 MiB, 3 runs, every cipher; each cell is the best of its runs, rows taking turns)
import { spawn } from 'node:child_process';
import { findTool } from '@sshkit/testkit';
import { startTargets } from './bulk/targets.mjs';
import { opensshForward, ssh2Forward, sshkitForward } from './forward/forwarders.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const MIB = Number(arg('--size', 512));
const RUNS = Number(arg('--runs', 3));
const ONLY = arg('--only', undefined);
const SIZE = MIB * 1024 * 1024;
const CIPHERS = [
  { label: 'aes128-gcm@openssh.com', enc: 'aes128-gcm@openssh.com' },
  { label: 'chacha20-poly1305@openssh.com', enc: 'chacha20-poly1305@openssh.com' },
  { label: 'aes128-ctr + hmac-sha2-256-etm', enc: 'aes128-ctr', mac: 'hmac-sha2-256-etm@openssh.com' },
].filter((c) => ONLY === undefined || c.label.includes(ONLY));
const TRAFFIC = new URL('./forward/traffic.mjs', import.meta.url).pathname;

const sshPath = findTool('ssh');
if (!sshPath) throw new Error('bench:forward needs OpenSSH ssh and sshd');

/** Runs the traffic script and resolves with its last stdout line. */
function traffic(args, onFirstLine) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TRAFFIC, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (onFirstLine && out.includes('\n')) {
        onFirstLine(out.split('\n')[0], child);
        onFirstLine = undefined;
      }
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out.trim().split('\n').pop()) : reject(new Error(`traffic.mjs exited ${code}`)),
    );
  });
}

/** MB/s of one transfer through `port`. */
async function transfer(port, dir) {
  const { ms, bytes } = JSON.parse(await traffic(['drive', String(port), dir, String(SIZE)]));
  if (dir === 'down' && bytes !== SIZE) throw new Error(`download got ${bytes} of ${SIZE} bytes`);
  return SIZE / 1e6 / (ms / 1000);
}

let service;
const servicePort = await new Promise((resolve, reject) => {
  traffic(['serve', String(SIZE)], (line, child) => {
    service = child;
    resolve(Number(line));
  }).catch(reject);
});
const targets = await startTargets();
const ROWS = [
  ['sshkit → sshd', (c) => sshkitForward(targets.sshd, c, servicePort)],
  ['ssh -L → sshd', (c) => opensshForward(targets.sshd, c, servicePort, sshPath)],
  ['ssh2 → sshd', (c) => ssh2Forward(targets.sshd, c, servicePort)],
  ['ssh -L → sshkit', (c) => opensshForward(targets.ours, c, servicePort, sshPath)],
  ['sshkit → sshkit', (c) => sshkitForward(targets.ours, c, servicePort)],
];

try {
  const results = [];
  for (const cipher of CIPHERS) {
    const rates = {};
    for (let run = 0; run < RUNS; run++) {
      for (const [name, make] of ROWS) {
        const forward = await make(cipher);
        try {
          const up = await transfer(forward.port, 'up');
          const down = await transfer(forward.port, 'down');
          const best = rates[name];
          rates[name] = best ? { up: Math.max(best.up, up), down: Math.max(best.down, down) } : { up, down };
          process.stderr.write(
            `${cipher.label} ${name} (run ${run + 1}/${RUNS}): up ${up.toFixed(0)} MB/s, down ${down.toFixed(0)} MB/s\n`,
          );
        } finally {
          await forward.close();
        }
      }
    }
    results.push([cipher, rates]);
  }
  const names = ROWS.map(([n]) => n);
  console.log(
    `\n${MIB} MiB through one -L forward on 127.0.0.1 each way, MB/s, best of ${RUNS}; default runtime settings.\n`,
  );
  console.log(`| cipher | direction | ${names.join(' | ')} | sshkit / ssh | sshkit / ssh2 |`);
  console.log(`| --- | --- | ${names.map(() => '---:').join(' | ')} | ---: | ---: |`);
  for (const [cipher, rates] of results) {
    for (const d of ['up', 'down']) {
      const v = (n) => rates[n][d];
      console.log(
        `| ${cipher.label} | ${d} | ${names.map((n) => v(n).toFixed(0)).join(' | ')} | ${(v('sshkit → sshd') / v('ssh -L → sshd')).toFixed(2)}x | ${(v('sshkit → sshd') / v('ssh2 → sshd')).toFixed(2)}x |`,
      );
    }
  }
} finally {
  service?.stdin.end();
  await targets.stop();
}
