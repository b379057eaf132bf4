// What the portable and the Node MAC entry points share.
export {
  createMacRegistry,
  defaultMacs,
  isMacName,
  LEGACY_MACS,
  lookupMac,
  type MacName,
  type MacRegistry,
  supportedMacs,
} from './registry.js';
export type { MacSpec, MacState } from './types.js';
export { Umac } from './umac.js';
