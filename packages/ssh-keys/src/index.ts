/**
 * @packageDocumentation
 * `@sshkit/ssh-keys`: SSH keys and certificates in every common format, known_hosts and authorized_keys.
 */
export {};
