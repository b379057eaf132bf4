// SSHConfig (ssh_config(5)): parsing and evaluation, checked against OpenSSH's
// own reading of the same files. `ssh -G -F file [-l user] [-p port] host`
// prints the effective configuration without connecting.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { requireTools } from '@sshkit/testkit';
import fc from 'fast-check';
import { SSHConfig, SSHConfigError, type SSHConfigFile } from '../src/ssh-config.js';

const LOCAL_USER = userInfo().username;
const tools = requireTools('ssh');
const describeInterop = tools ? describe : describe.skip;
const dir = mkdtempSync(join(tmpdir(), 'sshkit-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Target {
  readonly host: string;
  readonly user?: string;
  readonly port?: number;
}

/** Include callback over real files, as a caller would give it (no globbing needed here). */
const readIncluded = (pattern: string): SSHConfigFile[] =>
  existsSync(pattern) ? [{ path: pattern, text: readFileSync(pattern, 'utf8') }] : [];

const resolve = (text: string, t: Target) =>
  SSHConfig.parse(text, { include: readIncluded }).resolve({ ...t, localUser: LOCAL_USER });

let written = 0;
function configFile(text: string): string {
  const path = join(dir, `config-${written++}`);
  writeFileSync(path, text);
  return path;
}

/** `ssh -G` output as keyword → one entry per output line. */
function sshG(file: string, t: Target): Map<string, string[]> {
  const args = ['-G', '-F', file];
  if (t.user !== undefined) args.push('-l', t.user);
  if (t.port !== undefined) args.push('-p', String(t.port));
  const r = spawnSync(tools!.ssh, [...args, t.host], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`ssh -G failed: ${r.stderr}`);
  const out = new Map<string, string[]>();
  for (const line of r.stdout.split('\n').filter((l) => l !== '')) {
    const space = line.indexOf(' ');
    const key = line.slice(0, space);
    out.set(key, [...(out.get(key) ?? []), line.slice(space + 1)]);
  }
  return out;
}

/** Keywords ssh -G prints on one line however many arguments they have. */
const ONE_LINE = new Set([
  'userknownhostsfile',
  'globalknownhostsfile',
  'canonicaldomains',
  'permitremoteopen',
]);

/** A forward spec as ssh -G prints it: hosts bracketed, a bare RemoteForward port as a SOCKS forward. */
function forwardAsSshG(key: string, spec: string): string {
  const fields = spec.split(' ').map((f) => {
    const colon = f.lastIndexOf(':');
    return colon < 0 ? f : `[${f.slice(0, colon)}]:${f.slice(colon + 1)}`;
  });
  if (key === 'remoteforward' && fields.length === 1) fields.push('[socks]:0');
  return fields.join(' ');
}

/**
 * Our value for `key` in ssh -G's form. ssh -G normalises some values: it
 * lowercases HostName (after expanding %h), drops `ProxyCommand none`, and
 * prints forwards bracketed; an unset keyword shows ssh's default.
 */
function asSshG(
  key: string,
  options: ReadonlyMap<string, readonly string[]>,
  t: Target,
  defaults: ReadonlyMap<string, string[]>,
): readonly string[] | undefined {
  if (key === 'user') return [t.user ?? options.get('user')?.[0] ?? LOCAL_USER];
  if (key === 'port') return [String(t.port ?? options.get('port')?.[0] ?? defaults.get('port')?.[0])];
  if (key === 'hostname') return [(options.get('hostname')?.[0] ?? '%h').replace('%h', t.host).toLowerCase()];
  const v = options.get(key);
  if (v === undefined || (key === 'proxycommand' && v[0] === 'none')) return defaults.get(key);
  if (ONE_LINE.has(key)) return [v.join(' ')];
  if (key.endsWith('forward')) return v.map((spec) => forwardAsSshG(key, spec));
  return v;
}

/** The keywords a config text (and what it includes) sets, plus user/hostname/port. */
function keywordsOf(text: string): Set<string> {
  const keys = new Set(['user', 'hostname', 'port']);
  for (const line of text.split('\n')) {
    const keyword = /^\s*([A-Za-z0-9]+)/.exec(line)?.[1]?.toLowerCase();
    if (keyword === 'include') {
      for (const f of line.trim().split(/\s+/).slice(1).flatMap(readIncluded))
        for (const k of keywordsOf(f.text)) keys.add(k);
    } else if (keyword !== undefined && keyword !== 'host' && keyword !== 'match') {
      keys.add(keyword);
    }
  }
  return keys;
}

/** Both readings of `text` for `t`, restricted to the keywords the text sets. */
function compare(text: string, t: Target) {
  const defaults = sshG(configFile(''), t);
  const theirs = sshG(configFile(text), t);
  const ours = resolve(text, t);
  const mine: Record<string, readonly string[] | undefined> = {};
  const ssh: Record<string, readonly string[] | undefined> = {};
  for (const key of keywordsOf(text)) {
    mine[key] = asSshG(key, ours, t, defaults);
    ssh[key] = theirs.get(key);
  }
  return { mine, ssh };
}

const INCLUDED = join(dir, 'included.conf');
writeFileSync(
  INCLUDED,
  ['Port 2444', 'Host inc', '  IdentityFile /keys/included', 'Host nomatch', '  User never', ''].join('\n'),
);

const CASES: readonly { name: string; config: string; targets: readonly Target[] }[] = [
  {
    name: 'aliases with Host * defaults after them',
    config: `
Host web
  HostName web.example.com
  Port 2222
  User deploy
  IdentityFile ~/.ssh/web_ed25519
  IdentityFile /keys/web_rsa
  ProxyJump bastion
Host db
  HostName 10.0.0.5
  ProxyCommand ssh -W %h:%p bastion
  IdentityFile /keys/web_rsa
Host *
  User fallback
  Port 22
  IdentityFile /keys/web_rsa
  IdentityFile ~/.ssh/id_default
`,
    targets: [{ host: 'web' }, { host: 'db' }, { host: 'other' }, { host: 'web', user: 'alice', port: 7 }],
  },
  {
    name: 'first value wins across blocks',
    config: `
Host *.prod
  User produser
  Compression yes
Host app*.prod
  User appuser
  Port 2200
Host *
  Port 22
  Compression no
  ServerAliveInterval 30
`,
    targets: [{ host: 'app1.prod' }, { host: 'db.prod' }, { host: 'dev' }],
  },
  {
    name: 'negated patterns and ? wildcards, case-sensitive Host',
    config: `
Host *.example.com !bastion.example.com
  ProxyJump bastion.example.com
Host web??
  Port 8022
Host !web01 web*
  User webuser
Host MixedCase
  Port 2001
`,
    targets: [
      { host: 'www.example.com' },
      { host: 'bastion.example.com' },
      { host: 'web01' },
      { host: 'web02' },
      { host: 'web100' },
      { host: 'MixedCase' },
      { host: 'mixedcase' },
    ],
  },
  {
    name: 'Match host (on the HostName) and Match originalhost',
    config: `
Host short
  HostName long.internal.example
Host pct
  HostName %h.corp.example
Match host *.internal.example
  User internal
  Port 2022
Match host PCT.corp.example
  Port 2023
Match originalhost short
  IdentityFile /keys/short
Match originalhost long.internal.example,!short
  IdentityFile /keys/long
`,
    targets: [{ host: 'short' }, { host: 'long.internal.example' }, { host: 'pct' }, { host: 'other' }],
  },
  {
    name: 'Match user, localuser, all, negation and exec',
    config: `
Match user admin
  IdentityFile /keys/admin
  Port 2201
Host jump
  User ops
Match user ops
  IdentityFile /keys/ops
Match localuser ${LOCAL_USER}
  SendEnv LOCAL_*
Match !user ops,admin
  SendEnv OTHER
Match exec false
  Port 9
Match all
  SendEnv LANG LC_*
  ServerAliveCountMax 5
`,
    targets: [{ host: 'x', user: 'admin' }, { host: 'jump' }, { host: 'plain' }],
  },
  {
    name: 'Keyword=value, quoted and escaped arguments, multi-argument keywords',
    config: `
Host eq
  Port=2022
  User = eqUser
  hOsTnAmE= eq.example.com
  IdentityFile "/tmp/dir with space/id_ed25519"
  CertificateFile /tmp/dir\\ with\\ space/id-cert.pub
  UserKnownHostsFile /tmp/kh1 "/tmp/kh 2"
  SetEnv FOO="a b" BAR=1 FOO=dup
  SetEnv NOT=used
  SendEnv A B C
  SendEnv -B D
  LocalForward 8080 localhost:80
  LocalForward 8080 localhost:80
  RemoteForward 9000 h:1
  RemoteForward 9001
  DynamicForward 1080
  ConnectTimeout 10 # a comment
  RemoteCommand echo "hi  there" # kept: the rest of the line is the command
`,
    targets: [{ host: 'eq' }, { host: 'nope' }],
  },
  {
    name: 'ProxyJump and ProxyCommand exclude each other',
    config: `
Host a
  ProxyJump j1
  ProxyCommand nc %h %p
Host b
  ProxyCommand nc %h %p
  ProxyJump j2
Host c
  ProxyCommand none
Host *
  ProxyJump jdef
`,
    targets: [{ host: 'a' }, { host: 'b' }, { host: 'c' }, { host: 'd' }],
  },
  {
    name: 'Include of another file',
    config: `
Host inc
  Include ${INCLUDED}
  User outer
Host other
  Include ${INCLUDED}
Host *
  Port 2999
`,
    targets: [{ host: 'inc' }, { host: 'other' }, { host: 'nomatch' }],
  },
];

describeInterop('SSHConfig.resolve agrees with ssh -G', () => {
  it('on the final pass (canonicalization on, nothing found, fallback): Match canonical/final, !canonical', () => {
    // No resolvable domain offline; `CanonicalDomains none` keeps ssh from asking DNS at all.
    const text = [
      'CanonicalizeHostname yes',
      'CanonicalDomains none',
      'Host web',
      '  User first',
      'Match canonical host web',
      '  Port 2022',
      'Match final',
      '  SendEnv FINAL_*',
      'Match !canonical',
      '  ServerAliveInterval 7',
      'Host web',
      '  IdentityFile /keys/web',
    ].join('\n');
    for (const t of [{ host: 'web' }, { host: 'WEB' }, { host: 'other' }]) {
      const theirs = sshG(configFile(text), t);
      const ours = resolve(text, t);
      const keys = ['user', 'hostname', 'port', 'identityfile', 'sendenv', 'serveraliveinterval'];
      const defaults = sshG(configFile(''), t);
      expect(Object.fromEntries(keys.map((k) => [k, asSshG(k, ours, t, defaults)]))).toEqual(
        Object.fromEntries(keys.map((k) => [k, theirs.get(k)])),
      );
    }
  });

  for (const c of CASES) {
    for (const t of c.targets) {
      it(`${c.name}: ${JSON.stringify(t)}`, () => {
        const { mine, ssh } = compare(c.config, t);
        expect(mine).toEqual(ssh);
      });
    }
  }

  it('agrees on random Host/Match configs', () => {
    const pattern = fc.constantFrom(
      'a',
      'ab',
      'a*',
      '*',
      '?b',
      '!a',
      '!*b',
      'b.example',
      '*.example',
      'A',
      'x?',
    );
    const list = fc.array(pattern, { minLength: 1, maxLength: 2 }).map((ps) => ps.join(','));
    const userList = fc.constantFrom('u1', 'u*', '!u2,u*', LOCAL_USER, `!${LOCAL_USER}`);
    const criterion = fc.oneof(
      list.map((l) => `host ${l}`),
      list.map((l) => `originalhost ${l}`),
      userList.map((l) => `user ${l}`),
      userList.map((l) => `localuser ${l}`),
    );
    const negated = (g: fc.Arbitrary<string>) =>
      fc.tuple(fc.boolean(), g).map(([neg, s]) => (neg ? `!${s}` : s));
    const header = fc.oneof(
      fc.array(pattern, { minLength: 1, maxLength: 3 }).map((ps) => `Host ${ps.join(' ')}`),
      fc.array(negated(criterion), { minLength: 1, maxLength: 2 }).map((cs) => `Match ${cs.join(' ')}`),
      fc.constantFrom('Match all', 'Match !all'),
    );
    const option = fc.oneof(
      fc.integer({ min: 1000, max: 1003 }).map((n) => `Port ${n}`),
      fc.constantFrom('User u1', 'User u2', 'HostName b.example', 'HostName %h.example', 'HostName A'),
      fc.integer({ min: 1, max: 3 }).map((n) => `IdentityFile /k/${n}`),
      fc.constantFrom('SendEnv V1', 'SendEnv V2 V1', 'SendEnv -V1'),
    );
    const block = fc
      .tuple(header, fc.array(option, { maxLength: 3 }))
      .map(([h, os]) => [h, ...os.map((o) => `  ${o}`)]);
    const config = fc
      .tuple(fc.array(option, { maxLength: 2 }), fc.array(block, { maxLength: 5 }))
      .map(([top, blocks]) => [...top, ...blocks.flat(), ''].join('\n'));
    const target = fc.record(
      { host: fc.constantFrom('a', 'ab', 'b.example', 'A', 'zz'), user: fc.constantFrom('u1', 'u2') },
      { requiredKeys: ['host'] },
    );
    fc.assert(
      fc.property(config, target, (text, t) => {
        const { mine, ssh } = compare(text, t);
        expect(mine).toEqual(ssh);
      }),
      { numRuns: 60 },
    );
  });
});

describe('SSHConfig values', () => {
  it('splits multi-argument keywords, joins a forward line, keeps a command raw', () => {
    const o = resolve(
      [
        'GlobalKnownHostsFile /a "/b c"',
        'LocalForward 1 h:2',
        'ProxyCommand  = ssh -W "%h:%p" j # not a comment to ssh',
        'Frobnicate x "y z"',
        'PubkeyAcceptedKeyTypes +ssh-rsa',
        'KeepAlive no',
        'TCPKeepAlive yes',
      ].join('\n'),
      { host: 'h' },
    );
    expect(Object.fromEntries(o)).toEqual({
      globalknownhostsfile: ['/a', '/b c'],
      localforward: ['1 h:2'],
      proxycommand: ['ssh -W "%h:%p" j # not a comment to ssh'],
      frobnicate: ['x', 'y z'],
      pubkeyacceptedalgorithms: ['+ssh-rsa'],
      tcpkeepalive: ['no'],
    });
  });

  it('never puts the explicit user or port in the result, but Match user sees the user', () => {
    const text = 'User cfg\nPort 1\nMatch user given\n  IdentityFile /k';
    expect(Object.fromEntries(resolve(text, { host: 'h', user: 'given', port: 2 }))).toEqual({
      user: ['cfg'],
      port: ['1'],
      identityfile: ['/k'],
    });
  });

  it('never runs Match exec (so !exec matches); Match canonical/final hold only in the final pass', () => {
    const text =
      'Match exec true\n  Port 1\nMatch !exec true\n  User a\nMatch canonical\n  Port 2\nMatch final\n  SendEnv F';
    // Match final asks for a final pass: HostName becomes the name, canonical and final then hold.
    expect(Object.fromEntries(resolve(text, { host: 'H' }))).toEqual({
      user: ['a'],
      hostname: ['h'],
      port: ['2'],
      sendenv: ['F'],
    });
    // No Match final and no canonicalization: one pass, in which neither holds.
    expect(Object.fromEntries(resolve('Match canonical\n  Port 2\nHost *\n  User b', { host: 'H' }))).toEqual(
      {
        user: ['b'],
      },
    );
  });

  it('final pass after canonicalization: Host blocks see the canonical name, first-pass values stand', () => {
    const text = [
      'CanonicalizeHostname yes',
      'CanonicalDomains corp.example lab.example',
      'Host web',
      '  User first',
      'Host web.corp.example',
      '  User second',
      '  Port 2200',
      'Match canonical host *.corp.example',
      '  IdentityFile ~/.ssh/corp',
      'Match !canonical',
      '  IdentityFile ~/.ssh/first-pass',
    ].join('\n');
    const config = SSHConfig.parse(text);
    const target = { host: 'web', localUser: LOCAL_USER };
    expect(config.canonicalization(target)).toEqual({
      mode: 'yes',
      host: 'web',
      domains: ['corp.example', 'lab.example'],
      maxDots: 1,
      fallbackLocal: true,
      permittedCNAMEs: [],
      proxied: false,
    });
    const values = config.resolve({ ...target, canonicalHost: 'web.corp.example' });
    expect(values.get('hostname')).toEqual(['web.corp.example']);
    expect(values.get('user')).toEqual(['first']);
    expect(values.get('port')).toEqual(['2200']);
    expect(values.get('identityfile')).toEqual(['~/.ssh/first-pass', '~/.ssh/corp']);
    // Nothing found (fallback): the final pass still runs, with the name as given.
    expect(config.resolve(target).get('port')).toBeUndefined();
  });

  it('canonicalization() reads the first pass: HostName, MaxDots, FallbackLocal, PermittedCNAMEs, proxies', () => {
    const text = [
      'Host db',
      '  HostName DB-%h.Internal',
      '  CanonicalizeHostname always',
      '  CanonicalizeMaxDots 0',
      '  CanonicalizeFallbackLocal no',
      '  CanonicalizePermittedCNAMEs *.internal:*.cdn.example,*.edge.example no-colon *.b:*.c',
      '  ProxyJump bastion',
      'Host 10.0.0.1',
      '  CanonicalizeHostname yes',
    ].join('\n');
    const config = SSHConfig.parse(text);
    expect(config.canonicalization({ host: 'db', localUser: LOCAL_USER })).toEqual({
      mode: 'always',
      host: 'db-db.internal',
      domains: [],
      maxDots: 0,
      fallbackLocal: false,
      permittedCNAMEs: [
        { source: '*.internal', target: '*.cdn.example,*.edge.example' },
        { source: '*.b', target: '*.c' },
      ],
      proxied: true,
    });
    expect(config.canonicalization({ host: '10.0.0.1', localUser: LOCAL_USER })).toMatchObject({
      mode: 'yes',
      host: '10.0.0.1',
      proxied: false,
    });
  });

  it('ignores Include without a callback, and restores the includer state after one', () => {
    const inner = 'Host nomatch\n  User never';
    const text = 'Host h\n  Include inner\n  Port 5\n';
    expect(SSHConfig.parse(text).resolve({ host: 'h', localUser: 'me' }).get('port')).toEqual(['5']);
    const config = SSHConfig.parse(text, {
      include: (p) => (p === 'inner' ? [{ path: 'inner', text: inner }] : []),
    });
    expect(Object.fromEntries(config.resolve({ host: 'h', localUser: 'me' }))).toEqual({ port: ['5'] });
  });

  it('skips blank lines, comments, trailing whitespace and a BOM', () => {
    const o = resolve('\ufeff# c\n\n   \n\tPort 3 \r\n  # Port 4\n', { host: 'h' });
    expect(Object.fromEntries(o)).toEqual({ port: ['3'] });
  });
});

describe('SSHConfig errors', () => {
  const ERRORS: readonly [string, number, RegExp][] = [
    ['Host a\n  Port\n', 2, /no argument after keyword "port"/],
    ['Host a\n\nMatch foo bar\n', 3, /unsupported Match attribute foo/],
    ['Match localnetwork 10.0.0.0/8', 1, /unsupported Match attribute localnetwork/],
    ['Match tagged x', 1, /unsupported Match attribute tagged/],
    ['Match host', 1, /missing Match criteria for host/],
    ['Match host a user b all', 1, /cannot be combined/],
    ['Match # only a comment', 1, /one or more attributes/],
    ['Port 1 2', 1, /extra arguments/],
    ['LocalForward 8080', 1, /missing argument/],
    ['IdentityFile "/a b', 1, /invalid quotes/],
    ['Host ""', 1, /empty argument/],
    ['SendEnv A=B', 1, /invalid environment name/],
    ['SetEnv A', 1, /invalid SetEnv/],
    ['ProxyJump #x', 1, /invalid ProxyJump/],
  ];

  it.each(ERRORS)('%j: SSHConfigError at line %d', (text, line, message) => {
    let caught: unknown;
    try {
      SSHConfig.parse(text, { path: '/etc/cfg' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SSHConfigError);
    expect(SSHConfigError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(new RegExp(`^/etc/cfg line ${line}: `));
    expect((caught as Error).message).toMatch(message);
  });

  (tools ? it : it.skip)('ssh rejects the same lines', () => {
    for (const [text, line] of ERRORS) {
      const r = spawnSync(tools!.ssh, ['-G', '-F', configFile(text), 'h'], { encoding: 'utf8' });
      expect([text, r.status]).toEqual([text, 255]);
      expect(r.stderr).toContain(`line ${line}`);
    }
  });

  it('names the included file and line', () => {
    const include = () => [{ path: '/inc/bad', text: 'Port 1\nUser\n' }];
    expect(() => SSHConfig.parse('Include x', { include })).toThrow(/^\/inc\/bad line 2: no argument/);
  });

  it('allows Include nesting 16 deep, and no deeper', () => {
    const chain = (levels: number) => (pattern: string) => {
      const n = Number(pattern);
      return n < levels ? [{ path: `/f${n + 1}`, text: `Port ${n + 1}\nInclude ${n + 1}` }] : [];
    };
    expect(
      SSHConfig.parse('Include 0', { include: chain(16) })
        .resolve({ host: 'h', localUser: 'me' })
        .get('port'),
    ).toEqual(['1']);
    expect(() => SSHConfig.parse('Include 0', { include: chain(17) })).toThrow(
      /^\/f16 line 2: too many recursive configuration includes/,
    );
    const self = () => [{ path: '/self', text: 'Include self' }];
    expect(() => SSHConfig.parse('Include self', { include: self })).toThrow(SSHConfigError);
  });

  it('parse() of any text throws nothing but SSHConfigError; resolve() and canonicalization() nothing at all', () => {
    const token = fc.constantFrom(
      'Host',
      'Match',
      'Include',
      'Port',
      'User',
      'HostName',
      'ProxyJump',
      'ProxyCommand',
      'SendEnv',
      'SetEnv',
      'LocalForward',
      'IdentityFile',
      'all',
      'host',
      'user',
      'exec',
      'canonical',
      'final',
      'CanonicalizeHostname',
      'CanonicalDomains',
      'CanonicalizeMaxDots',
      'CanonicalizePermittedCNAMEs',
      'yes',
      'always',
      ':',
      '!',
      '*',
      '?',
      ',',
      '=',
      ' ',
      '\t',
      '"',
      "'",
      '\\',
      '#',
      '%h',
      '\n',
      '\r',
      '\f',
      'a',
      'X=1',
      '-',
      '__proto__',
      'constructor',
    );
    const text = fc.oneof(
      fc.array(token, { maxLength: 40 }).map((ts) => ts.join('')),
      fc.string({ maxLength: 80 }),
    );
    fc.assert(
      fc.property(text, fc.string({ maxLength: 5 }), (t, host) => {
        // Every Include reads the text itself again, a bounded number of times.
        let reads = 0;
        const include = () => (reads++ < 20 ? [{ path: 'inc', text: t }] : []);
        let config: SSHConfig;
        try {
          config = SSHConfig.parse(t, { include });
        } catch (e) {
          if (!(e instanceof SSHConfigError)) throw e;
          return;
        }
        const target = { host, localUser: 'me', user: host };
        const c = config.canonicalization(target);
        expect(['no', 'yes', 'always']).toContain(c.mode);
        config.resolve(target);
        config.resolve({ ...target, canonicalHost: `${host}.example` });
      }),
      { numRuns: 2000 },
    );
  });
});
