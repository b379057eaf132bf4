// The browser run, the same for every browser: the web entry bundled for the
// browser, a client of sshd through a WebSocket relay (every algorithm of the
// sweep) and a server that OpenSSH's ssh and sftp log into through a relay
// that pairs their TCP connections with WebSockets the page opened.
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { requireTools } from '@sshkit/testkit';
import { type Browser, bundlePage, type PageServer, startPageServer } from './browser.js';
import { expectClientReport, expectServerAnswers } from './expectations.js';
import {
  combinations,
  makeServerSide,
  type ServerSide,
  type SshdSide,
  startSshdSide,
} from './openssh-side.js';
import { type ClientRelay, type ServeRelay, startClientRelay, startServeRelay } from './relays.js';

/** ssh runs of expectServerAnswers: whoami, a failing command, sha256, sftp, then the sweep. */
const SERVER_CONNECTIONS = 4 + combinations().length;

/**
 * Declares the browser suite. `binary` is the browser's path (undefined skips
 * the suite); `launch` opens it on a URL.
 */
export function describeBrowser(
  name: string,
  binary: string | undefined,
  launch: (binary: string, url: string) => Browser,
): void {
  const tools = requireTools('sshd', 'ssh', 'sftp', 'ssh-keygen', 'sftp-server');
  const suite = tools && binary ? describe : describe.skip;
  suite(name, () => {
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
        server: { runtime: name, hostKeys: server.hostKeys, authorizedKeys: server.authorizedKeys },
        serveUrl: serveRelay.url,
        serverConnections: SERVER_CONNECTIONS,
      });
      browser = launch(binary as string, page.url);
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
        throw new Error(`${(e as Error).message}\n${name}:\n${browser.output().slice(-4000)}`);
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
          await expectServerAnswers(server, serveRelay.port, name, '');
        }),
      240_000,
    );
  });
}
