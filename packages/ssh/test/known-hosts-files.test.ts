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

  /** Logs in; `whileOpen` runs before the connection closes (a host key update needs it open). */
  const login = async (
    knownHosts: readonly string[],
    options: Parameters<typeof connect>[1] = {},
    whileOpen: () => Promise<unknown> = async () => undefined,
  ) => {
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
    try {
      return await whileOpen();
    } finally {
      conn.close();
      await conn.waitClosed();
    }
  };

  /** The file's text once it has `lines` lines (updates are written asynchronously), or as it is after `ms`. */
  const settled = async (path: string, lines: number, ms = 5000) => {
    for (let i = 0; i < ms / 50 && readFileSync(path, 'utf8').split('\n').length - 1 < lines; i++)
      await new Promise((r) => setTimeout(r, 50));
    return readFileSync(path, 'utf8');
  };

  it('searches the files in order, skipping missing ones, and never writes the one that vouched', async () => {
    const user = join(dir, 'user_known_hosts');
    const global = join(dir, 'global_known_hosts');
    writeFileSync(user, line('elsewhere.example'));
    writeFileSync(global, line(name));
    // Nothing to wait for: give an update that should not happen ten times what one takes.
    await login([user, join(dir, 'missing'), global], { updateHostKeys: true }, () => settled(user, 2, 1000));
    expect(readFileSync(user, 'utf8')).toBe(line('elsewhere.example'));
    expect(readFileSync(global, 'utf8')).toBe(line(name));
  });

  it('updates the first file when it is the one that vouched (updateHostKeys)', async () => {
    const user = join(dir, 'user_vouching');
    writeFileSync(user, line(name));
    const text = await login([user, join(dir, 'missing')], { updateHostKeys: true }, () => settled(user, 2));
    expect(text).toBe(line(name) + line(name, secondHostKey));
  });

  it('hashes the names it adds with hashKnownHosts', async () => {
    const user = join(dir, 'user_hashing');
    writeFileSync(user, line(name));
    const text = await login([user], { updateHostKeys: true, hashKnownHosts: true }, () => settled(user, 2));
    const [first, added, ...rest] = String(text).split('\n');
    expect([first, rest]).toEqual([line(name).trim(), ['']]);
    expect(added).toMatch(/^\|1\|\S+ ecdsa-sha2-nistp256 /);
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
