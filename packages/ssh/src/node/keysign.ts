/**
 * Host-based signatures through OpenSSH's setuid `ssh-keysign` (what ssh does
 * with EnableSSHKeysign): only it can read the host's private keys. It is
 * handed the connection's socket, checks that the data is a hostbased request
 * for this host, this socket's local name and the calling user, and signs it
 * with the host key the request names.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { AuthSigningKey } from '@sshkit/ssh-auth';
import { SSHError, WireReader, WireWriter } from '@sshkit/ssh-wire';

/** Where OpenSSH packages install ssh-keysign: Debian, Fedora/RHEL, upstream's default prefixes. */
const KEYSIGN_PATHS = [
  '/usr/lib/openssh/ssh-keysign',
  '/usr/libexec/openssh/ssh-keysign',
  '/usr/libexec/ssh-keysign',
  '/usr/local/libexec/ssh-keysign',
];

/** The request format ssh-keysign speaks (ssh-keysign.c `version`). */
const KEYSIGN_VERSION = 2;
/** The descriptor the connection's socket gets in the child (stdin, stdout, stderr come first). */
const SOCKET_FD = 3;
/** ssh-keysign answers at once; a hung one must not hold the login. */
const KEYSIGN_TIMEOUT_MS = 30_000;

/** ssh-keysign is missing, refused the request, or answered something else than a signature. */
export class KeysignError extends SSHError {
  static override readonly errorName: string = 'KeysignError';
}

/**
 * The ssh-keysign to run: the path given, or the first of the usual places.
 * @throws KeysignError when `true` finds none
 */
export function keysignPath(option: true | string): string {
  if (typeof option === 'string') return option;
  const found = KEYSIGN_PATHS.find((p) => existsSync(p));
  if (!found) throw new KeysignError(`ssh-keysign not found in ${KEYSIGN_PATHS.join(', ')}`);
  return found;
}

/** ssh's msg.c framing: u32 length, then that many bytes, the first one the version. */
function frame(body: Uint8Array): Uint8Array {
  return new WireWriter(body.length + 5)
    .u32(body.length + 1)
    .u8(KEYSIGN_VERSION)
    .raw(body)
    .finish();
}

/** The signature in ssh-keysign's reply; KeysignError for anything else. */
function parseReply(reply: Uint8Array): Uint8Array {
  try {
    const r = new WireReader(reply);
    const length = r.u32();
    if (length !== reply.length - 4) throw new KeysignError(`reply of ${reply.length} bytes says ${length}`);
    const version = r.u8();
    if (version !== KEYSIGN_VERSION) throw new KeysignError(`reply version ${version}`);
    const signature = r.string().slice();
    r.expectEnd();
    return signature;
  } catch (e) {
    if (KeysignError.isInstance(e)) throw e;
    throw new KeysignError('malformed ssh-keysign reply', { cause: e });
  }
}

/** Runs ssh-keysign once over `socket` and returns its signature of `data`. */
function keysign(path: string, socket: Socket, data: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    // Node stops reading a socket it hands to a child (both would read it otherwise);
    // ssh-keysign only looks at its address, so our reading goes on as it was.
    const wasPaused = socket.isPaused();
    const child = spawn(path, [], { stdio: ['pipe', 'pipe', 'pipe', socket] });
    if (!wasPaused) socket.resume();
    const { stdin, stdout, stderr } = child;
    if (!stdin || !stdout || !stderr) throw new KeysignError('ssh-keysign started without its pipes');
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), KEYSIGN_TIMEOUT_MS);
    stdout.on('data', (d: Buffer) => out.push(d));
    stderr.on('data', (d: Buffer) => {
      err += d.toString('utf8');
    });
    stdin.on('error', () => undefined); // it may exit before reading: its status says why
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new KeysignError(`cannot run ${path}: ${e.message}`, { cause: e }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        const why = err.trim() || (signal ? `killed by ${signal}` : `exit status ${code}`);
        reject(new KeysignError(`ssh-keysign refused: ${why}`));
        return;
      }
      try {
        resolve(parseReply(new Uint8Array(Buffer.concat(out))));
      } catch (e) {
        reject(e);
      }
    });
    stdin.end(frame(new WireWriter().u32(SOCKET_FD).string(data).finish()));
  });
}

/**
 * A host key whose signatures come from ssh-keysign: `publicKey` is one of
 * the host's keys (ssh-keysign picks the private key by it). Without a
 * socket (a tunnel, a proxy command) every signature fails with
 * KeysignError, so the client moves on to its other methods, as ssh does.
 */
export function keysignKey(
  publicKey: { readonly algorithm: string; readonly publicBlob: Uint8Array },
  path: string,
  socket: Socket | undefined,
): AuthSigningKey {
  return {
    algorithm: publicKey.algorithm,
    publicBlob: publicKey.publicBlob,
    sign(data) {
      if (!socket) return Promise.reject(new KeysignError('ssh-keysign needs a direct TCP connection'));
      return keysign(path, socket, data);
    },
  };
}
