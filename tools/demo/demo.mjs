// The quick-start demo. For now it prints the SSH code tables that
// @sshkit/ssh-codes ships; it grows into an embedded sshkit server and a client
// doing exec, SFTP and a port forward as the protocol packages land.
import { CHANNEL_OPEN_FAILURES, DISCONNECT_REASONS } from '@sshkit/ssh-codes';

for (const table of [DISCONNECT_REASONS, CHANNEL_OPEN_FAILURES]) {
  console.log(`\n${table.title}`);
  for (const row of table.rows.filter((r) => !r.localOnly)) {
    console.log(`  ${String(row.code).padStart(3)}  ${row.name.padEnd(46)} ${row.title}`);
  }
}
