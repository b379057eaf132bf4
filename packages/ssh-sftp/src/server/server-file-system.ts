import type { SFTPDirEntry, SFTPFileHandle, SFTPFileSystem } from './filesystem.js';
import type { SFTPServer } from './sftp-server.js';

/**
 * The file system an {@link SFTPServer} presents to its clients: every
 * operation goes through the server's own (overridable) method on the path
 * its `mapPath` gives, as a request of an SFTP session would. What serves
 * other protocols from the same tree (scp with `runSCPServer`) so that a
 * subclass's restrictions (read-only, per-user roots...) hold there too.
 */
export function serverFileSystem(server: SFTPServer): SFTPFileSystem {
  const map = (path: string): string => server.mapPath(path);
  const handle = (file: SFTPFileHandle): SFTPFileHandle => ({
    read: (offset, length) => server.read(file, offset, length),
    write: (offset, data) => server.write(file, offset, data),
    stat: () => server.fstat(file),
    setstat: (attrs) => server.fsetstat(file, attrs),
    fsync: () => server.fsync(file),
    close: () => server.close(file),
  });
  return {
    stat: (path) => server.stat(map(path)),
    lstat: (path) => server.lstat(map(path)),
    setstat: (path, attrs) => server.setstat(map(path), attrs),
    lsetstat: (path, attrs) => server.lsetstat(map(path), attrs),
    open: async (path, pflags, attrs) => handle(await server.open(map(path), pflags, attrs)),
    readdir: (path): Promise<SFTPDirEntry[]> => server.listdir(map(path)),
    realpath: async (path) => server.reverseMapPath(await server.realpath(map(path))),
    readlink: (path) => server.readlink(map(path)),
    // A link's target is stored as given, as SSH_FXP_SYMLINK's is.
    symlink: (targetPath, linkPath) => server.symlink(targetPath, map(linkPath)),
    link: (oldPath, newPath) => server.link(map(oldPath), map(newPath)),
    remove: (path) => server.remove(map(path)),
    mkdir: (path, attrs) => server.mkdir(map(path), attrs),
    rmdir: (path) => server.rmdir(map(path)),
    rename: (oldPath, newPath, overwrite) =>
      overwrite ? server.posixRename(map(oldPath), map(newPath)) : server.rename(map(oldPath), map(newPath)),
    statvfs: (path) => server.statvfs(map(path)),
  };
}
