/** Node adapters of `@sshkit/ssh-transport`: TCP sockets as byte streams. */
export { connectTcp, socketDuplex, socketOf, type TcpConnectOptions } from './socket-duplex.js';
