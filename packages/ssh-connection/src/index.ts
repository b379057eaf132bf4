/**
 * @packageDocumentation
 * `@sshkit/ssh-connection`: SSH connection protocol (RFC 4254): channels, sessions, port forwarding.
 */
export {};
