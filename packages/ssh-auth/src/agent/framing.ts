/**
 * ssh-agent message framing (draft-miller-ssh-agent): `uint32 length ||
 * byte type || contents`, where the length counts the type byte and contents.
 */
import { concatBytes } from '@sshkit/ssh-crypto';
import { WireWriter } from '@sshkit/ssh-wire';
import { AgentError } from '../errors.js';

/**
 * The longest agent message accepted or sent, type byte included: OpenSSH's
 * limit (`AGENT_MAX_LEN` in ssh-agent, `MAX_AGENT_REPLY_LEN` in ssh).
 */
export const AGENT_MAX_MESSAGE_LENGTH = 256 * 1024;

const EMPTY = new Uint8Array(0);

/**
 * One framed agent message.
 * @throws AgentError('too-long') when it would exceed {@link AGENT_MAX_MESSAGE_LENGTH}
 */
export function encodeAgentMessage(type: number, contents: Uint8Array = EMPTY): Uint8Array {
  const length = 1 + contents.length;
  if (length > AGENT_MAX_MESSAGE_LENGTH) {
    throw new AgentError(
      'too-long',
      `agent request of ${length} bytes exceeds the ${AGENT_MAX_MESSAGE_LENGTH}-byte limit`,
    );
  }
  return new WireWriter(length + 4).u32(length).u8(type).raw(contents).finish();
}

/** Cuts the agent's byte stream into messages, each starting with its type byte. */
export class AgentMessageReader {
  #buffer: Uint8Array = EMPTY;

  /** True while bytes of an incomplete message are waiting for the rest. */
  get partial(): boolean {
    return this.#buffer.length > 0;
  }

  /**
   * Adds received bytes (copied: the caller may reuse `chunk`).
   * @returns the messages now complete, in order
   * @throws AgentError('too-long' | 'bad-response') for a length over the limit or of zero
   */
  push(chunk: Uint8Array): Uint8Array[] {
    let buffer = concatBytes(this.#buffer, chunk);
    const messages: Uint8Array[] = [];
    while (buffer.length >= 4) {
      const length = new DataView(buffer.buffer, buffer.byteOffset, 4).getUint32(0);
      // Checked on the header alone: no need to wait for 4 GiB to know they are too many.
      if (length > AGENT_MAX_MESSAGE_LENGTH) {
        throw new AgentError(
          'too-long',
          `agent message of ${length} bytes exceeds the ${AGENT_MAX_MESSAGE_LENGTH}-byte limit`,
        );
      }
      if (length === 0) throw new AgentError('bad-response', 'agent message without a type byte');
      if (buffer.length < 4 + length) break;
      messages.push(buffer.subarray(4, 4 + length));
      buffer = buffer.subarray(4 + length);
    }
    this.#buffer = buffer.length > 0 ? buffer : EMPTY;
    return messages;
  }
}
