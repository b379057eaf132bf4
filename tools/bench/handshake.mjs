// Connect + authenticate latency against a real sshd on 127.0.0.1, in one run:
// sshkit's connect(), the ssh2 npm package, and OpenSSH's ssh (which also runs
// `true`, so it is a ceiling reference, not a like-for-like row). Reports the
// median of N runs and ratios to ssh2. Run: pnpm --filter @sshkit/bench bench:handshake
import { execFileSync } from 'node:child_process';
import { findTool, startSshd } from '@sshkit/testkit';
import { medianTime, ssh2ConnectLatency, sshkitConnectLatency } from './bulk/latency.mjs';

const RUNS = Number(process.env.RUNS ?? 50);
const KEX = process.env.KEX ?? 'curve25519-sha256';

const server = await startSshd({ hostKeyTypes: ['ed25519'] });
try {
  const target = {
    port: server.port,
    user: server.user,
    clientKeyPath: server.clientKeyPath,
    knownHostsPath: server.knownHostsPath,
  };
  const sshkit = await sshkitConnectLatency(target, RUNS, KEX);
  const ssh2Time = await ssh2ConnectLatency(target, RUNS, KEX);
  const sshPath = findTool('ssh');
  const openssh = sshPath
    ? await medianTime(RUNS, async () =>
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
