// SFTP throughput on loopback, in one run: a get and a put of one file (in
// /dev/shm) for each of
//   sshkit SFTPClient -> sshd            (connect() + startSftpClient())
//   OpenSSH sftp -b   -> sshd
//   ssh2 fastGet/fastPut -> sshd         (the ssh2 npm package, its defaults)
//   OpenSSH sftp -b   -> sshkit listen() with sftpFactory
//   sshkit SFTPClient -> OpenSSH sftp-server over pipes (no SSH)
//   OpenSSH sftp -D   -> OpenSSH sftp-server over pipes (the reference of the row above)
// Prints MB/s (10^6 bytes per second) and the ratio to the OpenSSH sftp row on
// the same path (sshd, or pipes). OpenSSH sftp rows are timed as whole
// commands minus the time of a session that transfers nothing.
// Build first (pnpm run build), then:
//   pnpm --filter @sshkit/bench bench:sftp [-- --size 256 --runs 3 --cipher aes128-gcm@openssh.com]
import { execFile } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import {
  connect,
  generatePrivateKey,
  importAuthorizedKeys,
  LocalFileSystem,
  listen,
  SFTPClient,
  SFTPServer,
  spawnStream,
} from '@sshkit/ssh';
import { findTool, startSshd } from '@sshkit/testkit';
import ssh2 from 'ssh2';

const execFileAsync = promisify(execFile);
const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '1024' },
    runs: { type: 'string', default: '2' },
    cipher: { type: 'string', default: 'aes128-gcm@openssh.com' },
  },
});
const SIZE = Number(args.size) * 1024 * 1024;
const RUNS = Number(args.runs);
const CIPHER = args.cipher;
if (!(SIZE > 0) || !(RUNS >= 1)) throw new Error('--size (MiB) and --runs must be positive');
const SFTP = findTool('sftp');
const SFTP_SERVER = findTool('sftp-server');
if (!SFTP || !SFTP_SERVER) throw new Error('needs OpenSSH sftp and sftp-server');

const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'sshkit-bench-sftp-'));
const src = join(dir, 'src.bin');
const dst = join(dir, 'dst.bin');

/** Writes SIZE random bytes to `path`. */
function makeSource(path) {
  const buf = Buffer.allocUnsafe(8 * 1024 * 1024);
  const fd = openSync(path, 'w');
  for (let done = 0; done < SIZE; done += buf.length) {
    randomFillSync(buf);
    writeSync(fd, buf, 0, Math.min(buf.length, SIZE - done));
  }
  closeSync(fd);
}

/** Size and 64 sampled 4 KiB windows equal (the tests check whole files by SHA-256). */
function checkCopy(a, b) {
  if (statSync(b).size !== SIZE) throw new Error(`${b}: size ${statSync(b).size}, want ${SIZE}`);
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  const x = Buffer.alloc(4096);
  const y = Buffer.alloc(4096);
  for (let i = 0; i < 64; i++) {
    const at = Math.floor(((SIZE - 4096) * i) / 63);
    readSync(fa, x, 0, 4096, at);
    readSync(fb, y, 0, 4096, at);
    if (!x.equals(y)) throw new Error(`${b}: differs near byte ${at}`);
  }
  closeSync(fa);
  closeSync(fb);
}

/** Best time of RUNS of `fn(src, dst)` (a get or a put: both copy src to dst), checked each time. */
async function best(fn) {
  let ms = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    // A get reads `src` as the remote file; a put writes `dst` as the remote file.
    const t = await fn(src, dst);
    checkCopy(src, dst);
    rmSync(dst);
    ms = Math.min(ms, t);
  }
  return ms;
}

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * An OpenSSH sftp batch session: its time minus that of a session that only
 * runs `pwd`. Asynchronous: the server may be this process.
 */
async function opensshBatch(argv, commands) {
  const batch = join(dir, 'batch');
  const run = async (lines) => {
    writeFileSync(batch, `${lines}\n`);
    const t0 = performance.now();
    await execFileAsync(SFTP, ['-q', '-b', batch, ...argv]);
    return performance.now() - t0;
  };
  const idle = Math.min(await run('pwd'), await run('pwd'));
  return Math.max(1, (await run(commands)) - idle);
}

const sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
const hostKey = generatePrivateKey('ssh-ed25519');
const acceptor = await listen({
  host: '127.0.0.1',
  port: 0,
  serverHostKeys: [hostKey],
  authorizedClientKeys: importAuthorizedKeys(readFileSync(`${sshd.clientKeyPath}.pub`, 'utf8')),
  sftpFactory: () => new SFTPServer(new LocalFileSystem()),
});
const ourKnownHosts = join(dir, 'known_hosts_sshkit');
writeFileSync(ourKnownHosts, `[127.0.0.1]:${acceptor.getPort()} ${hostKey.exportPublicKey('openssh')}\n`);
const sftpArgs = (port, knownHosts) => [
  ...['-F', '/dev/null', '-P', String(port), '-i', sshd.clientKeyPath, '-o', 'BatchMode=yes'],
  ...['-o', `UserKnownHostsFile=${knownHosts}`, '-o', `Ciphers=${CIPHER}`, `${sshd.user}@127.0.0.1`],
];

async function sshkitClient(sftp) {
  return {
    get: await best((from, to) => timed(() => sftp.get(from, to))),
    put: await best((from, to) => timed(() => sftp.put(from, to))),
  };
}

function ssh2Client() {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    c.on('error', reject);
    c.on('ready', () =>
      c.sftp((err, sftp) => {
        if (err) return reject(err);
        const call = (method) => (from, to) =>
          timed(() => new Promise((res, rej) => sftp[method](from, to, (e) => (e ? rej(e) : res()))));
        (async () => {
          const r = { get: await best(call('fastGet')), put: await best(call('fastPut')) };
          c.end();
          return r;
        })().then(resolve, reject);
      }),
    );
    c.connect({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.user,
      privateKey: readFileSync(sshd.clientKeyPath),
      algorithms: { cipher: [CIPHER] },
    });
  });
}

const rows = [];
try {
  makeSource(src);

  const conn = await connect('127.0.0.1', {
    port: sshd.port,
    username: sshd.user,
    clientKeys: [sshd.clientKeyPath],
    knownHosts: sshd.knownHostsPath,
    encryptionAlgs: [CIPHER],
  });
  const overSsh = await conn.startSftpClient({ localFs: new LocalFileSystem() });
  rows.push({ name: 'sshkit SFTPClient -> sshd', path: 'ssh', ...(await sshkitClient(overSsh)) });
  await overSsh.exit();
  conn.close();
  await conn.waitClosed();

  const toSshd = sftpArgs(sshd.port, sshd.knownHostsPath);
  rows.push({
    name: 'OpenSSH sftp -> sshd',
    path: 'ssh',
    base: true,
    get: await best((from, to) => opensshBatch(toSshd, `get ${from} ${to}`)),
    put: await best((from, to) => opensshBatch(toSshd, `put ${from} ${to}`)),
  });

  rows.push({ name: 'ssh2 fastGet/fastPut -> sshd', path: 'ssh', ...(await ssh2Client()) });

  const toSshkit = sftpArgs(acceptor.getPort(), ourKnownHosts);
  rows.push({
    name: 'OpenSSH sftp -> sshkit listen()',
    path: 'ssh',
    get: await best((from, to) => opensshBatch(toSshkit, `get ${from} ${to}`)),
    put: await best((from, to) => opensshBatch(toSshkit, `put ${from} ${to}`)),
  });

  const { stream } = spawnStream(SFTP_SERVER, [], { stdio: ['pipe', 'pipe', 'ignore'] });
  const overPipes = await SFTPClient.start(stream, { localFs: new LocalFileSystem() });
  rows.push({
    name: 'sshkit SFTPClient -> sftp-server (pipes)',
    path: 'pipes',
    ...(await sshkitClient(overPipes)),
  });
  await overPipes.exit();

  const pipes = ['-D', SFTP_SERVER];
  rows.push({
    name: 'OpenSSH sftp -> sftp-server (pipes)',
    path: 'pipes',
    base: true,
    get: await best((from, to) => opensshBatch(pipes, `get ${from} ${to}`)),
    put: await best((from, to) => opensshBatch(pipes, `put ${from} ${to}`)),
  });
} finally {
  acceptor.close();
  await sshd.stop();
  rmSync(dir, { recursive: true, force: true });
}

const mbps = (ms) => SIZE / 1e6 / (ms / 1000);
const base = (path) => rows.find((r) => r.base && r.path === path);
const f = (n) => n.toFixed(0).padStart(5);
const r = (n) => n.toFixed(2).padStart(5);
console.log(
  `${SIZE / 1024 / 1024} MiB, best of ${RUNS}, cipher ${CIPHER}, MB/s; ratio = MB/s / OpenSSH sftp's on the same path\n`,
);
console.log('| client -> server | get MB/s | get ratio | put MB/s | put ratio |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  const b = base(row.path);
  console.log(
    `| ${row.name} | ${f(mbps(row.get))} | ${r(b.get / row.get)} | ${f(mbps(row.put))} | ${r(b.put / row.put)} |`,
  );
}
const ours = rows[0];
const theirs = rows.find((x) => x.name.startsWith('ssh2'));
console.log(
  `\nsshkit SFTPClient / ssh2 over sshd: get ${r(theirs.get / ours.get)}x, put ${r(theirs.put / ours.put)}x`,
);
process.exit(0);
