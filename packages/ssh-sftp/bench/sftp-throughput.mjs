// Throughput of get/put of one 64 MiB file over stdio pipes (no SSH, no
// network): sshkit's SFTPClient and OpenSSH's `sftp`, each against OpenSSH's
// `sftp-server` and against sshkit's SFTPServer (`bench/serve-stdio.mjs`).
// Not part of the tests. Build first: `pnpm run build`, then
//   node bench/sftp-throughput.mjs [sizeMiB=64] [runs=3]
// Prints the best of `runs` for each cell, in MB/s (10^6 bytes per second),
// and the ratio to OpenSSH sftp -> sftp-server.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SFTPClient } from '../dist/index.js';
import { LocalFileSystem, spawnStream } from '../dist/node/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const sizeMiB = Number(process.argv[2] ?? 64);
const runs = Number(process.argv[3] ?? 3);
const SIZE = sizeMiB * 1024 * 1024;
const SFTP_SERVER = [
  '/usr/lib/openssh/sftp-server',
  '/usr/libexec/openssh/sftp-server',
  '/usr/libexec/sftp-server',
].find((p) => existsSync(p));
const SFTP = ['/usr/bin/sftp', '/usr/local/bin/sftp'].find((p) => existsSync(p));
if (!SFTP_SERVER || !SFTP) throw new Error('needs OpenSSH sftp and sftp-server');

const dir = mkdtempSync(join(tmpdir(), 'sshkit-sftp-bench-'));
const data = new Uint8Array(SIZE);
for (let i = 0, x = 1; i < SIZE; i++) {
  x = (x * 1103515245 + 12345) >>> 0;
  data[i] = x >>> 24;
}
writeFileSync(join(dir, 'src.bin'), data);

const servers = {
  'OpenSSH sftp-server': { argv: [SFTP_SERVER], remote: (name) => join(dir, name) },
  'sshkit SFTPServer': {
    argv: [process.execPath, join(here, 'serve-stdio.mjs'), dir],
    remote: (name) => `/${name}`,
  },
};

function check(path) {
  if (statSync(path).size !== SIZE || Buffer.compare(readFileSync(path), data) !== 0) {
    throw new Error(`${path}: content differs`);
  }
  rmSync(path);
}

async function sshkitClient(server, op) {
  const { stream } = spawnStream(server.argv[0], server.argv.slice(1), {
    cwd: dir,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const sftp = await SFTPClient.start(stream, { localFs: new LocalFileSystem() });
  if (op === 'get') writeFileSync(join(dir, 'remote.bin'), data);
  const t = performance.now();
  if (op === 'put') await sftp.put(join(dir, 'src.bin'), server.remote('up.bin'));
  else await sftp.get(server.remote('remote.bin'), join(dir, 'down.bin'));
  const ms = performance.now() - t;
  await sftp.exit();
  check(join(dir, op === 'put' ? 'up.bin' : 'down.bin'));
  return ms;
}

function opensshClient(server, op) {
  if (op === 'get') writeFileSync(join(dir, 'remote.bin'), data);
  const batch = join(dir, 'batch');
  writeFileSync(
    batch,
    op === 'put'
      ? `put src.bin ${server.remote('up.bin')}\n`
      : `get ${server.remote('remote.bin')} down.bin\n`,
  );
  const t = performance.now();
  execFileSync(SFTP, ['-q', '-b', batch, '-D', server.argv.join(' ')], { cwd: dir, stdio: 'ignore' });
  const ms = performance.now() - t;
  check(join(dir, op === 'put' ? 'up.bin' : 'down.bin'));
  return ms;
}

const clients = { 'OpenSSH sftp': opensshClient, 'sshkit SFTPClient': sshkitClient };
const rows = [];
try {
  for (const [cname, client] of Object.entries(clients)) {
    for (const [sname, server] of Object.entries(servers)) {
      const row = { client: cname, server: sname };
      for (const op of ['get', 'put']) {
        let best = Number.POSITIVE_INFINITY;
        for (let i = 0; i < runs; i++) best = Math.min(best, await client(server, op));
        row[op] = SIZE / 1e6 / (best / 1000);
      }
      rows.push(row);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const base = rows[0];
const f = (n) => n.toFixed(0).padStart(5);
const r = (n, b) => (n / b).toFixed(2).padStart(5);
console.log(
  `${sizeMiB} MiB over stdio pipes, best of ${runs}, MB/s (ratio to OpenSSH sftp -> sftp-server)\n`,
);
console.log('| client | server | get MB/s | get ratio | put MB/s | put ratio |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  console.log(
    `| ${row.client} | ${row.server} | ${f(row.get)} | ${r(row.get, base.get)} | ${f(row.put)} | ${r(row.put, base.put)} |`,
  );
}
