import type { SessionData, SSHWriter } from '@sshkit/ssh-connection';

/**
 * Whether a channel holds more unsent bytes than its high-water mark: the
 * point at which a copy loop stops reading its source until `drain()`.
 */
export function aboveHighWater(writer: SSHWriter<SessionData>): boolean {
  const [, high] = writer.channel.getWriteBufferLimits();
  return writer.channel.getWriteBufferSize() > high;
}
