/**
 * Small types shared by channels, sessions and streams.
 */

/** Session data: `string` (UTF-8 decoded) by default, `Uint8Array` with `encoding: null`. */
export type SessionData = string | Uint8Array;

/** A channel's data encoding: UTF-8 text (the default) or raw bytes (`null`). */
export type Encoding = 'utf-8' | 'utf8' | null;

/** The data type an encoding yields: `string` for UTF-8, `Uint8Array` for `null`. */
export type DataFor<E extends Encoding> = E extends null ? Uint8Array : string;

/** What to do with bytes that are not valid UTF-8: fail the channel (`strict`) or use U+FFFD. */
export type EncodingErrors = 'strict' | 'replace';

/** A value or a promise of it: handlers may be sync or async. */
export type MaybePromise<T> = T | Promise<T>;

/** Options every channel takes. */
export interface ChannelOptions<E extends Encoding = 'utf-8'> {
  /**
   * Data encoding: `'utf-8'` delivers and accepts strings, `null` bytes.
   * @default 'utf-8'
   */
  encoding?: E;
  /** @default 'strict' */
  errors?: EncodingErrors;
  /**
   * Receive window to advertise, in bytes.
   * @default DEFAULT_WINDOW (2 MiB)
   */
  window?: number;
  /**
   * Largest data packet to accept, in bytes: at most `MAX_SEND_PACKET_SIZE`
   * (255 KiB), so that the peer's packets fit the transport's 256 KiB limit.
   * @default DEFAULT_MAX_PACKET_SIZE (32 KiB)
   */
  maxPktsize?: number;
}

/** Extra information about a channel or connection, by name (AsyncSSH `get_extra_info`). */
export type ExtraInfo = Readonly<Record<string, unknown>>;
