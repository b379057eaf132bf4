/**
 * Bodies of the newer OpenSSH extension requests (OpenSSH `PROTOCOL` §4.10-§4.12):
 * `copy-data`, `home-directory` (a single string, see `encodeExtensionStrings`)
 * and `users-groups-by-id@openssh.com`.
 */
import { WireReader, WireWriter } from '@sshkit/ssh-wire';

/**
 * A `copy-data` request (PROTOCOL §4.10): copy `readLength` bytes (0: up to
 * end of file) from `readHandle` at `readOffset` to `writeHandle` at
 * `writeOffset`, on the server, without the data crossing the wire.
 */
export interface SFTPCopyDataRequest {
  readHandle: Uint8Array;
  readOffset: number;
  /** Bytes to copy; 0 copies until end of file. */
  readLength: number;
  writeHandle: Uint8Array;
  writeOffset: number;
}

function checkU64(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${value}`);
  }
}

/**
 * Encodes a `copy-data` body: `string read-from-handle, uint64 read-from-offset,
 * uint64 read-data-length, string write-to-handle, uint64 write-to-offset`.
 * @throws RangeError for offsets or lengths that are not non-negative safe integers
 */
export function encodeCopyData(req: SFTPCopyDataRequest): Uint8Array {
  checkU64(req.readOffset, 'readOffset');
  checkU64(req.readLength, 'readLength');
  checkU64(req.writeOffset, 'writeOffset');
  return new WireWriter()
    .string(req.readHandle)
    .u64(req.readOffset)
    .u64(req.readLength)
    .string(req.writeHandle)
    .u64(req.writeOffset)
    .finish();
}

/** Decodes a `copy-data` body. @throws WireError for truncated or trailing bytes */
export function decodeCopyData(body: Uint8Array): SFTPCopyDataRequest {
  const r = new WireReader(body);
  const readHandle = r.string();
  const readOffset = r.u64();
  const readLength = r.u64();
  const writeHandle = r.string();
  const writeOffset = r.u64();
  r.expectEnd();
  // Offsets above 2^53 cannot name a byte of a real file; clamp rather than lose precision silently.
  const n = (v: bigint): number =>
    v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  return {
    readHandle,
    readOffset: n(readOffset),
    readLength: n(readLength),
    writeHandle,
    writeOffset: n(writeOffset),
  };
}

/** A `users-groups-by-id@openssh.com` request: the ids to name. */
export interface SFTPIdsRequest {
  uids: number[];
  gids: number[];
}

/** The `users-groups-by-id@openssh.com` reply: one name per id, `''` when unknown. */
export interface SFTPIdNames {
  users: string[];
  groups: string[];
}

function packU32(ids: readonly number[], what: string): Uint8Array {
  const w = new WireWriter(4 * ids.length + 4);
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) {
      throw new RangeError(`${what} must be integers in [0, 2^32), got ${id}`);
    }
    w.u32(id);
  }
  return w.finish();
}

function unpackU32(packed: Uint8Array): number[] {
  const r = new WireReader(packed);
  const out: number[] = [];
  while (r.remaining > 0) out.push(r.u32());
  return out;
}

/**
 * Encodes a `users-groups-by-id@openssh.com` body (PROTOCOL §4.12):
 * `string uids` and `string gids`, each a packed sequence of uint32.
 */
export function encodeIdsRequest(req: SFTPIdsRequest): Uint8Array {
  return new WireWriter().string(packU32(req.uids, 'uids')).string(packU32(req.gids, 'gids')).finish();
}

/** Decodes a `users-groups-by-id@openssh.com` body. @throws WireError */
export function decodeIdsRequest(body: Uint8Array): SFTPIdsRequest {
  const r = new WireReader(body);
  const uids = unpackU32(r.string());
  const gids = unpackU32(r.string());
  r.expectEnd();
  return { uids, gids };
}

function packStrings(names: readonly string[]): Uint8Array {
  const w = new WireWriter();
  for (const n of names) w.string(n);
  return w.finish();
}

const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function unpackStrings(packed: Uint8Array): string[] {
  const r = new WireReader(packed);
  const out: string[] = [];
  while (r.remaining > 0) out.push(lenient.decode(r.string()));
  return out;
}

/**
 * Encodes the `users-groups-by-id@openssh.com` reply body (an
 * SSH_FXP_EXTENDED_REPLY): `string usernames`, `string groupnames`, each a
 * packed sequence of strings, in the order of the request's ids.
 */
export function encodeIdNames(names: SFTPIdNames): Uint8Array {
  return new WireWriter().string(packStrings(names.users)).string(packStrings(names.groups)).finish();
}

/** Decodes the `users-groups-by-id@openssh.com` reply body (names decoded leniently). @throws WireError */
export function decodeIdNames(body: Uint8Array): SFTPIdNames {
  const r = new WireReader(body);
  const users = unpackStrings(r.string());
  const groups = unpackStrings(r.string());
  r.expectEnd();
  return { users, groups };
}
