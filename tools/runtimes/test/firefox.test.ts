// sshkit in Firefox (SpiderMonkey), for real: headless, on the web entry
// bundled by esbuild, as a client of sshd and as a server OpenSSH logs into.
import { launchFirefox } from './support/browser.js';
import { describeBrowser } from './support/browser-suite.js';
import { requireRuntime } from './support/runtimes.js';

describeBrowser('firefox', requireRuntime('firefox'), launchFirefox);
