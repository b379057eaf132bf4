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
import { type HostResolver, systemResolver } from '../src/node/canonical-host.js';
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

  it('signs through ssh-keysign as ssh does, unless host keys are given', async () => {
    const config = join(dir, 'config');
    const { options } = await applyClientConfig({ host: 'hb', config });
    expect(options.clientHostKeysign).toBe(true);
    expect(options.preferredAuthentications).toEqual(['hostbased', 'publickey']);
    const given = (await applyClientConfig({ host: 'hb', config, clientHostKeys: ['/keys/host'] })).options;
    expect(given.clientHostKeysign).toBeUndefined();
    expect((await applyClientConfig({ host: 'other', config })).options.clientHostKeysign).toBeUndefined();
  });

  it('takes CertificateFile (existing files), and PubkeyAuthentication / KbdInteractiveAuthentication no', async () => {
    writeFileSync(join(dir, 'id-cert.pub'), 'not read here\n');
    const { options } = await applyClientConfig({ host: 'auth', config: join(dir, 'config') });
    expect(options.clientCerts).toEqual([join(dir, 'id-cert.pub')]);
    expect(options).toMatchObject({ publicKeyAuth: false, kbdintAuth: false });
    expect(options.passwordAuth).toBeUndefined();
  });

  it('searches UserKnownHostsFile then GlobalKnownHostsFile, with ssh defaults for the one not given', async () => {
    const config = join(dir, 'config');
    const knownHostsOf = async (host: string) =>
      (await applyClientConfig({ host, config })).options.knownHosts;
    expect(await knownHostsOf('kh')).toEqual(['/keys/a', '/keys/b', '/etc/fleet_known_hosts']);
    expect(await knownHostsOf('kh-global')).toEqual([
      join(homedir(), '.ssh', 'known_hosts'),
      join(homedir(), '.ssh', 'known_hosts2'),
      '/etc/fleet_known_hosts',
    ]);
    expect(await knownHostsOf('kh-none')).toEqual(['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']);
  });

  it('takes RekeyLimit (K/M/G sizes, sshd time formats, default)', async () => {
    const config = join(dir, 'config');
    expect((await applyClientConfig({ host: 'rekey', config })).options).toMatchObject({
      rekeyBytes: 512 * 1024 * 1024,
      rekeySeconds: 5400,
    });
    const { options } = await applyClientConfig({ host: 'rekey-default', config });
    expect(options.rekeyBytes).toBeUndefined();
    expect(options.rekeySeconds).toBe(600);
  });

  it('takes RemoteCommand, RequestTTY, SendEnv and SetEnv as session defaults', async () => {
    const { options } = await applyClientConfig({ host: 'session', config: join(dir, 'config') });
    expect(options).toMatchObject({
      command: 'tmux attach',
      requestPty: false,
      sendEnv: ['LANG', 'LC_*'],
      env: { DEPLOY: 'blue', MODE: 'two words' },
    });
  });

  it('takes HostKeyAlias, BindAddress, AddressFamily, TCPKeepAlive, StrictHostKeyChecking (no as accept-new), HashKnownHosts', async () => {
    const { options } = await applyClientConfig({ host: 'net', config: join(dir, 'config') });
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

describe('applyClientConfig: hostname canonicalization (CanonicalizeHostname and friends)', () => {
  let dir: string;
  let config: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sshkit-config-canon-'));
    config = join(dir, 'config');
    writeFileSync(
      config,
      [
        'Host jump-*',
        '  ProxyJump bastion',
        'Host strict-*',
        '  CanonicalizeFallbackLocal no',
        'Host *.lan',
        '  CanonicalizePermittedCNAMEs *.lan:*.cdn.example',
        'Host web',
        '  CanonicalizePermittedCNAMEs *.b.example:*.cdn.example',
        'Host *',
        '  CanonicalizeHostname yes',
        '  CanonicalDomains a.example b.example',
        'Host web.b.example',
        '  Port 2200',
        '  User deploy',
        'Host edge.cdn.example',
        '  Port 2300',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A resolver that knows only `names` (fully qualified, with the trailing dot) and some CNAMEs. */
  const resolver = (
    names: readonly string[],
    cnames: Record<string, string> = {},
  ): HostResolver & { asked: string[] } => {
    const asked: string[] = [];
    return {
      asked,
      resolves: async (name) => {
        asked.push(name);
        return names.includes(name);
      },
      cname: async (name) => cnames[name],
    };
  };

  it('tries each CanonicalDomains suffix in order; the final pass applies the blocks of the canonical name', async () => {
    const r = resolver(['web.b.example.']);
    const { options } = await applyClientConfig({ host: 'web', config }, r);
    expect(r.asked).toEqual(['web.a.example.', 'web.b.example.']);
    expect(options).toMatchObject({ host: 'web.b.example', port: 2200, username: 'deploy' });
  });

  it('follows a CNAME that CanonicalizePermittedCNAMEs allows, and only that one', async () => {
    const allowed = await applyClientConfig(
      { host: 'web', config },
      resolver(['web.b.example.'], { 'web.b.example': 'Edge.CDN.example.' }),
    );
    expect(allowed.options).toMatchObject({ host: 'edge.cdn.example', port: 2300 });
    const refused = await applyClientConfig(
      { host: 'web', config },
      resolver(['web.b.example.'], { 'web.b.example': 'web.elsewhere.example' }),
    );
    expect(refused.options.host).toBe('web.b.example');
  });

  it('leaves names with more dots than CanonicalizeMaxDots, addresses and proxied hosts alone', async () => {
    const r = resolver(['db.internal.net.a.example.', '10.0.0.1.a.example.', 'jump-1.a.example.']);
    expect((await applyClientConfig({ host: 'db.internal.net', config }, r)).options.host).toBe(
      'db.internal.net',
    );
    expect((await applyClientConfig({ host: '10.0.0.1', config }, r)).options.host).toBe('10.0.0.1');
    expect((await applyClientConfig({ host: 'jump-1', config }, r)).options.host).toBe('jump-1');
    expect(r.asked).toEqual([]);
  });

  it('follows the CNAME of a name no suffix applied to (too many dots) when a rule allows it, as ssh does', async () => {
    const r = resolver(['web.internal.lan'], { 'web.internal.lan': 'pop1.cdn.example' });
    expect((await applyClientConfig({ host: 'web.internal.lan', config }, r)).options.host).toBe(
      'pop1.cdn.example',
    );
    expect(r.asked).toEqual(['web.internal.lan']);
    const plain = resolver(['web.internal.lan']);
    expect((await applyClientConfig({ host: 'web.internal.lan', config }, plain)).options.host).toBe(
      'web.internal.lan',
    );
    await expect(
      applyClientConfig({ host: 'gone.internal.lan', config }, resolver([])),
    ).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });

  it('fails as a failed lookup when nothing resolves and CanonicalizeFallbackLocal is no; else keeps the name', async () => {
    await expect(applyClientConfig({ host: 'strict-1', config }, resolver([]))).rejects.toMatchObject({
      code: 'ENOTFOUND',
      hostname: 'strict-1',
    });
    expect((await applyClientConfig({ host: 'loose', config }, resolver([]))).options.host).toBe('loose');
  });

  it('resolves a fully qualified name (trailing dot) as it is, with the system resolver too', async () => {
    const r = resolver(['web.b.example.']);
    expect((await applyClientConfig({ host: 'web.b.example.', config }, r)).options).toMatchObject({
      host: 'web.b.example',
      port: 2200,
    });
    expect(r.asked).toEqual(['web.b.example.']);
    // The real resolver: "localhost" resolves from the hosts file, an .invalid name (RFC 6761) never does.
    expect(await systemResolver.resolves('localhost')).toBe(true);
    expect(await systemResolver.resolves('sshkit-test.invalid')).toBe(false);
  });
});
