// known_hosts files and what is written to them: strictHostKeyChecking
// 'accept-new' (ssh's StrictHostKeyChecking=accept-new: a new host's key is
// trusted and written where OpenSSH's ssh-keygen -F finds it; a host with
// other keys, or a revoked key, is not), hashKnownHosts, and knownHosts as
// several files, as ssh reads UserKnownHostsFile and GlobalKnownHostsFile
// (searched in order, missing ones skipped, only the first ever written).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findTool } from '@sshkit/testkit';
import { connect, generatePrivateKey, type SSHAcceptor } from '../src/index.js';
import { listenOpen } from './support/loopback.js';

const hostKey = generatePrivateKey('ssh-ed25519');
const secondHostKey = generatePrivateKey('ecdsa-sha2-nistp256');
const hostLine = hostKey.exportPublicKey('openssh').trim();
const line = (name: string, key = hostKey) => `${name} ${key.exportPublicKey('openssh').trim()}\n`;

describe('known_hosts files: accept-new, hashing, several files', () => {
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
    knownHosts: string | readonly string[],
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

  it('refuses an unknown host by default and writes nothing', async () => {
    const path = join(dir, 'default_known_hosts');
    writeFileSync(path, '');
    await expect(login(path)).rejects.toMatchObject({ name: 'HostKeyNotVerifiable' });
    expect(readFileSync(path, 'utf8')).toBe('');
    // A known_hosts path that does not exist is a mistake, unless accept-new is to create it.
    const missing = join(dir, 'missing', 'known_hosts');
    await expect(login(missing)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(existsSync(missing)).toBe(false);
  });

  it("trusts a new host's key, writes it where ssh will find it, and trusts it from then on", async () => {
    const path = join(dir, 'new', '.ssh', 'known_hosts');
    await login(path, { strictHostKeyChecking: 'accept-new' });
    expect(readFileSync(path, 'utf8')).toBe(line(name));
    const keygen = findTool('ssh-keygen');
    if (keygen)
      expect(execFileSync(keygen, ['-F', name, '-f', path], { encoding: 'utf8' })).toContain(hostLine);
    await login(path); // strict again: the key is known now
    expect(readFileSync(path, 'utf8')).toBe(line(name));
  });

  it('hashes the name it writes with hashKnownHosts, as ssh-keygen -F still finds', async () => {
    const path = join(dir, 'hashed_known_hosts');
    await login(path, { strictHostKeyChecking: 'accept-new', hashKnownHosts: true });
    const written = readFileSync(path, 'utf8');
    expect(written).toMatch(/^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
    expect(written).not.toContain('127.0.0.1');
    const keygen = findTool('ssh-keygen');
    if (keygen)
      expect(execFileSync(keygen, ['-F', name, '-f', path], { encoding: 'utf8' })).toContain(hostLine);
    await login(path);
  });

  it('writes under hostKeyAlias, without the port, as ssh does', async () => {
    const path = join(dir, 'alias_known_hosts');
    writeFileSync(path, '# hand-written, no newline at the end');
    await login(path, { strictHostKeyChecking: 'accept-new', hostKeyAlias: 'build-box' });
    expect(readFileSync(path, 'utf8')).toBe(`# hand-written, no newline at the end\n${line('build-box')}`);
  });

  it('still refuses a host known_hosts has another key for, and a revoked key', async () => {
    const other = generatePrivateKey('ssh-ed25519').exportPublicKey('openssh').trim();
    const changed = join(dir, 'changed_known_hosts');
    writeFileSync(changed, `${name} ${other}\n`);
    await expect(login(changed, { strictHostKeyChecking: 'accept-new' })).rejects.toMatchObject({
      name: 'HostKeyNotVerifiable',
    });
    expect(readFileSync(changed, 'utf8')).toBe(`${name} ${other}\n`);
    const revoked = join(dir, 'revoked_known_hosts');
    writeFileSync(revoked, line('@revoked *'));
    await expect(login(revoked, { strictHostKeyChecking: 'accept-new' })).rejects.toMatchObject({
      name: 'HostKeyNotVerifiable',
    });
    expect(readFileSync(revoked, 'utf8')).toBe(line('@revoked *'));
  });

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
