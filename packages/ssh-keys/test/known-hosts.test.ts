import { afterAll, describe, expect, it } from '@jest/globals';
import { importPublicKey } from '../src/import.js';
import { hashKnownHostName, importKnownHosts, matchKnownHosts } from '../src/known-hosts.js';
import {
  describeWithTool,
  fixture,
  HAVE_SSH_KEYGEN,
  run,
  tempDir,
  writePrivate,
} from './support/fixtures.js';

const ed = importPublicKey(fixture('keys/ed25519.pub'));
const p256 = importPublicKey(fixture('keys/ecdsa256.pub'));
const rsa = importPublicKey(fixture('keys/rsa2048.pub'));
const p384 = importPublicKey(fixture('keys/ecdsa384.pub'));
const p521 = importPublicKey(fixture('keys/ecdsa521.pub'));
const ca = importPublicKey(fixture('certs/ca.pub'));

const names = new Map([
  [ed.getFingerprint(), 'ed25519'],
  [p256.getFingerprint(), 'ecdsa256'],
  [rsa.getFingerprint(), 'rsa2048'],
  [p384.getFingerprint(), 'ecdsa384'],
  [p521.getFingerprint(), 'ecdsa521'],
  [ca.getFingerprint(), 'ca'],
]);
const label = (keys: { getFingerprint(): string }[]) => keys.map((k) => names.get(k.getFingerprint()) ?? '?');

// host, addr, port -> [trusted, ca, revoked] by fixture name. `@revoked *` matches every host.
const TABLE: Array<[string, string, number, string[], string[], string[]]> = [
  ['plain.example.com', '', 22, ['ed25519'], [], ['ecdsa521']],
  ['PLAIN.Example.COM', '', 22, ['ed25519'], [], ['ecdsa521']],
  ['plain.example.com', '', 2222, [], [], ['ecdsa521']],
  ['alias2.example.com', '', 22, ['ecdsa256'], [], ['ecdsa521']],
  ['unknown', '192.0.2.7', 22, ['ecdsa256'], [], ['ecdsa521']],
  ['ported.example.com', '', 2222, ['rsa2048'], [], ['ecdsa521']],
  ['ported.example.com', '', 22, [], [], ['ecdsa521']],
  ['x.wild.example.com', '', 22, ['ecdsa384'], [], ['ecdsa521']],
  ['bad.wild.example.com', '', 22, [], [], ['ecdsa521']],
  ['wild.example.com', '', 22, [], [], ['ecdsa521']],
  ['www.example.org', '', 22, [], ['ca'], ['ecdsa521']],
];

describe.each(['known_hosts', 'known_hosts.hashed'])(
  '%s (written by ssh-keygen -H for the hashed one)',
  (file) => {
    const kh = importKnownHosts(fixture(`known_hosts/${file}`));

    it('parses every line', () => {
      expect(kh.errors).toEqual([]);
      expect(kh.entries.length).toBeGreaterThanOrEqual(6);
    });

    it.each(TABLE)('%s addr=%s port=%d', (host, addr, port, trusted, cas, revoked) => {
      const [t, c, r] = matchKnownHosts(kh, host, addr, port);
      expect(label(t)).toEqual(trusted);
      expect(label(c)).toEqual(cas);
      expect(label(r)).toEqual(revoked);
    });
  },
);

describe('pattern rules', () => {
  const line = (hosts: string) => `${hosts} ${fixture('keys/ed25519.pub').split(' ').slice(0, 2).join(' ')}`;
  it.each([
    ['*', 'anything', '', 22, true],
    ['host?.example.com', 'host1.example.com', '', 22, true],
    ['host?.example.com', 'host12.example.com', '', 22, false],
    ['*.example.com,!secret.example.com', 'secret.example.com', '', 22, false],
    ['!secret.example.com', 'other.example.com', '', 22, false],
    ['10.0.0.*', 'name', '10.0.0.5', 22, true],
    ['10.0.0.*,!10.0.0.5', 'name', '10.0.0.5', 22, false],
    ['[10.0.0.5]:2200', 'name', '10.0.0.5', 2200, true],
    ['[*.example.com]:2200', 'a.example.com', '', 2200, true],
    ['[*.example.com]:2200', 'a.example.com', '', 2201, false],
    ['a.example.com', 'a.example.com', '', 2201, false],
  ])('%s vs host=%s addr=%s port=%d -> %s', (hosts, host, addr, port, expected) => {
    const [trusted] = matchKnownHosts(line(hosts), host, addr, port);
    expect(trusted.length === 1).toBe(expected);
  });

  it('matches a hashed name we write ourselves, and [host]:port hashed forms', () => {
    const salt = new Uint8Array(20).fill(7);
    const key = fixture('keys/ed25519.pub').split(' ').slice(0, 2).join(' ');
    const text = `${hashKnownHostName('h.example.com', salt)} ${key}\n${hashKnownHostName('[h.example.com]:2022')} ${key}\n`;
    expect(matchKnownHosts(text, 'h.example.com', '', 22)[0]).toHaveLength(1);
    expect(matchKnownHosts(text, 'h.example.com', '', 2022)[0]).toHaveLength(1);
    expect(matchKnownHosts(text, 'g.example.com', '', 22)[0]).toHaveLength(0);
  });

  it('reproduces ssh-keygen -H hashes (salt from the fixture)', () => {
    const hashedLine = fixture('known_hosts/known_hosts.hashed').split('\n')[1] as string;
    const field = hashedLine.split(' ')[0] as string;
    const salt = new Uint8Array(Buffer.from(field.split('|')[2] as string, 'base64'));
    expect(hashKnownHostName('plain.example.com', salt)).toBe(field);
  });
});

describe('bad lines are reported with line numbers', () => {
  const key = fixture('keys/ed25519.pub').split(' ').slice(0, 2).join(' ');
  const text = [
    '# comment',
    `good.example.com ${key}`,
    '@bogus host ssh-ed25519 AAAA',
    'lonelyhost',
    `|1|AAAA|BBBB ${key}`,
    `|2|x|y ${key}`,
    'host ssh-ed25519 !!!notbase64',
    `host ssh-rsa ${key.split(' ')[1]}`,
    '',
    `second.example.com ${key} trailing comment`,
  ].join('\n');

  it('collects errors and keeps good lines', () => {
    const kh = importKnownHosts(text);
    expect(kh.entries.map((e) => e.line)).toEqual([2, 10]);
    expect(kh.entries[1]?.key.comment).toBe('trailing comment');
    expect(kh.errors.map((e) => [e.line, e.error.name, (e.error as { reason?: string }).reason])).toEqual([
      [3, 'KeyImportError', 'corrupted'],
      [4, 'KeyImportError', 'truncated'],
      [5, 'KeyImportError', 'corrupted'],
      [6, 'KeyImportError', 'unsupported-algorithm'],
      [7, 'KeyImportError', 'unrecognized-format'],
      [8, 'KeyImportError', 'corrupted'],
    ]);
  });

  it('throws the first error in strict mode', () => {
    expect(() => importKnownHosts(text, { strict: true })).toThrow(
      expect.objectContaining({ name: 'KeyImportError' }),
    );
  });
});

describe('writing known_hosts', () => {
  const key = importPublicKey(fixture('keys/ed25519.pub'));
  const caPub = importPublicKey(fixture('certs/ca.pub'));

  it('adds plain, ported, hashed and marked entries, and reads its own export back', () => {
    const kh = importKnownHosts(`# header\nold.example.com ${fixture('keys/ecdsa256.pub')}`);
    kh.addHost(['New.Example.com', '192.0.2.9'], key);
    kh.addHost('ported.example.com', key, { port: 2022, comment: 'ported' });
    const hashed = kh.addHost(['secret.example.com', '198.51.100.1'], key, { hash: true });
    kh.addHost('*.example.org', caPub, { marker: 'cert-authority' });
    expect(hashed).toHaveLength(2);
    expect(hashed.every((e) => e.line === 0 && e.hashed !== undefined)).toBe(true);
    const text = kh.export();
    const lines = text.trim().split('\n');
    expect(lines[1]).toBe(`new.example.com,192.0.2.9 ${fixture('keys/ed25519.pub').trim()}`);
    expect(lines[2]).toMatch(/^\[ported\.example\.com\]:2022 ssh-ed25519 \S+ ported$/);
    expect(lines[3]).toMatch(/^\|1\|[A-Za-z0-9+/=]{28}\|[A-Za-z0-9+/=]{28} ssh-ed25519 /);
    expect(lines[5]).toMatch(/^@cert-authority \*\.example\.org ssh-ed25519 /);
    const again = importKnownHosts(text, { strict: true });
    expect(again.entries).toHaveLength(6);
    expect(matchKnownHosts(again, 'new.example.com')[0]).toHaveLength(1);
    expect(matchKnownHosts(again, 'x', '192.0.2.9')[0]).toHaveLength(1);
    expect(matchKnownHosts(again, 'ported.example.com', '', 2022)[0]).toHaveLength(1);
    expect(matchKnownHosts(again, 'SECRET.example.com')[0]).toHaveLength(1);
    expect(matchKnownHosts(again, 'y', '198.51.100.1')[0]).toHaveLength(1);
    expect(matchKnownHosts(again, 'www.example.org')[1]).toHaveLength(1);
  });

  it('hashes with an injected salt source, reproducibly', () => {
    const random = (n: number) => new Uint8Array(n).fill(3);
    const a = importKnownHosts('');
    a.addHost('h.example.com', key, { hash: true, random });
    expect(a.export().split(' ')[0]).toBe(hashKnownHostName('h.example.com', new Uint8Array(20).fill(3)));
  });

  it.each([
    ['an empty name', '', {}],
    ['a space', 'a b', {}],
    ['a comma', 'a,b', {}],
    ['a marker-like name', '@revoked', {}],
    ['a pattern to hash', '*.example.com', { hash: true }],
    ['a bad port', 'a.example.com', { port: 70000 }],
  ])('rejects %s', (_what, host, options) => {
    expect(() => importKnownHosts('').addHost(host, key, options)).toThrow(
      expect.objectContaining({ name: 'KeyExportError', reason: 'invalid-option' }),
    );
  });
});

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describeWithTool('ssh-keygen', HAVE_SSH_KEYGEN)('ssh-keygen -F finds hosts in our known_hosts export', () => {
  it.each([false, true])('hash=%s', (hash) => {
    const kh = importKnownHosts('');
    const key = importPublicKey(fixture('keys/ecdsa384.pub'));
    kh.addHost('found.example.com', key, { hash });
    kh.addHost('ported.example.com', key, { hash, port: 2200 });
    const path = writePrivate(dir, `known_hosts-${hash}`, kh.export());
    const out = run('ssh-keygen', ['-F', 'found.example.com', '-f', path]);
    expect(out).toContain(key.exportPublicKey().split(' ').slice(0, 2).join(' '));
    expect(run('ssh-keygen', ['-F', '[ported.example.com]:2200', '-f', path])).toContain(
      'ecdsa-sha2-nistp384',
    );
  });
});
