// Connect + publickey auth latency against a target, as a median of `runs`,
// for sshkit's connect() and the ssh2 npm package with the same kex.
import { readFileSync } from 'node:fs';
import { connect } from '@sshkit/ssh';
import ssh2 from 'ssh2';

export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function medianTime(runs, fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export function sshkitConnectLatency(target, runs, kex) {
  return medianTime(runs, async () => {
    const conn = await connect('127.0.0.1', {
      port: target.port,
      username: target.user,
      clientKeys: [target.clientKeyPath],
      knownHosts: target.knownHostsPath,
      kexAlgs: kex,
    });
    conn.close();
    await conn.waitClosed();
  });
}

export function ssh2ConnectLatency(target, runs, kex) {
  const privateKey = readFileSync(target.clientKeyPath);
  return medianTime(
    runs,
    () =>
      new Promise((resolve, reject) => {
        const client = new ssh2.Client();
        client.once('ready', () => {
          client.end();
          resolve();
        });
        client.once('error', reject);
        client.connect({
          host: '127.0.0.1',
          port: target.port,
          username: target.user,
          privateKey,
          algorithms: { kex: [kex] },
        });
      }),
  );
}
