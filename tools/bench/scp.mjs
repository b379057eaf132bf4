// scp throughput on loopback: one file down (remote to local) and up, with
// the scp protocol, measured in the same run for our scp() -> sshd (OpenSSH's
// own scp on the far side), OpenSSH `scp -O` -> sshd, and OpenSSH `scp -O` ->
// our server (allowScp on a LocalFileSystem). Every row pays its session
// start (about 0.8 s with sshd here), so the file is large to amortize it.
// Each cell is the best of `--runs` copies, the rows taking turns. Prints
// MB/s and the ratio sshkit / OpenSSH as a Markdown table.
//
// Run: pnpm --filter @sshkit/bench bench:scp [-- --size MiB --runs N]   (defaults 512, 3)
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  connect,
  generatePrivateKey,
  importAuthorizedKeys,
  LocalFileSystem,
  listen,
  SFTPServer,
  scp,
} from '@sshkit/ssh';
import { findTool, sshClientArgs, startSshd } from '@sshkit/testkit';

const run = promisify(execFile);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return Number(i > 0 ? process.argv[i + 1] : fallback);
};
const SIZE = arg('--size', 512) * 1024 * 1024;
const RUNS = arg('--runs', 3);
const scpPath = findTool('scp');
if (!scpPath) throw new Error('bench:scp needs OpenSSH scp and sshd');

const dir = '/dev/shm';
const source = join(dir, `sshkit-scp-src-${process.pid}.bin`);
const target = join(dir, `sshkit-scp-dst-${process.pid}.bin`);

/** A tmpfs file of SIZE incompressible bytes (a 1 MiB random block repeated). */
function makeFile(path) {
  const block = randomBytes(1024 * 1024);
  const fd = openSync(path, 'w');
  for (let left = SIZE; left > 0; left -= block.length) writeSync(fd, block, 0, Math.min(left, block.length));
  closeSync(fd);
}

/** Seconds `fn` takes. */
async function seconds(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const sshd = await startSshd();
const hostKey = generatePrivateKey('ssh-ed25519');
const ours = await listen({
  host: '127.0.0.1',
  port: 0,
  serverHostKeys: [hostKey],
  authorizedClientKeys: importAuthorizedKeys(readFileSync(`${sshd.clientKeyPath}.pub`, 'utf8')),
  allowScp: true,
  sftpFactory: () => new SFTPServer(new LocalFileSystem()),
});
const ourKnownHosts = join(sshd.dir, 'our_known_hosts');
writeFileSync(ourKnownHosts, `[127.0.0.1]:${ours.getPort()} ${hostKey.exportPublicKey('openssh')}\n`);
const conn = await connect('127.0.0.1', {
  port: sshd.port,
  username: sshd.user,
  clientKeys: [sshd.clientKeyPath],
  knownHosts: sshd.knownHostsPath,
  config: null,
});

const openssh = (port, knownHostsPath) => (from, to) =>
  run(scpPath, [
    '-O',
    ...sshClientArgs({ port, keyPath: sshd.clientKeyPath, knownHostsPath }, '-P'),
    from,
    to,
  ]);
const toSshd = openssh(sshd.port, sshd.knownHostsPath);
const toOurs = openssh(ours.getPort(), ourKnownHosts);
const remote = (path) => `${sshd.user}@127.0.0.1:${path}`;

const ROWS = [
  {
    label: 'sshkit scp() -> sshd',
    down: () => scp({ conn, path: source }, target),
    up: () => scp(source, { conn, path: target }),
  },
  {
    label: 'OpenSSH scp -O -> sshd',
    down: () => toSshd(remote(source), target),
    up: () => toSshd(source, remote(target)),
  },
  {
    label: 'OpenSSH scp -O -> sshkit',
    down: () => toOurs(remote(source), target),
    up: () => toOurs(source, remote(target)),
  },
];

makeFile(source);
const best = new Map();
try {
  for (let i = 0; i < RUNS; i++) {
    for (const row of ROWS) {
      for (const direction of ['down', 'up']) {
        const t = await seconds(row[direction]);
        const key = `${row.label}|${direction}`;
        best.set(key, Math.min(best.get(key) ?? Number.POSITIVE_INFINITY, t));
        rmSync(target, { force: true });
      }
    }
  }
} finally {
  conn.close();
  ours.close();
  await sshd.stop();
  rmSync(source, { force: true });
  rmSync(target, { force: true });
}

const mbps = (label, direction) => SIZE / 1e6 / best.get(`${label}|${direction}`);
console.log(
  `\nscp of ${SIZE / 1024 / 1024} MiB on 127.0.0.1, best of ${RUNS}, session start included (MB/s)\n`,
);
console.log(`| direction | ${ROWS.map((r) => r.label).join(' | ')} | sshkit / OpenSSH |`);
console.log(`| --- | ${ROWS.map(() => '---:').join(' | ')} | ---: |`);
for (const direction of ['down', 'up']) {
  const cells = ROWS.map((r) => mbps(r.label, direction).toFixed(0));
  const ratio = mbps(ROWS[0].label, direction) / mbps(ROWS[1].label, direction);
  console.log(`| ${direction} | ${cells.join(' | ')} | ${ratio.toFixed(2)}x |`);
}
