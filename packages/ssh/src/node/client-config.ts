import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir, hostname, userInfo } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { SSHClientOptions } from '../options.js';
import { SSHConfig, type SSHConfigFile } from '../ssh-config.js';
import { canonicalHostName, type HostResolver, systemResolver } from './canonical-host.js';
import { GLOBAL_KNOWN_HOSTS_FILES, userKnownHostsFiles } from './host-key-check.js';

/** The local user name (%u, Match localuser); '' where the system has none for this uid. */
function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? '';
  }
}

/** ssh's per-user client configuration. */
function defaultConfigPath(): string {
  return join(homedir(), '.ssh', 'config');
}

/** A leading `~` and `~/`, as ssh expands them in paths. */
function expandTilde(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/** The files an `Include` pattern names: relative to ~/.ssh, `*` and `?` allowed in the last component. */
function includeFiles(pattern: string): SSHConfigFile[] {
  const expanded = expandTilde(pattern);
  const full = isAbsolute(expanded) ? expanded : join(homedir(), '.ssh', expanded);
  const name = basename(full);
  const paths = /[*?]/.test(name)
    ? listMatching(
        dirname(full),
        new RegExp(
          `^${name
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        ),
      )
    : existsSync(full)
      ? [full]
      : [];
  return paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

function listMatching(dir: string, re: RegExp): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => re.test(f))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/**
 * The config files of `option` (given paths, none for null, else
 * ~/.ssh/config when it exists) as one configuration, read in order as ssh
 * reads its user then system files: one pass, first value wins across them.
 */
function loadConfig(option: SSHClientOptions['config']): SSHConfig | undefined {
  if (option === null) return undefined;
  const paths = option === undefined ? [defaultConfigPath()].filter((p) => existsSync(p)) : [option].flat();
  if (paths.length === 0) return undefined;
  const missing = paths.find((p) => !existsSync(expandTilde(p)));
  if (missing !== undefined) throw new TypeError(`connect: config file ${missing} does not exist`);
  const root = paths
    .map((p) => `Match all\nInclude "${expandTilde(p).replace(/(["\\])/g, '\\$1')}"`)
    .join('\n');
  return SSHConfig.parse(root, { path: '<config>', include: includeFiles });
}

/** ssh's tokens in IdentityFile, UserKnownHostsFile, IdentityAgent: %d %u %l %h %r %p %%, and a leading ~. */
function expandTokens(text: string, t: { host: string; user: string; port: number }): string {
  const values: Record<string, string> = {
    d: homedir(),
    u: localUser(),
    l: hostname(),
    h: t.host,
    r: t.user,
    p: String(t.port),
    '%': '%',
  };
  return expandTilde(text.replace(/%([dulhrp%])/g, (_, c: string) => values[c] ?? ''));
}

const yes = (v: string | undefined) => v?.toLowerCase() === 'yes';

type Lookup = { one(key: string): string | undefined; all(key: string): readonly string[] };
type Setter = <K extends keyof SSHClientOptions>(key: K, value: SSHClientOptions[K] | undefined) => void;

/** HostKeyAlias, StrictHostKeyChecking, HashKnownHosts, BindAddress, AddressFamily, TCPKeepAlive. */
function networkKeywords({ one }: Lookup, set: Setter): void {
  set('hostKeyAlias', one('hostkeyalias'));
  // no/off would also take changed keys in ssh: the safer accept-new stands in for them.
  const strict = one('stricthostkeychecking')?.toLowerCase();
  const hashKnownHosts = one('hashknownhosts');
  if (hashKnownHosts !== undefined) set('hashKnownHosts', yes(hashKnownHosts));
  if (strict !== undefined)
    set('strictHostKeyChecking', ['accept-new', 'no', 'off'].includes(strict) ? 'accept-new' : 'yes');
  const bind = one('bindaddress');
  if (bind !== undefined) set('localAddr', [bind, 0]);
  const family = one('addressfamily')?.toLowerCase();
  set('family', family === 'inet' ? 4 : family === 'inet6' ? 6 : undefined);
  const tcpKeepalive = one('tcpkeepalive');
  if (tcpKeepalive !== undefined) set('tcpKeepalive', yes(tcpKeepalive));
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 };
const TIME_UNITS: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** A RekeyLimit size (`512M`, `1G`); undefined for `default` or anything malformed. */
function rekeySize(text: string): number | undefined {
  const m = /^(\d+)([kmg]?)$/i.exec(text);
  return m ? Number(m[1]) * (SIZE_UNITS[(m[2] ?? '').toLowerCase()] ?? 1) : undefined;
}

/** An sshd_config TIME FORMAT (`3600`, `1h30m`) in seconds; undefined for `none` or anything malformed. */
function rekeyTime(text: string): number | undefined {
  if (!/^(\d+[smhdw]?)+$/i.test(text)) return undefined;
  let seconds = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhdw]?)/gi))
    seconds += Number(n) * (TIME_UNITS[(unit ?? '').toLowerCase()] ?? 1);
  return seconds;
}

/** RekeyLimit: bytes (K/M/G suffixes, or `default`) and optionally time (or `none`). */
function rekeyKeywords({ all }: Lookup, set: Setter): void {
  const [size, time] = all('rekeylimit');
  if (size !== undefined) set('rekeyBytes', rekeySize(size));
  if (time !== undefined) set('rekeySeconds', rekeyTime(time));
}

const REQUEST_TTY: Readonly<Record<string, SSHClientOptions['requestPty']>> = {
  yes: true,
  force: 'force',
  no: false,
  auto: 'auto',
};

/** RemoteCommand, RequestTTY, SendEnv, SetEnv: defaults for every session. */
function sessionKeywords({ one, all }: Lookup, set: Setter): void {
  set('command', one('remotecommand'));
  const tty = one('requesttty')?.toLowerCase();
  if (tty !== undefined) set('requestPty', REQUEST_TTY[tty]);
  // ssh's pty-req names the local terminal type.
  if ((tty === 'yes' || tty === 'force') && process.env.TERM) set('termType', process.env.TERM);
  const sendEnv = all('sendenv');
  if (sendEnv.length > 0) set('sendEnv', sendEnv);
  const setEnv = all('setenv').map((v): [string, string] => {
    const at = v.indexOf('=');
    return at < 0 ? [v, ''] : [v.slice(0, at), v.slice(at + 1)];
  });
  if (setEnv.length > 0) set('env', Object.fromEntries(setEnv));
}

/**
 * `options` with the OpenSSH client configuration filled in where they say
 * nothing (AsyncSSH `config`): the first value of each keyword from the
 * matching Host/Match blocks of the given files (default ~/.ssh/config), with
 * ssh's hostname canonicalization and final pass. Used:
 * HostName, Port, User, CanonicalizeHostname, CanonicalDomains,
 * CanonicalizeMaxDots, CanonicalizeFallbackLocal, CanonicalizePermittedCNAMEs, IdentityFile, IdentitiesOnly, IdentityAgent,
 * ProxyJump, ProxyCommand, UserKnownHostsFile, GlobalKnownHostsFile, ConnectTimeout,
 * ServerAliveInterval, ServerAliveCountMax, Ciphers, MACs, KexAlgorithms,
 * HostKeyAlgorithms, PubkeyAcceptedAlgorithms, Compression, ForwardAgent,
 * ForwardX11, PreferredAuthentications, UpdateHostKeys, HostbasedAuthentication
 * (through ssh-keysign, as ssh does), HostKeyAlias, StrictHostKeyChecking, HashKnownHosts, BindAddress, AddressFamily,
 * TCPKeepAlive, RemoteCommand, RequestTTY, SendEnv, SetEnv, RekeyLimit,
 * CertificateFile, PubkeyAuthentication, PasswordAuthentication,
 * KbdInteractiveAuthentication.
 * @returns the options to connect with, and the key files IdentityFile names (undefined: ssh's defaults)
 */
export async function applyClientConfig(
  options: SSHClientOptions,
  resolver: HostResolver = systemResolver,
): Promise<{
  options: SSHClientOptions;
  keyFiles: readonly string[] | undefined;
}> {
  const config = loadConfig(options.config);
  const host = options.host ?? 'localhost';
  if (!config) return { options, keyFiles: undefined };
  const target = {
    host,
    localUser: localUser(),
    ...(options.username !== undefined && { user: options.username }),
    ...(options.port !== undefined && { port: options.port }),
  };
  // CanonicalizeHostname: the first pass says which names to try; the final pass uses the one found.
  const canonicalHost = await canonicalHostName(config.canonicalization(target), resolver);
  const values = config.resolve({ ...target, ...(canonicalHost !== undefined && { canonicalHost }) });
  const one = (key: string) => values.get(key)?.[0];
  const all = (key: string) => values.get(key) ?? [];
  const o: SSHClientOptions = { ...options };
  const set = <K extends keyof SSHClientOptions>(key: K, value: SSHClientOptions[K] | undefined) => {
    if (o[key] === undefined && value !== undefined) o[key] = value;
  };
  // HostName replaces the name given, which only selected the blocks (%h in it is that name).
  const hostName = one('hostname');
  if (hostName !== undefined) o.host = hostName.replace(/%h/g, host).replace(/%%/g, '%');
  const port = one('port');
  set('port', port === undefined ? undefined : Number(port));
  set('username', one('user'));
  const tokens = { host: o.host ?? host, user: o.username ?? target.localUser, port: o.port ?? 22 };
  const jump = one('proxyjump');
  // A jump host whose own block (Host *) names itself as its jump: connect to it directly.
  const loops = jump !== undefined && [host, o.host].includes(jump.split(',')[0]?.replace(/^.*@|:\d+$/g, ''));
  if (jump !== undefined && jump.toLowerCase() !== 'none' && !loops && !o.sock && !o.proxyCommand)
    set('tunnel', jump);
  const proxy = one('proxycommand');
  if (proxy !== undefined && proxy.toLowerCase() !== 'none' && o.sock === undefined && o.tunnel === undefined)
    set('proxyCommand', proxy);
  // ssh searches the user's files, then the global ones; `none` names no file.
  const userFiles = all('userknownhostsfile');
  const globalFiles = all('globalknownhostsfile');
  if (userFiles.length > 0 || globalFiles.length > 0) {
    const files = [
      ...(userFiles.length > 0 ? userFiles : userKnownHostsFiles()),
      ...(globalFiles.length > 0 ? globalFiles : GLOBAL_KNOWN_HOSTS_FILES),
    ];
    set(
      'knownHosts',
      files.filter((f) => f.toLowerCase() !== 'none').map((f) => expandTokens(f, tokens)),
    );
  }
  const agent = one('identityagent');
  if (agent !== undefined)
    set('agentPath', agent.toLowerCase() === 'none' ? null : expandTokens(agent, tokens));
  if (yes(one('identitiesonly'))) set('agentPath', null);
  const seconds = (key: string) => (one(key) === undefined ? undefined : Number(one(key)));
  const timeout = seconds('connecttimeout');
  set('connectTimeout', timeout === undefined ? undefined : timeout * 1000);
  set('keepaliveInterval', seconds('serveraliveinterval'));
  set('keepaliveCountMax', seconds('serveralivecountmax'));
  set('encryptionAlgs', one('ciphers'));
  set('macAlgs', one('macs'));
  set('kexAlgs', one('kexalgorithms'));
  set('serverHostKeyAlgs', one('hostkeyalgorithms'));
  set('signatureAlgs', one('pubkeyacceptedalgorithms') ?? one('pubkeyacceptedkeytypes'));
  const compression = one('compression');
  if (compression !== undefined)
    set('compressionAlgs', yes(compression) ? 'zlib@openssh.com,zlib,none' : 'none');
  const forwardAgent = one('forwardagent');
  if (forwardAgent !== undefined) set('agentForwarding', yes(forwardAgent));
  const forwardX11 = one('forwardx11');
  if (forwardX11 !== undefined) set('x11Forwarding', yes(forwardX11));
  networkKeywords({ one, all }, set);
  sessionKeywords({ one, all }, set);
  rekeyKeywords({ one, all }, set);
  // ssh signs hostbased requests with ssh-keysign and the host's own keys.
  if (yes(one('hostbasedauthentication')) && o.clientHostKeys === undefined) set('clientHostKeysign', true);
  const update = one('updatehostkeys');
  if (update !== undefined && update.toLowerCase() !== 'ask') set('updateHostKeys', yes(update));
  const methods = one('preferredauthentications');
  if (methods !== undefined) {
    const known = ['hostbased', 'publickey', 'keyboard-interactive', 'password'] as const;
    set(
      'preferredAuthentications',
      methods.split(',').filter((m): m is (typeof known)[number] => (known as readonly string[]).includes(m)),
    );
  }
  const certificates = all('certificatefile')
    .map((f) => expandTokens(f, tokens))
    .filter((f) => existsSync(f));
  if (certificates.length > 0) set('clientCerts', certificates);
  // `no` switches a method off; `yes` is the default anyway.
  const off = (key: string) => (one(key) !== undefined && !yes(one(key)) ? false : undefined);
  set('publicKeyAuth', off('pubkeyauthentication'));
  set('passwordAuth', off('passwordauthentication'));
  set('kbdintAuth', off('kbdinteractiveauthentication'));
  const identities = all('identityfile').map((f) => expandTokens(f, tokens));
  return { options: o, keyFiles: identities.length > 0 ? identities : undefined };
}
