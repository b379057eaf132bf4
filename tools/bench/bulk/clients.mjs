// One runner per client. Each returns the wall time in ms of one command on
// an already prepared target, with `input` bytes written to its stdin (upload)
// or its stdout drained (download). OpenSSH's ssh is a fresh process per run,
// so its times include connecting: the bench subtracts each client's `true`
// baseline (same target, same cipher) from every measurement.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect } from '@sshkit/ssh';
import ssh2 from 'ssh2';

const CHUNK = 256 * 1024;

/** Our client connected to `target` with `cipher`. */
export function connectSshkit(target, cipher) {
  return connect('127.0.0.1', {
    port: target.port,
    username: target.user,
    clientKeys: [target.clientKeyPath],
    knownHosts: target.knownHostsPath,
    encryptionAlgs: cipher.enc,
    ...(cipher.mac && { macAlgs: cipher.mac }),
  });
}

/** Our client: one connection per target and cipher; each command is a session on it. */
export async function sshkitClient(target, cipher) {
  const conn = await connectSshkit(target, cipher);
  return {
    async run(command, uploadBytes = 0) {
      const t0 = performance.now();
      const [stdin, stdout] = await conn.openSession(command, { encoding: null });
      if (uploadBytes > 0) {
        const chunk = new Uint8Array(CHUNK);
        for (let left = uploadBytes; left > 0; left -= CHUNK) {
          stdin.write(left >= CHUNK ? chunk : chunk.subarray(0, left));
          await stdin.drain();
        }
      }
      stdin.writeEof();
      let received = 0;
      for (;;) {
        const data = await stdout.read(1 << 20);
        if (data.length === 0) break;
        received += data.length;
      }
      return { ms: performance.now() - t0, received };
    },
    async close() {
      conn.close();
      await conn.waitClosed();
    },
  };
}

/** An ssh2 client connected to `target` with `cipher`. */
export async function connectSsh2(target, cipher) {
  const client = new ssh2.Client();
  await new Promise((resolve, reject) => {
    client.once('ready', resolve);
    client.once('error', reject);
    client.connect({
      host: '127.0.0.1',
      port: target.port,
      username: target.user,
      privateKey: readFileSync(target.clientKeyPath),
      algorithms: { cipher: [cipher.enc], ...(cipher.mac && { hmac: [cipher.mac] }) },
    });
  });
  return client;
}

/** The ssh2 npm package: one connection, exec per command. */
export async function ssh2Client(target, cipher) {
  const client = await connectSsh2(target, cipher);
  return {
    run(command, uploadBytes = 0) {
      const t0 = performance.now();
      return new Promise((resolve, reject) => {
        client.exec(command, (err, stream) => {
          if (err) return reject(err);
          let received = 0;
          stream.on('data', (d) => {
            received += d.length;
          });
          stream.stderr.resume();
          stream.on('close', () => resolve({ ms: performance.now() - t0, received }));
          const chunk = Buffer.alloc(CHUNK);
          let left = uploadBytes;
          const pump = () => {
            while (left > 0) {
              const n = Math.min(left, CHUNK);
              left -= n;
              if (!stream.write(n === CHUNK ? chunk : chunk.subarray(0, n)))
                return stream.once('drain', pump);
            }
            stream.end();
          };
          pump();
        });
      });
    },
    async close() {
      client.end();
    },
  };
}

/**
 * ssh's arguments for `target` with `cipher`, no config file, `options`
 * before the destination (a command may follow).
 */
export function opensshArgs(target, cipher, options = []) {
  return [
    '-F',
    '/dev/null',
    '-q',
    '-p',
    String(target.port),
    '-i',
    target.clientKeyPath,
    '-o',
    'BatchMode=yes',
    '-o',
    `UserKnownHostsFile=${target.knownHostsPath}`,
    '-c',
    cipher.enc,
    ...(cipher.mac ? ['-m', cipher.mac] : []),
    ...options,
    `${target.user}@127.0.0.1`,
  ];
}

/**
 * OpenSSH's ssh: a process per command (connect + auth + exec + transfer),
 * with its stdin and stdout on files as a shell would set them up, so Node
 * does not sit in its data path. Uploads read `uploadFile`.
 */
export async function opensshClient(target, cipher, sshPath, uploadFile) {
  const args = opensshArgs(target, cipher);
  return {
    run(command, uploadBytes = 0) {
      const stdin = openSync(uploadBytes > 0 ? uploadFile : '/dev/null', 'r');
      const stdout = openSync('/dev/null', 'w');
      const t0 = performance.now();
      return new Promise((resolve, reject) => {
        const child = spawn(sshPath, [...args, command], { stdio: [stdin, stdout, 'inherit'] });
        child.on('error', reject);
        child.on('close', (code) => {
          closeSync(stdin);
          closeSync(stdout);
          if (code === 0) resolve({ ms: performance.now() - t0, received: undefined });
          else reject(new Error(`ssh exited with ${code}`));
        });
      });
    },
    async close() {},
  };
}
