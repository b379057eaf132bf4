/**
 * Flow-control limits of RFC 4254 §5.2, as named constants with the reason
 * for each value (CONVENTIONS rule 6).
 */

/**
 * Default receive window: 2 MiB, OpenSSH's `CHAN_SES_WINDOW_DEFAULT`
 * (64 packets of 32 KiB). Big enough to fill a fast link with one round trip
 * of adjustment latency; a slow application still bounds buffered bytes by it,
 * because the window only reopens as the application consumes data.
 */
export const DEFAULT_WINDOW = 2 * 1024 * 1024;

/**
 * Default maximum packet size we advertise: 32 KiB, OpenSSH's
 * `CHAN_SES_PACKET_DEFAULT`/`CHAN_TCP_PACKET_DEFAULT`, comfortably below the
 * 35000-byte packet every implementation must accept (RFC 4253 §6.1).
 */
export const DEFAULT_MAX_PACKET_SIZE = 32 * 1024;

/**
 * Largest data payload we put in one CHANNEL_DATA message, whatever maximum
 * the peer advertises: the transport's packet limit (256 KiB, OpenSSH's
 * `PACKET_MAX_SIZE`) minus 1 KiB for the channel header (13 bytes), packet
 * framing (5), padding (at most 255) and MAC (at most 64).
 */
export const MAX_SEND_PACKET_SIZE = 256 * 1024 - 1024;

/** Largest window a uint32 can describe (RFC 4254 §5.2 "uint32 bytes to add"). */
export const MAX_WINDOW = 0xffff_ffff;

/**
 * Default high-water mark of a channel's write buffer: 64 KiB, asyncio's
 * (and so AsyncSSH's) `set_write_buffer_limits` default; the low-water mark
 * defaults to a quarter of it.
 */
export const DEFAULT_WRITE_HIGH_WATER = 64 * 1024;

/**
 * Most channels open at once on one connection: 16384, OpenSSH's
 * `CHANNELS_MAX_CHANNELS`. Each channel holds a table entry and buffers; the
 * bound stops a peer from exhausting memory by opening channels it never uses.
 * Opens beyond it fail with `OPEN_RESOURCE_SHORTAGE`.
 */
export const MAX_CHANNELS = 16 * 1024;

/**
 * Most `env` requests kept per session: sshd ignores more than 128
 * (`session_env_req`, "too many env vars"), which bounds the memory a client
 * can pin with environment variables.
 */
export const MAX_ENV_VARS = 128;

/**
 * Most global requests awaiting our reply at once. RFC 4254 §4 requires
 * replies in order, so requests queue; the bound stops a peer from queueing
 * without limit behind a slow handler (as OpenSSH bounds queued packets).
 */
export const MAX_PENDING_GLOBAL_REQUESTS = 1024;

/**
 * Bytes OpenSSH adds to each datagram (a `tun@openssh.com` packet) when it
 * checks it against its maximum packet size: the 4-byte length it stores it
 * under (channels.c `channel_input_data`, "rcvd big packet"). A bigger one is
 * dropped without a word, so we never send a datagram above the peer's
 * maximum minus this.
 */
export const DATAGRAM_OVERHEAD = 4;
