/**
 * @packageDocumentation
 * `@sshkit/ssh`: sshkit: a complete SSH-2 client and server for Node and the web (AsyncSSH-style API).
 */
export {};
