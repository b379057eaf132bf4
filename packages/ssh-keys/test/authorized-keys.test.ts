import { describe, expect, it } from '@jest/globals';
import { formatAuthorizedKey, importAuthorizedKeys } from '../src/authorized-keys.js';
import { importPublicKey } from '../src/import.js';
import { fixture } from './support/fixtures.js';

const edLine = fixture('keys/ed25519.pub').trim();
const ed = importPublicKey(edLine);
const p256 = importPublicKey(fixture('keys/ecdsa256.pub'));
const caKey = importPublicKey(fixture('certs/ca.pub'));
const caLine = fixture('certs/ca.pub').trim();

function one(options: string) {
  const ak = importAuthorizedKeys(`${options} ${edLine}`, { strict: true });
  return ak.entries[0]?.options;
}

describe('options parsing', () => {
  it('a line without options allows everything', () => {
    const o = importAuthorizedKeys(edLine).validate(ed);
    expect(o?.permissions).toEqual({
      portForwarding: true,
      agentForwarding: true,
      x11Forwarding: true,
      pty: true,
      userRc: true,
    });
    expect(o?.raw).toEqual([]);
  });

  it('quoted values with commas, spaces and escaped quotes', () => {
    const o = one('command="echo \\"a, b\\" && ls",environment="A=1 2",environment="A=3",environment="B="');
    expect(o?.command).toBe('echo "a, b" && ls');
    expect(o?.environment).toEqual({ A: '1 2', B: '' });
  });

  it.each([
    ['no-port-forwarding', { portForwarding: false }],
    ['no-agent-forwarding', { agentForwarding: false }],
    ['no-X11-forwarding', { x11Forwarding: false }],
    ['no-pty', { pty: false }],
    ['no-user-rc', { userRc: false }],
    [
      'restrict',
      { portForwarding: false, agentForwarding: false, x11Forwarding: false, pty: false, userRc: false },
    ],
    ['restrict,pty', { portForwarding: false, agentForwarding: false, x11Forwarding: false, userRc: false }],
    ['pty,restrict', { portForwarding: false, agentForwarding: false, x11Forwarding: false, userRc: false }],
    ['restrict,port-forwarding,agent-forwarding,X11-forwarding,user-rc', { pty: false }],
  ])('%s', (opts, changed) => {
    const all = { portForwarding: true, agentForwarding: true, x11Forwarding: true, pty: true, userRc: true };
    expect(one(opts)?.permissions).toEqual({ ...all, ...changed });
  });

  it('permitopen, permitlisten, tunnel, expiry-time, no-touch-required, verify-required', () => {
    const o = one(
      'permitopen="host:80",permitopen="[::1]:22",permitopen="*:*",permitlisten="8080",permitlisten="localhost:9090",' +
        'tunnel="3",expiry-time="20300101Z",no-touch-required,verify-required',
    );
    expect(o?.permitOpen).toEqual(['host:80', '[::1]:22', '*:*']);
    expect(o?.permitListen).toEqual(['8080', 'localhost:9090']);
    expect(o?.tunnel).toBe(3);
    expect(o?.expiryTime?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(o?.noTouchRequired).toBe(true);
    expect(o?.verifyRequired).toBe(true);
  });

  it.each([
    ['unknown option', 'bogus-option'],
    ['unterminated quote', 'command="ls'],
    ['value on a flag', 'no-pty="x"'],
    ['flag needs value', 'command'],
    ['unquoted value', 'command=ls'],
    ['bad environment', 'environment="NOEQUALS"'],
    ['bad expiry', 'expiry-time="2030"'],
    ['bad permitopen', 'permitopen="nohostport"'],
    ['principals without cert-authority', 'principals="alice"'],
    ['space inside options', 'no-pty, no-agent-forwarding'],
  ])('rejects %s', (_what, opts) => {
    const ak = importAuthorizedKeys(`# header\n${opts} ${edLine}\n${edLine}`);
    expect(ak.errors.map((e) => [e.line, e.error.name, (e.error as { reason?: string }).reason])).toEqual([
      [2, 'KeyImportError', 'corrupted'],
    ]);
    expect(ak.entries.map((e) => e.line)).toEqual([3]);
  });
});

describe('matching', () => {
  const text = [
    `from="10.0.0.0/8,!10.9.9.9,*.trusted.example",no-pty ${edLine}`,
    `expiry-time="20000101" ${fixture('keys/ecdsa256.pub').trim()}`,
    `cert-authority,principals="alice,ops" ${caLine}`,
  ].join('\n');
  const ak = importAuthorizedKeys(text, { strict: true });

  it.each([
    ['', '10.1.2.3', true],
    ['', '10.9.9.9', false],
    ['', '192.168.0.1', false],
    ['h.trusted.example', '192.168.0.1', true],
    ['h.trusted.example', '10.9.9.9', false],
    ['', '', false],
  ])('from= host=%s addr=%s -> %s', (clientHost, clientAddr, ok) => {
    const o = ak.validate(ed, { clientHost, clientAddr });
    expect(o !== undefined).toBe(ok);
    if (o) expect(o.permissions.pty).toBe(false);
  });

  it('expiry-time in the past never matches; before it, it does', () => {
    expect(ak.validate(p256)).toBeUndefined();
    expect(ak.validate(p256, { now: new Date(1990, 0, 1) })).toBeDefined();
  });

  it('cert-authority lines match only as CA and need a listed principal', () => {
    expect(ak.validate(caKey)).toBeUndefined();
    expect(ak.validate(caKey, { ca: true, certPrincipals: ['bob'] })).toBeUndefined();
    expect(ak.validate(caKey, { ca: true, certPrincipals: ['bob', 'ops'] })?.certAuthority).toBe(true);
    expect(ak.validate(ed, { ca: true, clientAddr: '10.1.1.1' })).toBeUndefined();
  });

  it('IPv6 CIDR in from=', () => {
    const v6 = importAuthorizedKeys(`from="2001:db8::/32" ${edLine}`);
    expect(v6.validate(ed, { clientAddr: '2001:db8::1' })).toBeDefined();
    expect(v6.validate(ed, { clientAddr: '2001:db9::1' })).toBeUndefined();
  });
});

describe('writing authorized_keys', () => {
  it('formats options from a record or from pairs, quoting values', () => {
    expect(
      formatAuthorizedKey(ed, { restrict: true, pty: true, from: '10.0.0.0/8', 'no-x11-forwarding': false }),
    ).toBe(`restrict,pty,from="10.0.0.0/8" ${edLine}`);
    expect(
      formatAuthorizedKey(ed, [
        ['command', 'echo "hi", there'],
        ['permitopen', 'a:1'],
        ['permitopen', 'b:2'],
      ]),
    ).toBe(`command="echo \\"hi\\", there",permitopen="a:1",permitopen="b:2" ${edLine}`);
    expect(formatAuthorizedKey(ed, { environment: ['A=1', 'B=2'] })).toBe(
      `environment="A=1",environment="B=2" ${edLine}`,
    );
    expect(formatAuthorizedKey(ed)).toBe(edLine);
  });

  it('adds entries and reads its own export back with the same options', () => {
    const ak = importAuthorizedKeys(`# keys\nno-pty ${edLine}\n`);
    ak.add(caKey, { 'cert-authority': true, principals: 'alice,ops' });
    ak.add(p256, { 'expiry-time': '20300101Z', command: 'a "quoted" \\ cmd' });
    const again = importAuthorizedKeys(ak.export(), { strict: true });
    expect(again.entries.map((e) => e.options.raw)).toEqual(ak.entries.map((e) => e.options.raw));
    expect(again.entries[2]?.options.command).toBe('a "quoted" \\ cmd');
    expect(again.validate(caKey, { ca: true, certPrincipals: ['ops'] })?.certAuthority).toBe(true);
  });

  it.each([
    ['an unknown option', { bogus: true }],
    ['a flag with a value', { 'no-pty': 'x' }],
    ['principals without cert-authority', { principals: 'a' }],
    ['a newline in a value', { command: 'a\nb' }],
    ['a value ending in a backslash', { command: 'a\\' }],
    ['a bad option name', { 'a b': true }],
  ])('rejects %s', (_what, options) => {
    expect(() => formatAuthorizedKey(ed, options)).toThrow(
      expect.objectContaining({ name: 'KeyExportError', reason: 'invalid-option' }),
    );
    expect(() => importAuthorizedKeys('').add(ed, options)).toThrow(
      expect.objectContaining({ name: 'KeyExportError' }),
    );
  });
});

describe('security-key flags (verify-required, no-touch-required)', () => {
  const sk = importPublicKey(fixture('keys/sk-ed25519.pub'));
  const skLine = fixture('keys/sk-ed25519.pub').trim();

  it.each([
    ['', 0x01, true],
    ['', 0x00, false],
    ['no-touch-required', 0x00, true],
    ['verify-required', 0x01, false],
    ['verify-required', 0x05, true],
    ['verify-required,no-touch-required', 0x04, true],
  ])('options %j with flags %d -> %s', (options, skFlags, allowed) => {
    const ak = importAuthorizedKeys(`${options ? `${options} ` : ''}${skLine}`, { strict: true });
    expect(ak.validate(sk, { skFlags }) !== undefined).toBe(allowed);
    // Without flags (no signature yet) the line matches; the caller checks the flags later.
    expect(ak.validate(sk)).toBeDefined();
  });

  it('flags do not matter for other key types, as in sshd', () => {
    const ak = importAuthorizedKeys(`verify-required ${edLine}`);
    expect(ak.validate(ed, { skFlags: 0 })).toBeDefined();
  });
});
