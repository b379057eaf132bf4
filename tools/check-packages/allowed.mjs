// The dependency direction of ../../../shared/design/ARCHITECTURE.md, as the
// transitive closure each package may install.
export const ALLOWED_SSHKIT = {
  'ssh-codes': [],
  'ssh-wire': [],
  'ssh-crypto': ['ssh-wire'],
  'ssh-keys': ['ssh-crypto', 'ssh-wire', 'ssh-codes'],
  'ssh-transport': ['ssh-keys', 'ssh-crypto', 'ssh-wire', 'ssh-codes'],
  'ssh-auth': ['ssh-transport', 'ssh-keys', 'ssh-crypto', 'ssh-wire', 'ssh-codes'],
  'ssh-connection': ['ssh-transport', 'ssh-auth', 'ssh-keys', 'ssh-crypto', 'ssh-wire', 'ssh-codes'],
  'ssh-sftp': ['ssh-wire', 'ssh-codes'],
  ssh: [
    'ssh-sftp',
    'ssh-connection',
    'ssh-auth',
    'ssh-transport',
    'ssh-keys',
    'ssh-crypto',
    'ssh-wire',
    'ssh-codes',
  ],
};
const NOBLE = ['@noble/'];
export const ALLOWED_EXTERNAL = {
  'ssh-codes': [],
  'ssh-wire': [],
  'ssh-crypto': NOBLE,
  'ssh-keys': NOBLE,
  'ssh-transport': [...NOBLE, 'fflate'],
  'ssh-auth': [...NOBLE, 'fflate'],
  'ssh-connection': [...NOBLE, 'fflate'],
  'ssh-sftp': [],
  ssh: [...NOBLE, 'fflate'],
};
