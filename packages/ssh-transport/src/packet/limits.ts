/**
 * Largest packet we accept by default: RFC 4253 §6.1 requires 35000 bytes;
 * OpenSSH accepts 256 KiB (PACKET_MAX_SIZE), and so do we.
 */
export const DEFAULT_MAX_PACKET = 256 * 1024;
/** RFC 4253 §6: "at least four bytes of padding". */
export const MIN_PADDING = 4;
/** RFC 4253 §6: padding is aligned to the cipher block size "or 8, whichever is larger". */
export const MIN_BLOCK = 8;
