/**
 * @packageDocumentation
 * `@sshkit/ssh-sftp`: SFTP v3 with OpenSSH extensions: client and server over any byte stream.
 */
export {};
