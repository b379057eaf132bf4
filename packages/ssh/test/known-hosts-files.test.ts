// knownHosts as several files, as ssh reads UserKnownHostsFile and
// GlobalKnownHostsFile: searched in order with missing files skipped; only
// the first is ever written (accept-new, updateHostKeys), and updateHostKeys
// leaves it alone when the key was vouched for by another file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, generatePrivateKey, type SSHAcceptor } from '../src/index.js';
import { listenOpen } from './support/loopback.js';

const hostKey = generatePrivateKey('ssh-ed25519');
const secondHostKey = generatePrivateKey('ecdsa-sha2-nistp256');
const line = (name: string, key = hostKey) => `${name} ${key.exportPublicKey('openssh').trim()}\n`;

describe('knownHosts as a list of files', () => {
  let acceptor: SSHAcceptor;
  let dir: string;
  let name: string;

  beforeAll(async () => {
    // Two host keys: the server announces both after login (hostkeys-00@openssh.com).
    acceptor = await listenOpen(hostKey, { serverHostKeys: [hostKey, secondHostKey] });
    dir = mkdtempSync(join(tmpdir(), 'sshkit-kh-files-'));
    name = `[127.0.0.1]:${acceptor.getPort()}`;
  });
  afterAll(async () => {
    acceptor.close();
    await acceptor.waitClosed();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = async (knownHosts: readonly string[], options: Parameters<typeof connect>[1] = {}) => {
    const conn = await connect('127.0.0.1', {
      port: acceptor.getPort(),
      username: 'u',
      clientKeys: [],
      agentPath: null,
      config: null,
      knownHosts,
      serverHostKeyAlgs: ['ssh-ed25519', 'ecdsa-sha2-nistp256'], // ed25519 for the exchange, both for updates
      ...options,
    });
    // Give a host key update (if any) time to land before looking at the files.
    await conn.sendKeepalive();
    await new Promise((r) => setTimeout(r, 100));
    conn.close();
    await conn.waitClosed();
  };

  it('searches the files in order, skipping missing ones, and never writes the one that vouched', async () => {
    const user = join(dir, 'user_known_hosts');
    const global = join(dir, 'global_known_hosts');
    writeFileSync(user, line('elsewhere.example'));
    writeFileSync(global, line(name));
    await login([user, join(dir, 'missing'), global], { updateHostKeys: true });
    expect(readFileSync(user, 'utf8')).toBe(line('elsewhere.example'));
    expect(readFileSync(global, 'utf8')).toBe(line(name));
  });

  it('updates the first file when it is the one that vouched (updateHostKeys)', async () => {
    const user = join(dir, 'user_vouching');
    writeFileSync(user, line(name));
    await login([user, join(dir, 'missing')], { updateHostKeys: true });
    expect(readFileSync(user, 'utf8')).toBe(line(name) + line(name, secondHostKey));
  });

  it('refuses a host none of the files knows, and accept-new writes it to the first', async () => {
    const user = join(dir, 'accept', 'known_hosts');
    const global = join(dir, 'other_global');
    writeFileSync(global, line('elsewhere.example'));
    await expect(login([user, global])).rejects.toMatchObject({ name: 'HostKeyNotVerifiable' });
    await login([user, global], { strictHostKeyChecking: 'accept-new' });
    expect(readFileSync(user, 'utf8')).toBe(line(name));
    expect(readFileSync(global, 'utf8')).toBe(line('elsewhere.example'));
  });
});
