/**
 * The public shapes of the scp engine (OpenSSH's legacy `scp -O` / rcp
 * protocol): the byte channel it runs over and the transfer options.
 */
import type { SFTPErrorHandler, SFTPProgressHandler } from '../client/transfer.js';

/** The byte channel scp runs over: an exec channel's stdout (read) and stdin (write). */
export interface SCPStream {
  /** Up to maxBytes bytes; an empty array means end of stream. */
  read(maxBytes: number): Promise<Uint8Array>;
  /**
   * Sends bytes in order; a returned Promise asks the caller to wait
   * (back-pressure). The stream copies or takes `data`; the caller may not reuse it.
   */
  write(data: Uint8Array): void | Promise<void>;
}

/** Options of {@link scpSend} and {@link scpReceive}. */
export interface SCPTransferOptions {
  /** Send/apply times (`T` records) and the permission bits. @default false */
  preserve?: boolean;
  /** Copy directories (`D` ... `E`). @default false */
  recurse?: boolean;
  /** Bytes per read/write of file data. @default {@link DEFAULT_SCP_BLOCK_SIZE} */
  blockSize?: number;
  /** `(srcPath, dstPath, bytesDone, total)` after each block, and once `(0, 0)` for an empty file. */
  progressHandler?: SFTPProgressHandler;
  /**
   * Called for each failed entry and the transfer goes on; if it throws, the
   * transfer rejects with what it threw. Without it the first failure rejects.
   */
  errorHandler?: SFTPErrorHandler;
}

/** Options of {@link scpSend}. */
export interface SCPSendOptions extends SCPTransferOptions {
  /**
   * The sink's target as the peer knows it, for the handlers: an entry's
   * destination path is this path joined with the entry's relative path
   * (`name`, `dir/name`). @default the relative path alone
   */
  dstPath?: string;
}

/** Options of {@link scpReceive}. */
export interface SCPReceiveOptions extends SCPTransferOptions {
  /** The target must be an existing directory (OpenSSH's `-d`). @default false */
  targetIsDirectory?: boolean;
  /**
   * Base names (glob patterns in {@link SCPCommand} source syntax) of what
   * was asked for: a top-level entry matching none of them is a protocol
   * error (CVE-2019-6111). A name that cannot be checked (`.`, `..`, empty,
   * starting with `~`) turns the check off. @default no check
   */
  expectedNames?: readonly string[];
  /**
   * The source path (or pattern) as the peer knows it, for the handlers: an
   * entry's source path is its directory joined with the entry's relative
   * path. @default the relative path alone
   */
  srcPath?: string;
}

/** Default {@link SCPTransferOptions.blockSize}: 64 KiB. */
export const DEFAULT_SCP_BLOCK_SIZE = 64 * 1024;

/** Largest {@link SCPTransferOptions.blockSize} accepted. */
export const MAX_SCP_BLOCK_SIZE = 16 * 1024 * 1024;

/**
 * Deepest directory nesting sent or received: a source following a symbolic
 * link loop, or a hostile source, stops there (the entry fails).
 */
export const SCP_MAX_DEPTH = 100;

/** Longest control or message line accepted from a peer, newline included (a path and a message fit). */
export const SCP_MAX_LINE_LENGTH = 8192;

/** The block size of a transfer, checked. */
export function blockSizeOf(options: SCPTransferOptions): number {
  const size = options.blockSize ?? DEFAULT_SCP_BLOCK_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_SCP_BLOCK_SIZE) {
    throw new RangeError(`scp: blockSize must be an integer from 1 to ${MAX_SCP_BLOCK_SIZE}`);
  }
  return size;
}
