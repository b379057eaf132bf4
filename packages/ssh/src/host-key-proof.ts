import { GLOBAL_REQUEST } from '@sshkit/ssh-connection';
import { WireWriter } from '@sshkit/ssh-wire';

/**
 * What a `hostkeys-prove-00@openssh.com` signature covers (OpenSSH PROTOCOL
 * §2.5): the request name, the session identifier and the host key blob.
 */
export function hostKeyProofData(sessionId: Uint8Array, blob: Uint8Array): Uint8Array {
  return new WireWriter().string(GLOBAL_REQUEST.HOSTKEYS_PROVE).string(sessionId).string(blob).finish();
}
