// `@sshkit/ssh/web`: its module graph (as a browser resolves it: no "node"
// export condition), client and server, never reaches a `node:` module, and its connect() works
// against a real sshd over a WebSocket relay with keys and known_hosts given
// as text, as a browser page would have them.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { requireTools } from '@sshkit/testkit';
import { WebSocket } from 'ws';
import {
  connect,
  HostKeyNotVerifiable,
  importKnownHosts,
  importPrivateKey,
  MemoryFileSystem,
  webSocketDuplex,
} from '../src/web.js';
import { sshdBehindRelay } from './support/ws-relay.js';

const here = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);
const packagesDir = resolve(here, '../..');

/** The file a bare `@sshkit/<name>[/sub]` specifier resolves to without the "node" condition. */
function resolvePackage(specifier: string): string | undefined {
  const m = /^@sshkit\/([^/]+)(\/.*)?$/.exec(specifier);
  if (!m) return undefined;
  const dir = join(packagesDir, m[1] as string);
  const exportsMap = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).exports as Record<
    string,
    Record<string, string>
  >;
  const entry = exportsMap[`.${m[2] ?? ''}`];
  if (!entry?.default) throw new Error(`${specifier}: no default export condition`);
  return join(dir, entry.default);
}

/** Static `import`/`export ... from` statements (tsc puts them at line starts) and dynamic `import()`. */
const IMPORTS = [
  /^(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"];?$/gm,
  /^import\s*['"]([^'"]+)['"];?$/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Every module the file's static and dynamic imports reach, and the bare specifiers outside sshkit. */
function moduleGraph(entry: string): { files: Set<string>; external: Set<string> } {
  const files = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of IMPORTS.flatMap((re) => [...code.matchAll(re)])) {
      const spec = m[1] as string;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else {
        const target = resolvePackage(spec);
        if (target) visit(target);
        else external.add(spec);
      }
    }
  };
  visit(entry);
  return { files, external };
}

describe('the @sshkit/ssh/web module graph', () => {
  const graph = moduleGraph(resolvePackage('@sshkit/ssh/web') as string);

  it('reaches every protocol package and no node: module or Node built-in', () => {
    for (const pkg of ['ssh-auth', 'ssh-connection', 'ssh-crypto', 'ssh-keys', 'ssh-sftp', 'ssh-transport']) {
      expect([...graph.files].some((f) => f.includes(`/packages/${pkg}/dist/`))).toBe(true);
    }
    expect([...graph.files].filter((f) => f.includes('/node/') || f.endsWith('.node.js'))).toEqual([]);
    const allowed = /^(@noble\/(curves|hashes|ciphers|post-quantum)(\/.*)?|fflate)$/;
    expect([...graph.external].filter((s) => !allowed.test(s))).toEqual([]);
  });

  it('reaches the server through its runtime-agnostic core, not the Node one', () => {
    const sshFiles = [...graph.files]
      .filter((f) => f.includes('/packages/ssh/dist/'))
      .map((f) => basename(f));
    expect(sshFiles).toEqual(
      expect.arrayContaining([
        'web-server.js',
        'serve-core.js',
        'server-connection-base.js',
        'sftp-server.js',
      ]),
    );
    for (const nodeOnly of ['serve.js', 'server-connection.js', 'listen.js', 'index.js']) {
      expect(sshFiles).not.toContain(nodeOnly);
    }
    expect([...graph.files].some((f) => f.includes('/packages/ssh-sftp/dist/node/'))).toBe(false);
  });

  it('uses neither Buffer nor process outside comments', () => {
    const offenders = [...graph.files].filter((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
        .some((line) => /\bBuffer\.[a-z]|(?<![./\w])process\.[a-z]/.test(line)),
    );
    expect(offenders).toEqual([]);
  });
});

const tools = requireTools('sshd', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

describeInterop('@sshkit/ssh/web connect() through a WebSocket relay to sshd', () => {
  const env = sshdBehindRelay();

  const options = async () => ({
    sock: await webSocketDuplex(new WebSocket(env.relay.url)),
    host: '127.0.0.1',
    port: env.sshd.port,
    username: env.sshd.user,
    clientKeys: [importPrivateKey(readFileSync(env.sshd.clientKeyPath, 'utf8'))],
    knownHosts: importKnownHosts(readFileSync(env.sshd.knownHostsPath, 'utf8')),
  });

  it('authenticates with a key given as text, runs a command and uses SFTP', async () => {
    const conn = await connect(await options());
    try {
      expect((await conn.run('echo from the web entry')).stdout).toBe('from the web entry\n');
      const sftp = await conn.startSftpClient({ localFs: new MemoryFileSystem() });
      expect(await sftp.isdir('/')).toBe(true);
      expect(await sftp.exists('/no/such/sshkit/path')).toBe(false);
      await sftp.exit();
    } finally {
      conn.close();
      await conn.waitClosed();
    }
  });

  it('runs browser-like: no node condition, no Node built-in, Buffer or process, the standard WebSocket', async () => {
    const browserLike = join(here, 'support', 'browser-like');
    // Node 20 has the standard WebSocket behind a flag; 22 and later have it on.
    const flags = Number(process.versions.node.split('.')[0]) < 22 ? ['--experimental-websocket'] : [];
    const { stdout } = await run(
      process.execPath,
      [...flags, '--import', join(browserLike, 'register.mjs'), join(browserLike, 'client.mjs')],
      {
        env: {
          ...process.env,
          SSHKIT_WEB_ENTRY: pathToFileURL(resolvePackage('@sshkit/ssh/web') as string).href,
          SSHKIT_RELAY_URL: env.relay.url,
          SSHKIT_PORT: String(env.sshd.port),
          SSHKIT_USER: env.sshd.user,
          SSHKIT_KEY: readFileSync(env.sshd.clientKeyPath, 'utf8'),
          SSHKIT_KNOWN_HOSTS: readFileSync(env.sshd.knownHostsPath, 'utf8'),
        },
      },
    );
    expect(JSON.parse(stdout)).toEqual({
      echoed: 'browser-like\n',
      cipher: expect.any(String),
      crypto: 'noble',
    });
  });

  it('refuses a host key the given known_hosts does not vouch for', async () => {
    await expect(connect({ ...(await options()), knownHosts: [[], [], []] })).rejects.toBeInstanceOf(
      HostKeyNotVerifiable,
    );
  });
});
