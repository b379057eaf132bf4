import { describe, expect, it } from '@jest/globals';
import { parseDisplay } from '../src/node/x11/display.js';

describe('parseDisplay', () => {
  it.each([
    [':0', 0, 0],
    [':10.0', 10, 0],
    ['unix:0', 0, 0],
    ['unix:8.2', 8, 2],
    ['::3', 3, 0], // OpenSSH's "::d" spelling of a local display
  ])('%s is local display %i screen %i', (value, displayNumber, screen) => {
    expect(parseDisplay(value)).toEqual({
      host: '',
      displayNumber,
      screen,
      endpoint: { path: `/tmp/.X11-unix/X${displayNumber}` },
    });
  });

  it.each([
    ['localhost:10.0', 'localhost', 10, 0],
    ['localhost:10', 'localhost', 10, 0],
    ['127.0.0.1:0', '127.0.0.1', 0, 0],
    ['x-host.example.com:3.1', 'x-host.example.com', 3, 1],
    ['[::1]:0', '::1', 0, 0],
    ['[2001:db8::7]:12.3', '2001:db8::7', 12, 3],
    ['::1:0', '::1', 0, 0],
    ['fe80::1:5.1', 'fe80::1', 5, 1],
    [':::2', '::', 2, 0], // xtrans: three colons are an IPv6 host ending in ::
    ['host:59535', 'host', 59535, 0],
  ])('%s is TCP to %s display %i screen %i', (value, host, displayNumber, screen) => {
    expect(parseDisplay(value)).toEqual({
      host,
      displayNumber,
      screen,
      endpoint: { host, port: 6000 + displayNumber },
    });
  });

  it('takes a socket path as the endpoint, screen removed (XQuartz)', () => {
    const socket = '/private/tmp/com.apple.launchd.AbC.d1/org.xquartz:0';
    expect(parseDisplay(socket)).toEqual({
      host: '',
      displayNumber: 0,
      screen: 0,
      endpoint: { path: socket },
    });
    expect(parseDisplay(`${socket}.1`)).toEqual({
      host: '',
      displayNumber: 0,
      screen: 1,
      endpoint: { path: socket },
    });
    expect(parseDisplay('/tmp/dir.with.dots/x:4')).toEqual({
      host: '',
      displayNumber: 4,
      screen: 0,
      endpoint: { path: '/tmp/dir.with.dots/x:4' },
    });
  });

  it.each([
    '',
    '0',
    'localhost',
    ':',
    'host:',
    ':a',
    ':0.',
    ':0.x',
    ':0.1.2',
    ':-1',
    ': 0',
    ':0 ',
    ':+1',
    ':1e3',
    ':59536',
    'host:65535',
    ':99999999999999999999',
    '/tmp/sock',
    '/tmp/sock:',
    'host/unix:0',
    'tcp/host:0',
    'two words:0',
    '[::1:0',
    '[host]:0',
    '[::1]x:0',
    'not:ipv6:0',
    '1:2:3:4:5:6:7:8:9:0',
  ])('rejects %j', (value) => {
    expect(() => parseDisplay(value)).toThrow(TypeError);
  });
});
