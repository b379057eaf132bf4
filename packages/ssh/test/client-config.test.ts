// connect({ config }): OpenSSH client configuration files fill in what the
// options leave unset, against a real sshd: an alias with HostName, Port,
// User, IdentityFile and UserKnownHostsFile, explicit options winning, an
// Include, a ProxyCommand through OpenSSH's ssh -W, and `config: null`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools, type SshdInstance, sshClientArgs, startSshd } from '@sshkit/testkit';
import { connect, PermissionDenied } from '../src/index.js';
import { applyClientConfig } from '../src/node/client-config.js';

const tools = requireTools('sshd', 'ssh', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

describeInterop('connect() with an OpenSSH client config', () => {
  let sshd: SshdInstance;
  let dir: string;
  let config: string;

  beforeAll(async () => {
    sshd = await startSshd({ hostKeyTypes: ['ed25519'] });
    dir = mkdtempSync(join(tmpdir(), 'sshkit-config-'));
    const jump = sshClientArgs({
      port: sshd.port,
      keyPath: sshd.clientKeyPath,
      knownHostsPath: sshd.knownHostsPath,
    });
    writeFileSync(
      join(dir, 'included'),
      [
        'Host via-proxy',
        `  ProxyCommand ${tools!.ssh} ${jump.join(' ')} -W %h:%p ${sshd.user}@127.0.0.1`,
        '',
      ].join('\n'),
    );
    config = join(dir, 'config');
    writeFileSync(
      config,
      [
        `Include ${join(dir, 'included')}`,
        'Host target via-proxy',
        '  HostName 127.0.0.1',
        `  Port ${sshd.port}`,
        `  User ${sshd.user}`,
        `  IdentityFile ${join(dir, 'missing_key')}`,
        `  IdentityFile ${sshd.clientKeyPath}`,
        `  UserKnownHostsFile ${sshd.knownHostsPath}`,
        '  ServerAliveInterval 7',
        'Host *',
        '  User nobody-from-star',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects to an alias with HostName, Port, User, IdentityFile (skipping a missing one) and UserKnownHostsFile', async () => {
    await using conn = await connect('target', { config, agentPath: null });
    expect((await conn.run('echo configured')).stdout).toBe('configured\n');
    expect(conn.getExtraInfo('username')).toBe(sshd.user);
    expect(conn.getExtraInfo('peername')).toEqual(['127.0.0.1', sshd.port]);
  });

  it('lets explicit options win over the config', async () => {
    await expect(
      connect('target', { config, agentPath: null, username: 'someone-else' }),
    ).rejects.toBeInstanceOf(PermissionDenied);
  });

  it('uses a ProxyCommand from an included file, through OpenSSH ssh -W %h:%p', async () => {
    await using conn = await connect('via-proxy', { config, agentPath: null });
    expect((await conn.run('echo proxied')).stdout).toBe('proxied\n');
  });

  it('reads several files as one, in order: the first value wins', async () => {
    const override = join(dir, 'override');
    writeFileSync(override, 'Host target\n  User someone-else\n');
    await expect(connect('target', { config: [override, config], agentPath: null })).rejects.toBeInstanceOf(
      PermissionDenied,
    );
    await using conn = await connect('target', { config: [config, override], agentPath: null });
    expect(conn.getExtraInfo('username')).toBe(sshd.user);
  });

  it('reads no config with config: null: "target" is then a host name to look up', async () => {
    await expect(
      connect('target', { config: null, agentPath: null, connectTimeout: 5000, knownHosts: null }),
    ).rejects.toMatchObject({ syscall: 'getaddrinfo' });
  });
});

describe('applyClientConfig: hostbased and connection keywords', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sshkit-config-hb-'));
    writeFileSync(
      join(dir, 'config'),
      [
        'Host hb',
        '  HostbasedAuthentication yes',
        '  PreferredAuthentications hostbased,gssapi-with-mic,publickey',
        'Host net',
        '  HostKeyAlias build-box',
        '  BindAddress 127.0.0.2',
        '  AddressFamily inet6',
        '  TCPKeepAlive no',
        '  StrictHostKeyChecking no',
        '  HashKnownHosts yes',
        'Host session',
        '  RemoteCommand tmux attach',
        '  RequestTTY no',
        '  SendEnv LANG LC_*',
        '  SetEnv DEPLOY=blue MODE="two words"',
        'Host auth',
        `  CertificateFile ${join(dir, 'id-cert.pub')}`,
        `  CertificateFile ${join(dir, 'missing-cert.pub')}`,
        '  PubkeyAuthentication no',
        '  PasswordAuthentication yes',
        '  ChallengeResponseAuthentication no',
        'Host kh',
        '  UserKnownHostsFile /keys/a /keys/b',
        '  GlobalKnownHostsFile /etc/fleet_known_hosts',
        'Host kh-global',
        '  GlobalKnownHostsFile /etc/fleet_known_hosts',
        'Host kh-none',
        '  UserKnownHostsFile none',
        'Host rekey',
        '  RekeyLimit 512M 1h30m',
        'Host rekey-default',
        '  RekeyLimit default 600',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('signs through ssh-keysign as ssh does, unless host keys are given', () => {
    const config = join(dir, 'config');
    const { options } = applyClientConfig({ host: 'hb', config });
    expect(options.clientHostKeysign).toBe(true);
    expect(options.preferredAuthentications).toEqual(['hostbased', 'publickey']);
    const given = applyClientConfig({ host: 'hb', config, clientHostKeys: ['/keys/host'] }).options;
    expect(given.clientHostKeysign).toBeUndefined();
    expect(applyClientConfig({ host: 'other', config }).options.clientHostKeysign).toBeUndefined();
  });

  it('takes CertificateFile (existing files), and PubkeyAuthentication / KbdInteractiveAuthentication no', () => {
    writeFileSync(join(dir, 'id-cert.pub'), 'not read here\n');
    const { options } = applyClientConfig({ host: 'auth', config: join(dir, 'config') });
    expect(options.clientCerts).toEqual([join(dir, 'id-cert.pub')]);
    expect(options).toMatchObject({ publicKeyAuth: false, kbdintAuth: false });
    expect(options.passwordAuth).toBeUndefined();
  });

  it('searches UserKnownHostsFile then GlobalKnownHostsFile, with ssh defaults for the one not given', () => {
    const config = join(dir, 'config');
    const knownHostsOf = (host: string) => applyClientConfig({ host, config }).options.knownHosts;
    expect(knownHostsOf('kh')).toEqual(['/keys/a', '/keys/b', '/etc/fleet_known_hosts']);
    expect(knownHostsOf('kh-global')).toEqual([
      join(homedir(), '.ssh', 'known_hosts'),
      join(homedir(), '.ssh', 'known_hosts2'),
      '/etc/fleet_known_hosts',
    ]);
    expect(knownHostsOf('kh-none')).toEqual(['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']);
  });

  it('takes RekeyLimit (K/M/G sizes, sshd time formats, default)', () => {
    const config = join(dir, 'config');
    expect(applyClientConfig({ host: 'rekey', config }).options).toMatchObject({
      rekeyBytes: 512 * 1024 * 1024,
      rekeySeconds: 5400,
    });
    const { options } = applyClientConfig({ host: 'rekey-default', config });
    expect(options.rekeyBytes).toBeUndefined();
    expect(options.rekeySeconds).toBe(600);
  });

  it('takes RemoteCommand, RequestTTY, SendEnv and SetEnv as session defaults', () => {
    const { options } = applyClientConfig({ host: 'session', config: join(dir, 'config') });
    expect(options).toMatchObject({
      command: 'tmux attach',
      requestPty: false,
      sendEnv: ['LANG', 'LC_*'],
      env: { DEPLOY: 'blue', MODE: 'two words' },
    });
  });

  it('takes HostKeyAlias, BindAddress, AddressFamily, TCPKeepAlive, StrictHostKeyChecking (no as accept-new), HashKnownHosts', () => {
    const { options } = applyClientConfig({ host: 'net', config: join(dir, 'config') });
    expect(options).toMatchObject({
      hostKeyAlias: 'build-box',
      localAddr: ['127.0.0.2', 0],
      family: 6,
      tcpKeepalive: false,
      strictHostKeyChecking: 'accept-new',
      hashKnownHosts: true,
    });
  });
});
