/**
 * ssh's hostname canonicalization (CanonicalizeHostname, CanonicalDomains,
 * CanonicalizeMaxDots, CanonicalizeFallbackLocal, CanonicalizePermittedCNAMEs)
 * with Node's resolver: the name a connection's final config pass uses.
 */
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import type { HostCanonicalization } from '../ssh-config.js';
import { matchPatternList } from '../ssh-config-match.js';

/** The lookups canonicalization needs; tests substitute their own. */
export interface HostResolver {
  /** Whether the system resolver (getaddrinfo: hosts file, DNS) knows the name. */
  resolves(name: string): Promise<boolean>;
  /** The name's CNAME, if DNS has one. */
  cname(name: string): Promise<string | undefined>;
}

export const systemResolver: HostResolver = {
  resolves: (name) =>
    dns.lookup(name).then(
      () => true,
      () => false,
    ),
  cname: (name) =>
    dns.resolveCname(name).then(
      (names) => names[0],
      () => undefined,
    ),
};

/**
 * The canonical name for `c.host`, or undefined when canonicalization is off,
 * does not apply (an address, a proxied host without `always`, more dots than
 * CanonicalizeMaxDots) or found nothing and CanonicalizeFallbackLocal allows
 * the name as it is.
 * @throws an `ENOTFOUND` error, as a failed lookup, when no domain resolves and
 *   CanonicalizeFallbackLocal is no
 */
export async function canonicalHostName(
  c: HostCanonicalization,
  resolver: HostResolver = systemResolver,
): Promise<string | undefined> {
  if (c.mode === 'no' || isIP(c.host) !== 0) return undefined;
  if (c.proxied && c.mode !== 'always') return undefined;
  const found = (name: string) => followCname(c, name, resolver);
  // A name ending in a dot is fully qualified: resolved as it is.
  if (c.host.endsWith('.')) {
    if (await resolver.resolves(c.host)) return found(c.host.slice(0, -1));
    return notFound(c);
  }
  if ((c.host.match(/\./g)?.length ?? 0) > c.maxDots) return undefined;
  for (const domain of c.domains) {
    if (domain.toLowerCase() === 'none') break;
    const name = `${c.host}.${domain}`;
    if (await resolver.resolves(`${name}.`)) return found(name);
  }
  return notFound(c);
}

function notFound(c: HostCanonicalization): undefined {
  if (c.fallbackLocal) return undefined;
  throw Object.assign(new Error(`Could not resolve host "${c.host}" in any of CanonicalDomains`), {
    code: 'ENOTFOUND',
    hostname: c.host,
  });
}

/** The name, or its CNAME where a CanonicalizePermittedCNAMEs rule allows following it. */
async function followCname(c: HostCanonicalization, name: string, resolver: HostResolver): Promise<string> {
  if (c.permittedCNAMEs.length === 0) return name;
  const cname = (await resolver.cname(name))?.toLowerCase().replace(/\.$/, '');
  if (cname === undefined || cname === name) return name;
  const allowed = c.permittedCNAMEs.some(
    (rule) =>
      matchPatternList(name, rule.source, true) === 1 && matchPatternList(cname, rule.target, true) === 1,
  );
  return allowed ? cname : name;
}
