/** Node adapters of `@sshkit/ssh-transport`: TCP sockets as byte streams. */
export { connectTcp, socketDuplex } from './socket-duplex.js';
