// The two SSH servers the benches measure against, started together: a real
// sshd and our server (./our-server.mjs) accepting sshd's client key, with a
// known_hosts file for ours. Each target is what the client runners take.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshd } from '@sshkit/testkit';
import { startOurServer } from './our-server.mjs';

export async function startTargets() {
  const sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
  const ours = await startOurServer(readFileSync(`${sshd.clientKeyPath}.pub`, 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'sshkit-bench-'));
  const oursKnownHosts = join(dir, 'known_hosts');
  writeFileSync(oursKnownHosts, `${ours.knownHostsLine}\n`);
  return {
    sshd: {
      port: sshd.port,
      user: sshd.user,
      clientKeyPath: sshd.clientKeyPath,
      knownHostsPath: sshd.knownHostsPath,
    },
    ours: {
      port: ours.port,
      user: 'bench',
      clientKeyPath: sshd.clientKeyPath,
      knownHostsPath: oursKnownHosts,
    },
    async stop() {
      await ours.stop();
      await sshd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
