/**
 * What a successful authentication allows: the options of the authorized_keys
 * line that matched and the certificate presented, for the connection layer
 * (pty, forwarding, forced command, environment). The method names follow
 * AsyncSSH's SSHServerConnection: `getKeyOption`, `checkKeyPermission`,
 * `getCertificateOption`, `checkCertificatePermission`.
 */
import type { AuthorizedKeyOptions, SSHCertificate } from '@sshkit/ssh-keys';

/** A value `getKeyOption` can return. */
export type KeyOptionValue =
  | string
  | number
  | boolean
  | Date
  | readonly string[]
  | Readonly<Record<string, string>>;

/** Permission names of authorized_keys (`no-pty`, `restrict`, ...) and certificate `permit-*` extensions. */
export type PermissionName = 'port-forwarding' | 'agent-forwarding' | 'X11-forwarding' | 'pty' | 'user-rc';

const KEY_PERMISSIONS: Readonly<Record<string, keyof AuthorizedKeyOptions['permissions']>> = {
  'port-forwarding': 'portForwarding',
  'agent-forwarding': 'agentForwarding',
  'x11-forwarding': 'x11Forwarding',
  pty: 'pty',
  'user-rc': 'userRc',
};

/**
 * The options and permissions a successful authentication carries. With no
 * key options and no certificate (password, keyboard-interactive, a key
 * accepted by `validatePublicKey`), everything is allowed, as in AsyncSSH.
 *
 * @example
 * ```ts
 * const { permissions } = await authServer.run();
 * if (!permissions.allows('pty')) refusePty();
 * const forced = permissions.forcedCommand; // command= or force-command
 * ```
 */
export class AuthPermissions {
  /** The options of the matching authorized_keys line (the CA line for a certificate), if any. */
  readonly keyOptions: AuthorizedKeyOptions | undefined;
  /** The client certificate that authenticated, if any. */
  readonly certificate: SSHCertificate | undefined;

  constructor(keyOptions?: AuthorizedKeyOptions, certificate?: SSHCertificate) {
    this.keyOptions = keyOptions;
    this.certificate = certificate;
  }

  /** Permissions for an authentication that carried no options: everything allowed. */
  static unrestricted(): AuthPermissions {
    return new AuthPermissions();
  }

  /**
   * An authorized_keys option by name (`command`, `environment`, `from`,
   * `principals`, `permitopen`, `permitlisten`, `expiry-time`, `tunnel`,
   * `cert-authority`, `no-touch-required`, `verify-required`), or `fallback`
   * when the line did not set it.
   * @param name - option name, case-insensitive
   * @param fallback - returned when unset
   */
  getKeyOption(name: string, fallback?: KeyOptionValue): KeyOptionValue | undefined {
    const o = this.keyOptions;
    if (!o) return fallback;
    let value: KeyOptionValue | undefined;
    switch (name.toLowerCase()) {
      case 'command':
        value = o.command;
        break;
      case 'environment':
        value = Object.keys(o.environment).length > 0 ? o.environment : undefined;
        break;
      case 'from':
        value = o.from;
        break;
      case 'principals':
        value = o.principals;
        break;
      case 'permitopen':
        value = o.permitOpen.length > 0 ? o.permitOpen : undefined;
        break;
      case 'permitlisten':
        value = o.permitListen.length > 0 ? o.permitListen : undefined;
        break;
      case 'expiry-time':
        value = o.expiryTime;
        break;
      case 'tunnel':
        value = o.tunnel;
        break;
      case 'cert-authority':
        value = o.certAuthority || undefined;
        break;
      case 'no-touch-required':
        value = o.noTouchRequired || undefined;
        break;
      case 'verify-required':
        value = o.verifyRequired || undefined;
        break;
      default:
        value = undefined;
    }
    return value ?? fallback;
  }

  /**
   * Whether the authorized_keys line allows `name` (`port-forwarding`,
   * `agent-forwarding`, `X11-forwarding`, `pty`, `user-rc`; case-insensitive).
   * True without a line. An unknown name is false (fail closed; AsyncSSH
   * returns true).
   */
  checkKeyPermission(name: PermissionName | (string & {})): boolean {
    if (!this.keyOptions) return true;
    const field = KEY_PERMISSIONS[name.toLowerCase()];
    return field !== undefined && this.keyOptions.permissions[field];
  }

  /**
   * A critical option of the client certificate (`force-command`,
   * `source-address`; `true` for flag options such as `verify-required`), or
   * `fallback` when there is no certificate or the option is absent.
   */
  getCertificateOption(name: string, fallback?: string | true): string | true | undefined {
    const value = this.certificate?.criticalOptions[name];
    if (value === undefined) return fallback;
    return value === '' ? true : value;
  }

  /**
   * Whether the client certificate grants `name` through its `permit-<name>`
   * extension (`permit-pty`, `permit-port-forwarding`, `permit-X11-forwarding`...).
   * True without a certificate.
   */
  checkCertificatePermission(name: PermissionName | (string & {})): boolean {
    const cert = this.certificate;
    if (!cert) return true;
    return Object.hasOwn(cert.extensions, `permit-${name}`);
  }

  /** Both checks together: what the connection layer should enforce. */
  allows(name: PermissionName | (string & {})): boolean {
    return this.checkKeyPermission(name) && this.checkCertificatePermission(name);
  }

  /** The forced command: the certificate's `force-command` wins over authorized_keys `command=`, as in sshd. */
  get forcedCommand(): string | undefined {
    const certCommand = this.certificate?.criticalOptions['force-command'];
    return certCommand ?? this.keyOptions?.command;
  }

  /** Environment variables set by authorized_keys `environment=` (empty object when none). */
  get environment(): Readonly<Record<string, string>> {
    return this.keyOptions?.environment ?? {};
  }
}
