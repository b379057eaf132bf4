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
 * does not apply (an address, a proxied host without `always`) or found
 * nothing and CanonicalizeFallbackLocal allows the name as it is. As ssh,
 * when no suffix applied but CanonicalizePermittedCNAMEs has rules, the bare
 * name is looked up and its CNAME followed where a rule allows.
 * @throws an `ENOTFOUND` error, as a failed lookup, when no domain resolves and
 *   CanonicalizeFallbackLocal is no, or the bare name of a direct connection
 *   does not resolve for CNAME following
 */
export async function canonicalHostName(
  c: HostCanonicalization,
  resolver: HostResolver = systemResolver,
): Promise<string | undefined> {
  if (c.mode === 'no' || isIP(c.host) !== 0) return undefined;
  if (c.proxied && c.mode !== 'always') return undefined;
  const found = await withSuffix(c, resolver);
  if (found !== undefined) return followCname(c, found, resolver);
  if (c.permittedCNAMEs.length === 0) return undefined;
  if (!(await resolver.resolves(c.host))) {
    if (c.proxied) return undefined;
    throw notResolved(c.host, 'Could not resolve hostname');
  }
  const followed = await followCname(c, c.host, resolver);
  return followed === c.host ? undefined : followed;
}

/** The first CanonicalDomains suffix that resolves (a name ending in a dot: itself), or undefined. */
async function withSuffix(c: HostCanonicalization, resolver: HostResolver): Promise<string | undefined> {
  if (c.host.endsWith('.')) {
    if (await resolver.resolves(c.host)) return c.host.slice(0, -1);
    return notFound(c);
  }
  if ((c.host.match(/\./g)?.length ?? 0) > c.maxDots) return undefined;
  for (const domain of c.domains) {
    if (domain.toLowerCase() === 'none') break;
    const name = `${c.host}.${domain}`;
    if (await resolver.resolves(`${name}.`)) return name;
  }
  return notFound(c);
}

function notFound(c: HostCanonicalization): undefined {
  if (c.fallbackLocal) return undefined;
  throw notResolved(c.host, 'Could not resolve host in any of CanonicalDomains');
}

/** What a failed lookup throws, so callers see one kind of error for an unknown host. */
function notResolved(host: string, message: string): Error {
  return Object.assign(new Error(`${message}: "${host}"`), { code: 'ENOTFOUND', hostname: host });
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
