// The Node entry (`@sshkit/ssh`: node:net sockets, key and known_hosts files,
// SFTP to local files) in a runtime that implements Node's modules.
import { connect } from '@sshkit/ssh';
import { config, reportResult } from './report.mjs';

const cfg = config();
await reportResult(async () => {
  const conn = await connect('127.0.0.1', {
    port: cfg.port,
    username: cfg.user,
    clientKeys: [cfg.keyPath],
    knownHosts: cfg.knownHostsPath,
    agentPath: null,
  });
  try {
    const run = await conn.run('echo node entry; exit 4');
    const sftp = await conn.startSftpClient();
    await sftp.put(cfg.localFile, `${cfg.dir}/put.bin`);
    await sftp.get(`${cfg.dir}/put.bin`, `${cfg.localFile}.back`);
    sftp.exit();
    return { stdout: run.stdout, exitStatus: run.exitStatus };
  } finally {
    conn.close();
    await conn.waitClosed();
  }
});
