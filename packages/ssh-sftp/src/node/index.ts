/**
 * `@sshkit/ssh-sftp/node`: Node-only parts of the SFTP package: the local
 * file system backend (optionally chrooted) and adapters from Node streams
 * and child processes to the package's `ByteStream`.
 */
export { LocalFileSystem, type LocalFileSystemOptions, toSFTPError } from './local-fs.js';
export { fromNodeStreams, spawnStream } from './streams.js';
