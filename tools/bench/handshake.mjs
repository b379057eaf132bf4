// Connect + authenticate latency against a real sshd on 127.0.0.1, in one run:
// sshkit's connect(), the ssh2 npm package, and OpenSSH's ssh (which also runs
// `true`, so it is a ceiling reference, not a like-for-like row). Reports the
// median of N runs and ratios to ssh2. Run: pnpm --filter @sshkit/bench bench:handshake
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from '@sshkit/ssh';
import { findTool, startSshd } from '@sshkit/testkit';
import ssh2 from 'ssh2';

const RUNS = Number(process.env.RUNS ?? 50);
const KEX = process.env.KEX ?? 'curve25519-sha256';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn) {
  const out = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return median(out);
}

const server = await startSshd({ hostKeyTypes: ['ed25519'] });
try {
  const key = readFileSync(server.clientKeyPath, 'utf8');
  const sshkit = await time(async () => {
    const conn = await connect('127.0.0.1', {
      port: server.port,
      username: server.user,
      clientKeys: [server.clientKeyPath],
      knownHosts: server.knownHostsPath,
      kexAlgs: KEX,
    });
    conn.close();
    await conn.waitClosed();
  });
  const ssh2Time = await time(
    () =>
      new Promise((resolve, reject) => {
        const c = new ssh2.Client();
        c.on('ready', () => {
          c.end();
          resolve();
        });
        c.on('error', reject);
        c.connect({
          host: '127.0.0.1',
          port: server.port,
          username: server.user,
          privateKey: key,
          algorithms: { kex: [KEX] },
        });
      }),
  );
  const sshPath = findTool('ssh');
  const openssh = sshPath
    ? await time(async () =>
        execFileSync(sshPath, [
          '-F',
          '/dev/null',
          '-p',
          String(server.port),
          '-i',
          server.clientKeyPath,
          '-o',
          'BatchMode=yes',
          '-o',
          `UserKnownHostsFile=${server.knownHostsPath}`,
          '-o',
          `KexAlgorithms=${KEX}`,
          `${server.user}@127.0.0.1`,
          'true',
        ]),
      )
    : Number.NaN;
  console.log(`connect + auth to sshd, ${KEX}, ed25519 host and user keys, median of ${RUNS}`);
  console.log('| client | ms | vs ssh2 |');
  console.log('| --- | ---: | ---: |');
  for (const [name, ms] of [
    ['sshkit connect()', sshkit],
    ['ssh2 Client', ssh2Time],
    ['OpenSSH ssh (+ exec true)', openssh],
  ]) {
    console.log(`| ${name} | ${ms.toFixed(1)} | ${(ssh2Time / ms).toFixed(2)}x |`);
  }
} finally {
  await server.stop();
}
