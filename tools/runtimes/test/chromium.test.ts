// sshkit in Chromium (V8), for real: headless, on the web entry bundled by
// esbuild (the portable crypto, no Node module), as a client of sshd and as a
// server OpenSSH logs into.
import { launchChromium } from './support/browser.js';
import { describeBrowser } from './support/browser-suite.js';
import { requireRuntime } from './support/runtimes.js';

describeBrowser('chromium', requireRuntime('chromium'), launchChromium);
