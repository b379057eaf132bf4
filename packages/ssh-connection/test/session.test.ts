import { describe, expect, test } from '@jest/globals';
import {
  EXTENDED_DATA_STDERR,
  OPEN_CONNECT_FAILED,
  OPEN_REQUEST_PTY_FAILED,
  OPEN_REQUEST_SESSION_FAILED,
  PTY_ECHO,
  PTY_ICANON,
} from '@sshkit/ssh-codes';
import {
  ChannelOpenError,
  type SSHClientChannel,
  SSHClientSession,
  type SSHServerChannel,
  SSHServerSession,
  type TerminalModes,
  type TerminalSize,
} from '../src/index.js';
import { connectPair } from './support/harness.js';
import { ticks } from './support/packet-pair.js';

/** A server session recording every callback. */
class RecordingServer extends SSHServerSession {
  events: string[] = [];
  chan: SSHServerChannel | undefined;
  data = '';
  override connectionMade(chan: SSHServerChannel): void {
    this.chan = chan;
    this.events.push('connectionMade');
  }
  override connectionLost(error: Error | undefined): void {
    this.events.push(`connectionLost:${error?.name ?? ''}`);
  }
  override sessionStarted(): void {
    this.events.push('sessionStarted');
  }
  override ptyRequested(term: string, size: TerminalSize, modes: TerminalModes): boolean {
    this.events.push(`pty:${term}:${size.join('x')}:${modes.get(PTY_ECHO)}`);
    return true;
  }
  override shellRequested(): boolean {
    this.events.push('shell');
    return true;
  }
  override execRequested(cmd: string): boolean {
    this.events.push(`exec:${cmd}`);
    return cmd !== 'refuse';
  }
  override subsystemRequested(name: string): boolean {
    this.events.push(`subsystem:${name}`);
    return true;
  }
  override dataReceived(data: string, datatype: number | undefined): void {
    this.data += data;
    this.events.push(`data:${datatype ?? ''}`);
  }
  override eofReceived(): boolean {
    this.events.push('eof');
    return true;
  }
  override breakReceived(ms: number): boolean {
    this.events.push(`break:${ms}`);
    return ms < 1000;
  }
  override signalReceived(sig: string): void {
    this.events.push(`signal:${sig}`);
  }
  override terminalSizeChanged(w: number, h: number, pw: number, ph: number): void {
    this.events.push(`size:${w}x${h}x${pw}x${ph}`);
  }
}

class RecordingClient extends SSHClientSession {
  events: string[] = [];
  out = '';
  err = '';
  chan: SSHClientChannel | undefined;
  override connectionMade(chan: SSHClientChannel): void {
    this.chan = chan;
    this.events.push('connectionMade');
  }
  override sessionStarted(): void {
    this.events.push('sessionStarted');
  }
  override dataReceived(data: string, datatype: number | undefined): void {
    if (datatype === EXTENDED_DATA_STDERR) this.err += data;
    else this.out += data;
  }
  override eofReceived(): boolean {
    this.events.push('eof');
    return false;
  }
  override connectionLost(error: Error | undefined): void {
    this.events.push(`connectionLost:${error?.name ?? ''}`);
  }
  override xonXoffRequested(can: boolean): void {
    this.events.push(`xon:${can}`);
  }
  override exitStatusReceived(status: number): void {
    this.events.push(`exit:${status}`);
  }
  override exitSignalReceived(sig: string, core: boolean, msg: string, lang: string): void {
    this.events.push(`exitsig:${sig}:${core}:${msg}:${lang}`);
  }
}

describe('client and server session handlers', () => {
  test('exec with env and pty: every server callback and getter', async () => {
    const server = new RecordingServer();
    const { client } = connectPair({ sessionRequested: () => server });
    const session = new RecordingClient();
    const [chan] = await client.createSession(() => session, 'ls -l', {
      env: { LANG: 'C', FOO: 'bar' },
      termType: 'xterm',
      termSize: [100, 40],
      termModes: { [PTY_ECHO]: 0, [PTY_ICANON]: 1 },
    });
    expect(chan).toBe(session.chan);
    await ticks();
    const s = server.chan as SSHServerChannel;
    expect(s.getCommand()).toBe('ls -l');
    expect(s.getEnvironment()).toEqual({ LANG: 'C', FOO: 'bar' });
    expect(s.getTerminalType()).toBe('xterm');
    expect(s.getTerminalSize()).toEqual([100, 40, 0, 0]);
    expect(s.getTerminalMode(PTY_ECHO)).toBe(0);
    expect(s.getTerminalMode(PTY_ICANON)).toBe(1);
    expect(s.getSubsystem()).toBeUndefined();
    expect(server.events.slice(0, 4)).toEqual([
      'connectionMade',
      'pty:xterm:100x40x0x0:0',
      'exec:ls -l',
      'sessionStarted',
    ]);
    expect(session.events).toEqual(['connectionMade', 'sessionStarted']);

    chan.write('hello');
    chan.changeTerminalSize(120, 50, 800, 600);
    chan.sendSignal('SIGINT');
    expect(await chan.sendBreak(250)).toBe(true);
    expect(await chan.sendBreak(5000)).toBe(false);
    chan.writeEof();
    await ticks();
    expect(server.data).toBe('hello');
    expect(s.getTerminalSize()).toEqual([120, 50, 800, 600]);
    expect(server.events).toEqual(
      expect.arrayContaining([
        'data:',
        'size:120x50x800x600',
        'signal:INT',
        'break:250',
        'break:5000',
        'eof',
      ]),
    );

    s.setXonXoff(true);
    s.write('out');
    s.writeStderr('err');
    s.writelinesStderr(['1', '2']);
    s.exit(3);
    await chan.waitClosed();
    expect(session.out).toBe('out');
    expect(session.err).toBe('err12');
    expect(session.events).toEqual([
      'connectionMade',
      'sessionStarted',
      'xon:true',
      'exit:3',
      'connectionLost:',
    ]);
    expect(chan.getExitStatus()).toBe(3);
    expect(chan.getExitSignal()).toBeNull();
    expect(chan.getReturncode()).toBe(3);
    await s.waitClosed();
    expect(server.events.at(-1)).toBe('connectionLost:');
  });

  test('shell and subsystem requests', async () => {
    const servers: RecordingServer[] = [];
    const { client } = connectPair({
      sessionRequested: () => {
        const s = new RecordingServer();
        servers.push(s);
        return s;
      },
    });
    await client.createSession(() => new RecordingClient());
    await client.createSession(() => new RecordingClient(), undefined, { subsystem: 'sftp' });
    await ticks();
    expect(servers[0]?.events).toContain('shell');
    expect(servers[1]?.events).toContain('subsystem:sftp');
    expect(servers[1]?.chan?.getSubsystem()).toBe('sftp');
    expect(servers[0]?.chan?.getTerminalType()).toBeUndefined();
    expect(servers[0]?.chan?.getTerminalSize()).toEqual([0, 0, 0, 0]);
  });

  test('exit with a signal, kill and terminate', async () => {
    const server = new RecordingServer();
    const { client } = connectPair({ sessionRequested: () => server });
    const session = new RecordingClient();
    const [chan] = await client.createSession(() => session, 'sleep');
    chan.kill();
    chan.terminate();
    await ticks();
    expect(server.events).toEqual(expect.arrayContaining(['signal:KILL', 'signal:TERM']));
    server.chan?.exitWithSignal('SIGKILL', true, 'killed', 'en');
    await chan.waitClosed();
    expect(session.events).toContain('exitsig:KILL:true:killed:en');
    expect(chan.getExitSignal()).toEqual(['KILL', true, 'killed', 'en']);
    expect(chan.getExitStatus()).toBe(-1);
    expect(chan.getReturncode()).toBe(-9);
  });

  test('a refused exec rejects with OPEN_REQUEST_SESSION_FAILED; a refused pty with OPEN_REQUEST_PTY_FAILED', async () => {
    const { client } = connectPair({ sessionRequested: () => new RecordingServer() }, { allowPty: false });
    await expect(client.createSession(() => new RecordingClient(), 'refuse')).rejects.toMatchObject({
      name: 'ChannelOpenError',
      code: OPEN_REQUEST_SESSION_FAILED,
    });
    await expect(
      client.createSession(() => new RecordingClient(), 'ok', { termType: 'vt100' }),
    ).rejects.toMatchObject({
      name: 'ChannelOpenError',
      code: OPEN_REQUEST_PTY_FAILED,
    });
    const r = await client.createSession(() => new RecordingClient(), 'ok', {
      termType: 'vt100',
      requestPty: false,
    });
    expect(r[0].getCommand()).toBe('ok');
  });

  test('sessionRequested conventions: false, ChannelOpenError thrown or returned, async session', async () => {
    const answers: Array<() => unknown> = [
      () => false,
      () => {
        throw new ChannelOpenError(5, 'nope', 'en');
      },
      () => new ChannelOpenError(6, 'returned'),
      async () => new RecordingServer(),
    ];
    let i = 0;
    const { client } = connectPair({
      sessionRequested: () => (answers[i++] as () => never)(),
    });
    const e1 = await client.createSession(() => new RecordingClient()).catch((e: unknown) => e);
    expect(ChannelOpenError.isInstance(e1)).toBe(true);
    expect(e1).toMatchObject({ name: 'ChannelOpenError', code: OPEN_CONNECT_FAILED });
    await expect(client.createSession(() => new RecordingClient())).rejects.toMatchObject({
      code: 5,
      lang: 'en',
      reason: 'nope',
    });
    await expect(client.createSession(() => new RecordingClient())).rejects.toMatchObject({ code: 6 });
    const [chan] = await client.createSession(() => new RecordingClient(), 'x');
    expect(chan.channelType).toBe('session');
  });

  test('binary encoding with encoding: null', async () => {
    let got: Uint8Array | undefined;
    const { client } = connectPair(
      {
        sessionRequested: () =>
          new (class extends SSHServerSession<Uint8Array> {
            override execRequested(): boolean {
              return true;
            }
            override dataReceived(data: Uint8Array): void {
              got = data;
            }
          })(),
      },
      { channelOptions: { encoding: null } },
    );
    const [chan] = await client.createSession(() => new SSHClientSession<Uint8Array>(), 'bin', {
      encoding: null,
    });
    chan.write(Uint8Array.of(0, 255, 1));
    await ticks();
    expect(got).toEqual(Uint8Array.of(0, 255, 1));
  });
});
