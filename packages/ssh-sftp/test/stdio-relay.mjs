// Relays this process's stdin/stdout to a Unix socket. OpenSSH's `sftp -D`
// runs it as its "sftp-server", so the test process (listening on the socket)
// serves SFTP with sshkit's SFTPServer straight from the TypeScript sources.
import { connect } from 'node:net';

const socket = connect(process.argv[2]);
process.stdin.pipe(socket);
socket.pipe(process.stdout);
socket.on('close', () => process.exit(0));
socket.on('error', () => process.exit(1));
