import {
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
  type SFTPAttrs,
} from '../attrs.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SIX_MONTHS = 182 * 24 * 3600;

/**
 * The 10-character `ls -l` mode string (`drwxr-xr-x`, `-rwsr-x--T`, ...).
 * @param permissions - mode bits including the type bits; `undefined` gives `?---------`
 */
export function modeString(permissions: number | undefined): string {
  if (permissions === undefined) return '?---------';
  const type = permissions & S_IFMT;
  const t =
    type === S_IFDIR
      ? 'd'
      : type === S_IFLNK
        ? 'l'
        : type === S_IFREG
          ? '-'
          : type === S_IFCHR
            ? 'c'
            : type === S_IFBLK
              ? 'b'
              : type === S_IFIFO
                ? 'p'
                : type === S_IFSOCK
                  ? 's'
                  : '?';
  const bit = (mask: number, ch: string): string => (permissions & mask ? ch : '-');
  const special = (exec: number, flag: number, set: string, unset: string): string => {
    const x = permissions & exec;
    if (permissions & flag) return x ? set : unset;
    return x ? 'x' : '-';
  };
  return (
    t +
    bit(0o400, 'r') +
    bit(0o200, 'w') +
    special(0o100, 0o4000, 's', 'S') +
    bit(0o040, 'r') +
    bit(0o020, 'w') +
    special(0o010, 0o2000, 's', 'S') +
    bit(0o004, 'r') +
    bit(0o002, 'w') +
    special(0o001, 0o1000, 't', 'T')
  );
}

/**
 * An `ls -l` line as OpenSSH's sftp-server writes in SSH_FXP_NAME long names
 * (`ls_file()`: `"%-10s %3u %-8s %-8s %8llu %s %s"`): mode, link count, owner,
 * group, size, date (`Mon dd HH:MM` within six months, else `Mon dd  YYYY`),
 * name. Dates are printed in UTC so the output does not depend on the host.
 *
 * @param filename - the entry name
 * @param attrs - its attributes
 * @param nowSeconds - the current time, seconds since the epoch
 * @param owner - owner name (default: the numeric uid)
 * @param group - group name (default: the numeric gid)
 */
export function formatLongname(
  filename: string,
  attrs: SFTPAttrs,
  nowSeconds: number = Math.floor(Date.now() / 1000),
  owner: string = attrs.uid === undefined ? '?' : String(attrs.uid),
  group: string = attrs.gid === undefined ? '?' : String(attrs.gid),
): string {
  let date = '            ';
  if (attrs.mtime !== undefined) {
    const d = new Date(attrs.mtime * 1000);
    const mon = MONTHS[d.getUTCMonth()] as string;
    const day = String(d.getUTCDate()).padStart(2, ' ');
    const recent = Math.abs(nowSeconds - attrs.mtime) < SIX_MONTHS;
    const tail = recent
      ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
      : ` ${d.getUTCFullYear()}`;
    date = `${mon} ${day} ${tail}`;
  }
  const size = String(attrs.size ?? 0).padStart(8, ' ');
  return `${modeString(attrs.permissions).padEnd(10, ' ')} ${'1'.padStart(3, ' ')} ${owner.padEnd(8, ' ')} ${group.padEnd(8, ' ')} ${size} ${date} ${filename}`;
}
