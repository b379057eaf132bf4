/**
 * @packageDocumentation
 * `@sshkit/ssh-auth`: SSH user authentication (RFC 4252, 4256), client and server.
 */
export {};
