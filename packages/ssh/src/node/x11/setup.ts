/**
 * The X11 connection setup (X protocol §8): the request an X client sends
 * first, which carries its authorization, and the "Failed" reply. X11
 * forwarding swaps the fake cookie in the request for the real one.
 */
import { SSHError } from '@sshkit/ssh-wire';
import { latin1Bytes, latin1Text } from './latin1.js';

/** Bytes that cannot start an X11 connection setup request. */
export class X11SetupError extends SSHError {
  static override readonly errorName: string = 'X11SetupError';
}

export interface X11Setup {
  readonly littleEndian: boolean;
  readonly major: number;
  readonly minor: number;
  readonly authName: string;
  readonly authData: Uint8Array;
  /** Bytes the request took, padding included. */
  readonly length: number;
}

const MSB_FIRST = 0x42; // 'B'
const LSB_FIRST = 0x6c; // 'l'
const HEADER = 12;

const pad4 = (n: number): number => (n + 3) & ~3;

function latin1(text: string, what: string, max: number): Uint8Array {
  const bytes = latin1Bytes(text, `X11 ${what}`);
  if (bytes.length > max) throw new RangeError(`X11 ${what} is longer than ${max} bytes`);
  return bytes;
}

/** Parses the setup request at the start of `bytes`; undefined when more bytes are needed; X11SetupError when it cannot be one. */
export function parseX11Setup(bytes: Uint8Array): X11Setup | undefined {
  const order = bytes[0];
  if (order === undefined) return undefined;
  if (order !== MSB_FIRST && order !== LSB_FIRST) {
    throw new X11SetupError(
      `Not an X11 connection setup: byte order byte 0x${order.toString(16).padStart(2, '0')}`,
    );
  }
  if (bytes.length < HEADER) return undefined;
  const littleEndian = order === LSB_FIRST;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nameLength = view.getUint16(6, littleEndian);
  const dataLength = view.getUint16(8, littleEndian);
  const dataStart = HEADER + pad4(nameLength);
  const length = dataStart + pad4(dataLength);
  if (bytes.length < length) return undefined;
  return {
    littleEndian,
    major: view.getUint16(2, littleEndian),
    minor: view.getUint16(4, littleEndian),
    authName: latin1Text(bytes.subarray(HEADER, HEADER + nameLength)),
    // A copy, so the result outlives a reused read buffer.
    authData: new Uint8Array(bytes.subarray(dataStart, dataStart + dataLength)),
    length,
  };
}

/** The same request with another authorization (lengths and padding recomputed, the client's byte order kept). */
export function encodeX11Setup(
  setup: Pick<X11Setup, 'littleEndian' | 'major' | 'minor'>,
  authName: string,
  authData: Uint8Array,
): Uint8Array {
  const name = latin1(authName, 'authorization name', 0xffff);
  if (authData.length > 0xffff) throw new RangeError('X11 authorization data is longer than 65535 bytes');
  const dataStart = HEADER + pad4(name.length);
  const out = new Uint8Array(dataStart + pad4(authData.length));
  const view = new DataView(out.buffer);
  out[0] = setup.littleEndian ? LSB_FIRST : MSB_FIRST;
  view.setUint16(2, setup.major, setup.littleEndian);
  view.setUint16(4, setup.minor, setup.littleEndian);
  view.setUint16(6, name.length, setup.littleEndian);
  view.setUint16(8, authData.length, setup.littleEndian);
  out.set(name, HEADER);
  out.set(authData, dataStart);
  return out;
}

/** A "Failed" connection setup reply (status 0) with `reason`, in the client's byte order, so an X client prints why (what ssh sends is nothing; we use it to reject a bad cookie politely). */
export function encodeX11Failed(
  setup: Pick<X11Setup, 'littleEndian' | 'major' | 'minor'>,
  reason: string,
): Uint8Array {
  // The reason's length is a single byte.
  const text = latin1(reason, 'failure reason', 0xff);
  const padded = pad4(text.length);
  const out = new Uint8Array(8 + padded);
  const view = new DataView(out.buffer);
  out[1] = text.length; // byte 0 stays 0: Failed
  view.setUint16(2, setup.major, setup.littleEndian);
  view.setUint16(4, setup.minor, setup.littleEndian);
  view.setUint16(6, padded / 4, setup.littleEndian);
  out.set(text, 8);
  return out;
}
