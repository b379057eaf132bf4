// What a client in each runtime does against OpenSSH's sshd, through the web
// entry and a byte stream the runtime opens (`openSock`). Returns plain
// observations; the Node test harness holds the expected values.
import { connect, importKnownHosts, importPrivateKey } from '@sshkit/ssh/web';
import { combinations } from './algorithm-sweep.mjs';

/**
 * @typedef {object} ClientConfig
 * @property {number} port sshd's port (for host key lookup)
 * @property {string} user
 * @property {Record<string, string>} keys private key texts by name (`ed25519`, `ecdsa`, `rsa`)
 * @property {string} keyPassphrase the passphrase of `keys.rsa`
 * @property {string} knownHosts known_hosts text for sshd
 * @property {string} dir a directory sshd's user can write
 * @property {number} echoPort a TCP echo server on 127.0.0.1
 */

export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Deterministic bytes the harness can recompute. */
export function pattern(length) {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + (i >>> 8)) & 0xff;
  return out;
}

function connectWith(cfg, openSock, options = {}) {
  return openSock().then((sock) =>
    connect({
      sock,
      host: '127.0.0.1',
      port: cfg.port,
      username: cfg.user,
      clientKeys: [importPrivateKey(cfg.keys.ed25519)],
      knownHosts: importKnownHosts(cfg.knownHosts),
      ...options,
    }),
  );
}

/** Exec, stderr and exit status, UTF-8 stdin, SFTP both ways, and a direct-tcpip channel. */
async function basics(cfg, openSock) {
  const conn = await connectWith(cfg, openSock);
  try {
    const run = await conn.run('echo out; echo err >&2; exit 3');
    const utf8 = await conn.run('cat', { input: 'grüße, 世界 🙂\n' });
    const sftp = await conn.startSftpClient();
    const upload = await sftp.open(`${cfg.dir}/upload.bin`, 'wb');
    await upload.write(pattern(1 << 20));
    await upload.close();
    const download = await sftp.open(`${cfg.dir}/download.bin`, 'rb');
    const downloaded = await download.read();
    await download.close();
    const names = (await sftp.listdir(cfg.dir)).filter((n) => n.endsWith('.bin')).sort();
    sftp.exit();
    const echoed = new TextDecoder().decode(
      await echoThrough(conn, cfg, new TextEncoder().encode('through sshd')),
    );
    return {
      run: { stdout: run.stdout, stderr: run.stderr, exitStatus: run.exitStatus },
      utf8: utf8.stdout,
      sftp: { downloadedSha256: await sha256Hex(downloaded), names },
      echoed,
    };
  } finally {
    conn.close();
    await conn.waitClosed();
  }
}

/** Each client key type, the RSA one encrypted (bcrypt-pbkdf in the runtime). */
async function clientKeys(cfg, openSock) {
  const results = {};
  for (const [name, text] of Object.entries(cfg.keys)) {
    const key = name === 'rsa' ? importPrivateKey(text, cfg.keyPassphrase) : importPrivateKey(text);
    try {
      const conn = await connectWith(cfg, openSock, { clientKeys: [key] });
      results[name] = (await conn.run(`echo ${name}`)).stdout;
      conn.close();
      await conn.waitClosed();
    } catch (e) {
      results[name] = `failed: ${e}`;
    }
  }
  return results;
}

/** Writes `data` into a direct-tcpip channel to the echo service and reads all of it back. */
async function echoThrough(conn, cfg, data) {
  const [reader, writer] = await conn.openConnection('127.0.0.1', cfg.echoPort);
  writer.write(data);
  writer.writeEof();
  // read() with no size reads to EOF.
  return reader.read();
}

/**
 * One connection per combination: it must negotiate exactly that and carry
 * 256 KiB both ways (through sshd's forwarding to the echo service: a shell
 * session costs sshd far more than the connection itself). Two at a time.
 */
async function sweep(cfg, openSock) {
  const input = pattern(256 << 10);
  const todo = combinations();
  const results = new Array(todo.length);
  const tryOne = async (c) => {
    const started = Date.now();
    try {
      const conn = await connectWith(cfg, openSock, {
        kexAlgs: [c.kex],
        encryptionAlgs: [c.cipher],
        macAlgs: [c.mac],
        serverHostKeyAlgs: [c.hostKey],
        compressionAlgs: [c.compression],
      });
      const echoed = await echoThrough(conn, cfg, input);
      const negotiated = Object.fromEntries(
        ['kexAlg', 'hostKeyAlg', 'cipherC2S', 'macC2S', 'compressionC2S'].map((k) => [
          k,
          conn.getExtraInfo(k),
        ]),
      );
      conn.close();
      await conn.waitClosed();
      const same = echoed.length === input.length && echoed.every((b, i) => b === input[i]);
      return { name: c.name, ok: same, negotiated, ms: Date.now() - started };
    } catch (e) {
      return { name: c.name, ok: false, error: String(e) };
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const i = next++;
      results[i] = await tryOne(todo[i]);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/**
 * Runs every client check.
 * @param {ClientConfig} cfg
 * @param {() => Promise<import('@sshkit/ssh/web').ByteDuplex>} openSock
 */
export async function clientChecks(cfg, openSock) {
  return {
    basics: await basics(cfg, openSock),
    clientKeys: await clientKeys(cfg, openSock),
    sweep: await sweep(cfg, openSock),
  };
}
