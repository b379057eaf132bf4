// strictHostKeyChecking: 'accept-new' (ssh's StrictHostKeyChecking=accept-new):
// a new host's key is trusted and written to known_hosts (checked with
// OpenSSH's ssh-keygen -F); a host with other keys, or a revoked key, is not.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findTool } from '@sshkit/testkit';
import { connect, generatePrivateKey, type SSHAcceptor } from '../src/index.js';
import { listenOpen } from './support/loopback.js';

const hostKey = generatePrivateKey('ssh-ed25519');
const hostLine = hostKey.exportPublicKey('openssh').trim();

describe("strictHostKeyChecking: 'accept-new'", () => {
  let acceptor: SSHAcceptor;
  let dir: string;
  let name: string;

  beforeAll(async () => {
    acceptor = await listenOpen(hostKey);
    dir = mkdtempSync(join(tmpdir(), 'sshkit-accept-new-'));
    name = `[127.0.0.1]:${acceptor.getPort()}`;
  });
  afterAll(async () => {
    acceptor.close();
    await acceptor.waitClosed();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = async (knownHosts: string, options: Parameters<typeof connect>[1] = {}) => {
    const conn = await connect('127.0.0.1', {
      port: acceptor.getPort(),
      username: 'u',
      clientKeys: [],
      agentPath: null,
      config: null,
      knownHosts,
      ...options,
    });
    conn.close();
    await conn.waitClosed();
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
    expect(readFileSync(path, 'utf8')).toBe(`${name} ${hostLine}\n`);
    const keygen = findTool('ssh-keygen');
    if (keygen)
      expect(execFileSync(keygen, ['-F', name, '-f', path], { encoding: 'utf8' })).toContain(hostLine);
    await login(path); // strict again: the key is known now
    expect(readFileSync(path, 'utf8')).toBe(`${name} ${hostLine}\n`);
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
    expect(readFileSync(path, 'utf8')).toBe(`# hand-written, no newline at the end\nbuild-box ${hostLine}\n`);
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
    writeFileSync(revoked, `@revoked * ${hostLine}\n`);
    await expect(login(revoked, { strictHostKeyChecking: 'accept-new' })).rejects.toMatchObject({
      name: 'HostKeyNotVerifiable',
    });
    expect(readFileSync(revoked, 'utf8')).toBe(`@revoked * ${hostLine}\n`);
  });
});
