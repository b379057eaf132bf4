// The Node entry's listen() in a runtime that implements Node's modules: host
// key and authorized_keys files, SFTP on the real file system.
import { listen } from '@sshkit/ssh';
import { SERVER_ALGORITHMS } from './algorithm-sweep.mjs';
import { config, report } from './report.mjs';
import { answerCommand } from './server-checks.mjs';

const cfg = config();
const acceptor = await listen({
  host: '127.0.0.1',
  port: 0,
  ...SERVER_ALGORITHMS,
  serverHostKeys: cfg.hostKeyPaths,
  authorizedClientKeys: cfg.authorizedKeysPath,
  encoding: null,
  processFactory: answerCommand(cfg),
  sftpFactory: true,
});
report('SSHKIT_LISTENING', { port: acceptor.getPort() });
