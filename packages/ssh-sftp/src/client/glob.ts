import { isDirectoryAttrs, type SFTPName } from '../attrs.js';
import { SFTPError } from '../errors.js';
import { componentMatcher } from '../fnmatch.js';
import { FX_NO_SUCH_FILE } from '../protocol-numbers.js';

/** What {@link glob} needs from a file system. */
export interface GlobOps {
  readdir(path: string): Promise<SFTPName[]>;
  lexists(path: string): Promise<boolean>;
}

/** True when a path component holds a wildcard. */
export function hasMagic(component: string): boolean {
  return /[*?[]/.test(component);
}

function join(base: string, name: string): string {
  if (base === '') return name;
  if (base.endsWith('/')) return base + name;
  return `${base}/${name}`;
}

/**
 * Expands a glob pattern against a remote tree: `*`, `?`, `[...]` within one
 * component, `**` for any number of directories (zero included). Results keep
 * the pattern's form (relative stays relative), in directory order.
 * @throws SFTPError(FX_NO_SUCH_FILE) when nothing matches (as AsyncSSH)
 */
export async function glob(pattern: string, ops: GlobOps): Promise<string[]> {
  const parts = pattern.split('/');
  let paths: string[] = [''];
  if (pattern.startsWith('/')) {
    paths = ['/'];
    parts.shift();
  }
  let lastLiteral = true;
  for (const part of parts) {
    if (part === '') continue;
    const next: string[] = [];
    if (part === '**') {
      const walk = async (p: string): Promise<void> => {
        next.push(p);
        let names: SFTPName[];
        try {
          names = await ops.readdir(p === '' ? '.' : p);
        } catch {
          return;
        }
        for (const n of names) {
          if (n.filename === '.' || n.filename === '..') continue;
          if (isDirectoryAttrs(n.attrs)) await walk(join(p, n.filename));
        }
      };
      for (const p of paths) await walk(p);
      lastLiteral = false;
    } else if (hasMagic(part)) {
      const matches = componentMatcher(part);
      for (const p of paths) {
        let names: SFTPName[];
        try {
          names = await ops.readdir(p === '' ? '.' : p);
        } catch {
          continue;
        }
        for (const n of names) {
          if (n.filename === '.' || n.filename === '..') continue;
          if (matches(n.filename)) next.push(join(p, n.filename));
        }
      }
      lastLiteral = false;
    } else {
      for (const p of paths) next.push(join(p, part));
      lastLiteral = true;
    }
    paths = [...new Set(next)];
  }
  if (lastLiteral) {
    const kept: string[] = [];
    for (const p of paths) if (p !== '' && (await ops.lexists(p))) kept.push(p);
    paths = kept;
  }
  paths = paths.filter((p) => p !== '');
  if (paths.length === 0) throw new SFTPError(FX_NO_SUCH_FILE, `no matches found for ${pattern}`);
  return paths;
}
