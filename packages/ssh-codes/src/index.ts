/**
 * @packageDocumentation
 * `@sshkit/ssh-codes`: SSH protocol numbers with names, titles and descriptions: messages, disconnect reasons, channel-open failures, PTY modes, SFTP codes.
 */
export {};
