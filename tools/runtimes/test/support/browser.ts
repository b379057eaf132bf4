// The browsers' side of the browser run: the page script bundled by esbuild
// as a browser bundler does it, a local HTTP server that hands the page its
// configuration and takes its reports, and Debian's Chromium or Firefox
// started headless on it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { scriptsDir } from './runtimes.js';

/** scripts/browser-page.mjs and everything it imports, for the browser (no "node" condition). */
export async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [join(scriptsDir, 'browser-page.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** What the page posted, by path (`/result`, `/ready`, `/error`). */
export interface PageServer {
  readonly url: string;
  /** Resolves with the JSON the page posts to `path`; rejects when it posts to `/error` first. */
  posted(path: string): Promise<unknown>;
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8').on('data', (d: string) => {
      text += d;
    });
    req.on('end', () => resolve(text));
  });
}

export async function startPageServer(bundle: string, config: unknown): Promise<PageServer> {
  const posts = new Map<string, unknown>();
  const waiters = new Set<() => void>();
  const server: Server = createServer(async (req, res) => {
    if (req.method === 'POST') {
      posts.set(req.url ?? '', JSON.parse(await body(req)));
      for (const wake of waiters) wake();
      res.end();
    } else if (req.url === '/bundle.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(bundle);
    } else if (req.url === '/config') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(config));
    } else if (req.url === '/') {
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><title>sshkit</title><script type="module" src="/bundle.js"></script>');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    posted: (path) =>
      new Promise((resolve, reject) => {
        const look = () => {
          if (posts.has('/error')) reject(new Error(`the page failed: ${String(posts.get('/error'))}`));
          else if (posts.has(path)) resolve(posts.get(path));
          else return;
          waiters.delete(look);
        };
        waiters.add(look);
        look();
      }),
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

export interface Browser {
  readonly output: () => string;
  close(): Promise<void>;
}

/** Runs a browser in its own process group with a throwaway profile, removed on close. */
function launchBrowser(
  path: string,
  args: (profile: string) => string[],
  prepare?: (profile: string) => void,
): Browser {
  const profile = mkdtempSync(join(tmpdir(), 'sshkit-browser-'));
  prepare?.(profile);
  const child: ChildProcess = spawn(path, args(profile), {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  const keep = (d: string) => {
    log += d;
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    output: () => log,
    close: async () => {
      // The helper processes share the browser's process group.
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      await exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium on `url`, with no network but 127.0.0.1 (these flags stop its background fetches). */
export function launchChromium(path: string, url: string): Browser {
  return launchBrowser(path, (profile) => [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--enable-logging=stderr',
    `--user-data-dir=${profile}`,
    url,
  ]);
}

/** Headless Firefox on `url`, its updates, telemetry and background fetches off in the profile. */
export function launchFirefox(path: string, url: string): Browser {
  const prefs = {
    'app.update.enabled': false,
    'app.update.auto': false,
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'browser.safebrowsing.update.enabled': false,
    'extensions.update.enabled': false,
    'devtools.console.stdout.content': true,
  };
  return launchBrowser(
    path,
    (profile) => ['--headless', '--no-remote', '--profile', profile, url],
    (profile) =>
      writeFileSync(
        join(profile, 'user.js'),
        Object.entries(prefs)
          .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
          .join(''),
      ),
  );
}
