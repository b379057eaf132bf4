/**
 * @packageDocumentation
 * Private test utilities of the sshkit monorepo: finding the real OpenSSH
 * tools, failing instead of skipping under `SSHKIT_REQUIRE_INTEROP=1`, a
 * throwaway `sshd` on 127.0.0.1, local accounts (one with a known password, one unprivileged),
 * an askpass program that answers `ssh`'s prompts, the strict `ssh` options interop tests share,
 * and a throwaway `ssh-agent`.
 */
export { type AgentInstance, startAgent } from './agent.js';
export { type Askpass, writeAskpass } from './askpass.js';
export { findTool, interopRequired, type OpenSSHTool, opensshVersion, requireTools } from './openssh.js';
export {
  ensurePasswordUser,
  ensureUnprivilegedUser,
  PASSWORD_TEST_USER,
  type PasswordUser,
} from './password-user.js';
export { type SshClientTarget, sshClientArgs } from './ssh-client-args.js';
export { type HostKeyType, type SshdInstance, type SshdOptions, startSshd } from './sshd.js';
