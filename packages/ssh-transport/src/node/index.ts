/** Node adapters of `@sshkit/ssh-transport`: TCP sockets as byte streams. */
export { connectTcp, socketDuplex, socketOf } from './socket-duplex.js';
