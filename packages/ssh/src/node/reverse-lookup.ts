import { lookupService } from 'node:dns/promises';

/**
 * The host name the system resolver gives an address (getnameinfo: /etc/hosts,
 * then DNS), as ssh and sshd look up the two ends of a connection for
 * hostbased authentication.
 * @returns undefined when the address has no name
 */
export async function reverseLookup(address: string): Promise<string | undefined> {
  try {
    return (await lookupService(address, 0)).hostname;
  } catch {
    return undefined;
  }
}
