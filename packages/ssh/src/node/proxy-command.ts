import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { type ByteDuplex, type ByteDuplexHandlers, ConnectionLost } from '@sshkit/ssh-transport';

/** What ssh's ProxyCommand tokens stand for. */
export interface ProxyTokens {
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

/** OpenSSH's ProxyCommand tokens: %h host, %p port, %r remote user, %% a percent sign. */
export function expandProxyTokens(text: string, tokens: ProxyTokens): string {
  return text.replace(/%([hpr%])/g, (_, t: string) =>
    t === 'h' ? tokens.host : t === 'p' ? String(tokens.port) : t === 'r' ? tokens.user : '%',
  );
}

type ProxyChild = ChildProcessByStdio<Writable, Readable, null>;

/** The child's stdin and stdout as the SSH byte stream; its stderr stays the application's, as with ssh. */
function childDuplex(child: ProxyChild, command: string): ByteDuplex {
  let handlers: ByteDuplexHandlers | undefined;
  // undefined: open; null: ended cleanly; an Error: failed.
  let outcome: Error | null | undefined;
  const close = (error?: Error) => {
    if (outcome !== undefined) return;
    outcome = error ?? null;
    handlers?.close(error);
  };
  // A failed spawn or a command that exits leaves nothing to read from.
  child.on('error', (e) => close(new ConnectionLost(`proxy command ${command}: ${e.message}`)));
  child.stdin.on('error', () => undefined); // EPIPE after the command exited: reported as the end of stdout
  return {
    info: { transport: 'proxy-command' },
    attach(h) {
      handlers = h;
      if (outcome !== undefined) return h.close(outcome ?? undefined);
      child.stdout.on('data', (chunk: Buffer) =>
        h.data(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)),
      );
      child.stdout.on('end', () => close());
      child.stdin.on('drain', () => h.drain());
      // A paused pipe still emits 'end' when its peer closes with nothing left to read.
      if (child.stdout.readableEnded) close();
    },
    write: (data) => outcome === undefined && child.stdin.write(data),
    pause: () => child.stdout.pause(),
    resume: () => child.stdout.resume(),
    end: () => child.stdin.end(),
    destroy: (error) => {
      child.kill();
      close(error);
    },
  };
}

/**
 * Runs `command` (ssh's ProxyCommand, AsyncSSH's `proxy_command`) and
 * returns its stdin/stdout as the connection's byte stream, and the means to
 * stop it. A string runs through `/bin/sh -c` as ssh runs it; an array runs
 * directly. Tokens %h, %p, %r and %% are expanded in either.
 */
export function spawnProxyCommand(
  command: string | readonly string[],
  tokens: ProxyTokens,
): { duplex: ByteDuplex; owned: { close(): void } } {
  const argv =
    typeof command === 'string'
      ? ['/bin/sh', '-c', expandProxyTokens(command, tokens)]
      : command.map((arg) => expandProxyTokens(arg, tokens));
  const [file, ...args] = argv;
  if (file === undefined || file === '') throw new TypeError('connect: proxyCommand is empty');
  const child: ProxyChild = spawn(file, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  return {
    duplex: childDuplex(child, argv.join(' ')),
    owned: { close: () => child.kill() },
  };
}
