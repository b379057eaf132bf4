// sshkit in a browser, for real: headless Chromium runs the web entry bundled
// by esbuild (the portable crypto, no Node module). Through WebSocket relays
// it is a client of sshd (every algorithm of the sweep) and a server that
// OpenSSH's ssh and sftp log into.
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { requireTools } from '@sshkit/testkit';
import {
  type Browser,
  bundlePage,
  launchChromium,
  type PageServer,
  startPageServer,
} from './support/browser.js';
import { expectClientReport, expectServerAnswers } from './support/expectations.js';
import {
  combinations,
  makeServerSide,
  type ServerSide,
  type SshdSide,
  startSshdSide,
} from './support/openssh-side.js';
import { type ClientRelay, type ServeRelay, startClientRelay, startServeRelay } from './support/relays.js';
import { requireRuntime } from './support/runtimes.js';

const tools = requireTools('sshd', 'ssh', 'sftp', 'ssh-keygen', 'sftp-server');
const chromium = requireRuntime('chromium');
const suite = tools && chromium ? describe : describe.skip;

/** ssh runs of expectServerAnswers: whoami, a failing command, sha256, sftp, then the sweep. */
const SERVER_CONNECTIONS = 4 + combinations().length;

suite('Chromium', () => {
  let side: SshdSide;
  let relay: ClientRelay;
  let serveRelay: ServeRelay;
  let server: ServerSide;
  let page: PageServer;
  let browser: Browser;
  beforeAll(async () => {
    side = await startSshdSide();
    relay = await startClientRelay(side.sshd.port);
    serveRelay = await startServeRelay();
    server = makeServerSide();
    page = await startPageServer(await bundlePage(), {
      client: side.clientConfig,
      relayUrl: relay.url,
      server: { runtime: 'chromium', hostKeys: server.hostKeys, authorizedKeys: server.authorizedKeys },
      serveUrl: serveRelay.url,
      serverConnections: SERVER_CONNECTIONS,
    });
    browser = launchChromium(chromium as string, page.url);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await page?.close();
    await serveRelay?.close();
    await relay?.close();
    server?.close();
    await side?.stop();
  });

  const withLog = async (check: () => Promise<void>) => {
    try {
      await check();
    } catch (e) {
      throw new Error(`${(e as Error).message}\nchromium:\n${browser.output().slice(-4000)}`);
    }
  };

  it(
    'web client in a page: exec, SFTP, forwarding, every client key type and every algorithm with sshd',
    () => withLog(async () => expectClientReport(await page.posted('/result'), side)),
    240_000,
  );

  it(
    'web runServer in a page: OpenSSH ssh and sftp log in, every algorithm of the sweep',
    () =>
      withLog(async () => {
        await page.posted('/ready');
        await expectServerAnswers(server, serveRelay.port, 'chromium', '');
      }),
    240_000,
  );
});
