// authorized_keys options for AuthPermissions in tests: everything allowed unless overridden.
import type { AuthPermissions } from '@sshkit/ssh-auth';

export type KeyOptions = NonNullable<ConstructorParameters<typeof AuthPermissions>[0]>;

export function keyOptions(
  over: Omit<Partial<KeyOptions>, 'permissions'> & { permissions?: Partial<KeyOptions['permissions']> } = {},
): KeyOptions {
  return {
    certAuthority: false,
    environment: {},
    permitOpen: [],
    permitListen: [],
    noTouchRequired: false,
    verifyRequired: false,
    raw: [],
    ...over,
    permissions: {
      portForwarding: true,
      agentForwarding: true,
      x11Forwarding: true,
      pty: true,
      userRc: true,
      ...over.permissions,
    },
  } as KeyOptions;
}
