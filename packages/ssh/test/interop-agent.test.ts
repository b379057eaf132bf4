// Publickey authentication with keys held by OpenSSH's ssh-agent: our client
// against sshd, the agent found through `agentPath` or `SSH_AUTH_SOCK`.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readPrivateKey } from '@sshkit/ssh-keys/node';
import { type AgentInstance, requireTools, type SshdInstance, startAgent, startSshd } from '@sshkit/testkit';
import {
  connect,
  connectAgent,
  generatePrivateKey,
  PermissionDenied,
  type SSHClientOptions,
} from '../src/index.js';
import { AgentKeys } from '../src/node/agent.js';
import { clientKeySource } from '../src/node/client-keys.js';

const tools = requireTools('sshd', 'ssh-keygen', 'ssh-agent', 'ssh-add');
const describeInterop = tools ? describe : describe.skip;

describeInterop('connect() with keys from ssh-agent', () => {
  let server: SshdInstance;
  let agent: AgentInstance;
  let dir: string;
  const savedSock = process.env.SSH_AUTH_SOCK;

  // The user's own ~/.ssh keys are not authorized on this sshd: only the agent can log in.
  beforeAll(async () => {
    server = await startSshd();
    agent = await startAgent();
    agent.addKeyFile(server.clientKeyPath);
    dir = mkdtempSync(join(tmpdir(), 'sshkit-agent-keys-'));
  });
  afterEach(() => {
    if (savedSock === undefined) delete process.env.SSH_AUTH_SOCK;
    else process.env.SSH_AUTH_SOCK = savedSock;
  });
  afterAll(async () => {
    await agent?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const target = (extra: SSHClientOptions): SSHClientOptions => ({
    port: server.port,
    username: server.user,
    knownHosts: server.knownHostsPath,
    ...extra,
  });

  it('authenticates with the agent at agentPath and runs a command', async () => {
    delete process.env.SSH_AUTH_SOCK;
    const conn = await connect('127.0.0.1', target({ agentPath: agent.socketPath }));
    expect(conn.getExtraInfo('authMethod')).toBe('publickey');
    expect((await conn.run('echo agent', { check: true })).stdout).toBe('agent\n');
    conn.close();
    await conn.waitClosed();
  });

  it('finds the agent through SSH_AUTH_SOCK by default', async () => {
    process.env.SSH_AUTH_SOCK = agent.socketPath;
    const conn = await connect('127.0.0.1', target({}));
    expect(conn.getExtraInfo('authMethod')).toBe('publickey');
    conn.close();
    await conn.waitClosed();
  });

  it('leaves the agent out when clientKeys is given or agentPath is null', async () => {
    process.env.SSH_AUTH_SOCK = agent.socketPath;
    await expect(connect('127.0.0.1', target({ clientKeys: [] }))).rejects.toThrow(PermissionDenied);
    await expect(connect('127.0.0.1', target({ agentPath: null }))).rejects.toThrow(PermissionDenied);
  });

  it('an agent that cannot be reached adds no keys instead of failing the connection', async () => {
    const missing = join(dir, 'no-agent.sock');
    await expect(connect('127.0.0.1', target({ agentPath: missing }))).rejects.toThrow(PermissionDenied);
  });

  it('tries the agent keys first, then the default key files the agent does not hold', async () => {
    const blobs = async (keyDir: string, agentPath: string) => {
      const held = new AgentKeys(agentPath);
      try {
        const source = clientKeySource(undefined, undefined, held, keyDir);
        const keys = typeof source === 'function' ? await source() : source;
        return keys.map((k) => ('publicBlob' in k ? k.publicBlob : k[1].blob));
      } finally {
        held.close();
      }
    };
    const agentKey = await readPrivateKey(server.clientKeyPath);
    const other = generatePrivateKey('ssh-ed25519');
    const sameDir = mkdtempSync(join(dir, 'same-'));
    copyFileSync(server.clientKeyPath, join(sameDir, 'id_ed25519'));
    expect(await blobs(sameDir, agent.socketPath)).toEqual([agentKey.publicBlob]);
    const otherDir = mkdtempSync(join(dir, 'other-'));
    writeFileSync(join(otherDir, 'id_ed25519'), other.exportPrivateKey('openssh') as string);
    expect(await blobs(otherDir, agent.socketPath)).toEqual([agentKey.publicBlob, other.publicBlob]);
    expect(await blobs(otherDir, join(dir, 'no-agent.sock'))).toEqual([other.publicBlob]);
  });

  it('connectAgent() lists the keys ssh-add added; undefined without SSH_AUTH_SOCK; a missing socket rejects', async () => {
    const client = await connectAgent(agent.socketPath);
    if (!client) throw new Error('connectAgent returned undefined for an explicit path');
    const keys = await client.getKeys();
    expect(keys.map((k) => k.algorithm)).toEqual(['ssh-ed25519']);
    client.close();
    await client.waitClosed();
    delete process.env.SSH_AUTH_SOCK;
    await expect(connectAgent()).resolves.toBeUndefined();
    await expect(connectAgent(join(dir, 'missing.sock'))).rejects.toThrow(/ENOENT/);
  });

  it('forwards the agent to the server session with agentForwarding (ssh -A), and only then', async () => {
    const forwarded = await connect(
      '127.0.0.1',
      target({ clientKeys: [server.clientKeyPath], agentPath: agent.socketPath, agentForwarding: true }),
    );
    // sshd points SSH_AUTH_SOCK of the session at its end of the forwarding.
    const listed = await forwarded.run('ssh-add -l');
    expect(listed.exitStatus).toBe(0);
    expect(listed.stdout).toMatch(/sshkit-test-ed25519 \(ED25519\)/);
    forwarded.close();
    await forwarded.waitClosed();
    const plain = await connect('127.0.0.1', target({ clientKeys: [server.clientKeyPath] }));
    expect((await plain.run('ssh-add -l')).exitStatus).toBe(2); // no agent to talk to
    plain.close();
    await plain.waitClosed();
  });

  it('agentIdentities restricts publickey to the listed agent keys (files, keys or blobs)', async () => {
    const other = generatePrivateKey('ssh-ed25519', { comment: 'not-authorized' });
    const otherPath = join(dir, 'other');
    writeFileSync(otherPath, other.exportPrivateKey('openssh') as string);
    writeFileSync(`${otherPath}.pub`, `${other.exportPublicKey('openssh')}\n`);
    agent.addKeyFile(otherPath);
    try {
      const only = (agentIdentities: SSHClientOptions['agentIdentities']) =>
        connect('127.0.0.1', target({ agentPath: agent.socketPath, agentIdentities }));
      await expect(only([`${otherPath}.pub`])).rejects.toThrow(PermissionDenied);
      await expect(only([other.publicBlob])).rejects.toThrow(PermissionDenied);
      const allowed = await readPrivateKey(server.clientKeyPath);
      for (const spec of [[`${server.clientKeyPath}.pub`], [allowed], [allowed.publicBlob]]) {
        const conn = await only(spec);
        expect(conn.getExtraInfo('authMethod')).toBe('publickey');
        conn.close();
        await conn.waitClosed();
      }
      await expect(only([join(dir, 'missing.pub')])).rejects.toThrow(/ENOENT/);
    } finally {
      agent.sshAdd('-d', `${otherPath}.pub`);
    }
  });
});
