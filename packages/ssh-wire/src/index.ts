/**
 * @packageDocumentation
 * `@sshkit/ssh-wire`: the SSH binary encoding of RFC 4251 §5 on `Uint8Array`
 * (byte, boolean, uint32, uint64, string, mpint, name-list), strictly
 * bounds-checked, plus the `SSHError` base class every sshkit error extends.
 * Zero dependencies; runs in Node, Deno, Bun and browsers.
 */
export { decodeBase64, encodeBase64 } from './base64.js';
export { SSHError, WireError, type WireErrorKind } from './errors.js';
export { bigIntToBytes, bytesToBigInt, decodeMpint, encodeMpint } from './mpint.js';
export { decodeNameList, encodeNameList } from './name-list.js';
export { WireReader, type WireReaderOptions } from './reader.js';
export { decodeUtf8, encodeUtf8 } from './utf8.js';
export { WireWriter } from './writer.js';
