// Serves SFTP with sshkit's SFTPServer on stdin/stdout, chrooted to argv[2]:
// the "sftp-server" that `sftp -D` runs in sftp-throughput.mjs. Uses the build (dist/).
import { SFTPServer } from '../dist/index.js';
import { fromNodeStreams, LocalFileSystem } from '../dist/node/index.js';

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: serve-stdio.mjs ROOT\n');
  process.exit(2);
}
await new SFTPServer(new LocalFileSystem({ root })).serve(fromNodeStreams(process.stdin, process.stdout));
process.exit(0);
