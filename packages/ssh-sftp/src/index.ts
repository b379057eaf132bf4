/**
 * @packageDocumentation
 * `@sshkit/ssh-sftp`: SFTP v3 (draft-ietf-secsh-filexfer-02) with the OpenSSH
 * extensions, client and server, over any byte stream. Runtime-agnostic: no
 * Node built-ins, no `Buffer`. The local file system backend and child-process
 * helpers live in `@sshkit/ssh-sftp/node`.
 */
export {
  attrsFlags,
  decodeAttrs,
  decodeVFSAttrs,
  encodeAttrs,
  encodeVFSAttrs,
  fileType,
  isDirectoryAttrs,
  isRegularFileAttrs,
  isSymlinkAttrs,
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
  type SFTPAttrs,
  type SFTPExtendedAttr,
  type SFTPName,
  type SFTPVFSAttrs,
} from './attrs.js';
export { glob, hasMagic } from './client/glob.js';
export {
  DEFAULT_BLOCK_SIZE,
  DEFAULT_MAX_REQUESTS,
  type ParallelReadOptions,
  type ParallelWriteOptions,
  parallelRead,
  parallelWrite,
} from './client/pipeline.js';
export {
  DEFAULT_MAX_PARALLEL,
  modeToPflags,
  SFTPClient,
  type SFTPClientOptions,
  type SFTPOpenMode,
} from './client/sftp-client.js';
export { SEEK_CUR, SEEK_END, SEEK_SET, SFTPFile } from './client/sftp-file.js';
export type {
  SFTPCopyOptions,
  SFTPErrorHandler,
  SFTPProgressHandler,
  SFTPTransferOptions,
} from './client/transfer.js';
export { SFTPError } from './errors.js';
export {
  decodeCopyData,
  decodeIdNames,
  decodeIdsRequest,
  encodeCopyData,
  encodeIdNames,
  encodeIdsRequest,
  type SFTPCopyDataRequest,
  type SFTPIdNames,
  type SFTPIdsRequest,
} from './extensions.js';
export { type ComponentMatchOptions, componentMatcher } from './fnmatch.js';
export { MAX_PACKET_LENGTH, PacketDecoder } from './framing.js';
export {
  decodeLimits,
  decodePacket,
  encodeExtensionStrings,
  encodeLimits,
  encodePacket,
  packetTypeNumber,
  peekRequestId,
  type SFTPExtensionPair,
  type SFTPHandleRequestType,
  type SFTPLimits,
  type SFTPPacket,
  type SFTPPacketType,
  type SFTPPathRequestType,
  type SFTPRequest,
  type SFTPResponse,
} from './packets.js';
export { decodePath, encodePath, type SFTPPath } from './path-bytes.js';
export { SFTP_VERSION } from './protocol-numbers.js';
export { formatSCPCommand, parseSCPCommand, type SCPCommand } from './scp/command.js';
export { runSCPServer, type SCPServerOptions } from './scp/server.js';
export { scpReceive } from './scp/sink.js';
export { scpSend } from './scp/source.js';
export {
  DEFAULT_SCP_BLOCK_SIZE,
  MAX_SCP_BLOCK_SIZE,
  SCP_MAX_DEPTH,
  SCP_MAX_LINE_LENGTH,
  type SCPReceiveOptions,
  type SCPSendOptions,
  type SCPStream,
  type SCPTransferOptions,
} from './scp/types.js';
export type { SFTPDirEntry, SFTPFileHandle, SFTPFileSystem } from './server/filesystem.js';
export { formatLongname, modeString } from './server/longname.js';
export {
  MEMORY_FS_MAX_FILE_SIZE,
  MemoryFileSystem,
  type MemoryFileSystemOptions,
} from './server/memory-fs.js';
export {
  basename,
  dirname,
  type EntryKind,
  type LinkOps,
  MAX_SYMLINK_HOPS,
  normalizePath,
  resolvePath,
} from './server/path-map.js';
export { serverFileSystem } from './server/server-file-system.js';
export {
  COPY_DATA_CHUNK,
  MAX_CONCURRENT_REQUESTS,
  MAX_OPEN_HANDLES,
  READDIR_BATCH,
  SERVER_EXTENSIONS,
  SFTPServer,
  type SFTPServerOptions,
  SFTPServerSession,
} from './server/sftp-server.js';
export { type ByteStream, memoryStreamPair } from './stream.js';
