import { expect, test } from '@jest/globals';
// The README's example, run as is (with the in-memory pair standing in for a transport).
import { ClientConnectionProtocol, ServerConnectionProtocol } from '../src/index.js';
import { packetPair } from './support/packet-pair.js';

test('README example', async () => {
  const [clientPackets, serverPackets] = packetPair();

  new ServerConnectionProtocol(
    serverPackets,
    {},
    {
      processFactory: async (proc) => {
        const name = await proc.stdin.readline();
        proc.stdout.write(`hello ${String(name).trim()} from ${proc.command}\n`);
        proc.exit(0);
      },
    },
  );
  const client = new ClientConnectionProtocol(clientPackets);
  const result = await client.run('greet', { input: 'world\n' });

  expect(result.stdout).toBe('hello world from greet\n');
  expect(result.exitStatus).toBe(0);
});
