// Our client, through the public connect() API, against OpenSSH's sshd.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, startSshd } from '@sshkit/testkit';
import { connect, generatePrivateKey } from '../src/index.js';
import { connectToSshd } from './support/sshd-client.js';

const tools = requireTools('sshd', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

describeInterop('connect() against OpenSSH sshd', () => {
  let server: SshdInstance;

  beforeAll(async () => {
    server = await startSshd();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('authenticates with the authorized ed25519 key and a strictly checked host key', async () => {
    const conn = await connectToSshd(server);
    expect(conn.getExtraInfo('serverVersion')).toMatch(/OpenSSH/);
    conn.close();
  });

  it('re-keys after authentication, as sshd allows', async () => {
    const conn = await connectToSshd(server);
    conn.rekey();
    for (let i = 0; i < 50 && conn.getExtraInfo('kexCount') !== 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(conn.getExtraInfo('kexCount')).toBe(2);
    conn.close();
  });

  it('uses delayed compression (zlib@openssh.com) after authentication, through a re-key', async () => {
    const conn = await connectToSshd(server, { compressionAlgs: 'zlib@openssh.com' });
    expect(conn.getExtraInfo('compressionC2S')).toBe('zlib@openssh.com');
    conn.sendDebug('compressed now');
    conn.rekey();
    for (let i = 0; i < 50 && conn.getExtraInfo('kexCount') !== 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(conn.getExtraInfo('kexCount')).toBe(2);
    conn.close();
    expect(await conn.waitClosed()).toBeUndefined();
  });

  it('runs commands and moves files over SFTP', async () => {
    const conn = await connectToSshd(server);
    const r = await conn.run('echo out; echo err >&2; exit 7');
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe('err\n');
    expect(r.exitStatus).toBe(7);
    const sftp = await conn.startSftpClient();
    const path = `${server.dir}/sftp-test.bin`;
    const data = new Uint8Array(1024 * 1024).map((_, i) => (i * 7) & 0xff);
    const f = await sftp.open(path, 'wb');
    await f.write(data);
    await f.close();
    expect(await sftp.getsize(path)).toBe(data.length);
    const sum = await conn.run(`sha256sum ${path}`);
    expect(String(sum.stdout).split(' ')[0]).toBe(createHash('sha256').update(data).digest('hex'));
    await sftp.exit();
    conn.close();
  });

  it('fails with PermissionDenied for a key sshd does not know', async () => {
    await expect(
      connect('127.0.0.1', {
        port: server.port,
        username: server.user,
        clientKeys: [generatePrivateKey('ssh-ed25519')],
        knownHosts: server.knownHostsPath,
      }),
    ).rejects.toMatchObject({ name: 'PermissionDenied' });
  });

  it('fails with HostKeyNotVerifiable when known_hosts lacks the server', async () => {
    await expect(
      connectToSshd(server, {
        knownHosts: [[], [], []],
      }),
    ).rejects.toMatchObject({ name: 'HostKeyNotVerifiable', code: 9 });
  });
});
