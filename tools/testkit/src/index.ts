/**
 * @packageDocumentation
 * Private test utilities of the sshkit monorepo: finding the real OpenSSH
 * tools, failing instead of skipping under `SSHKIT_REQUIRE_INTEROP=1`, and a
 * throwaway `sshd` on 127.0.0.1.
 */
export { findTool, interopRequired, type OpenSSHTool, opensshVersion, requireTools } from './openssh.js';
export { type HostKeyType, type SshdInstance, type SshdOptions, startSshd } from './sshd.js';
