// Deno: the web entry's client over Deno.connect's WHATWG streams.
import { streamDuplex } from '@sshkit/ssh/web';
import { clientChecks } from './client-checks.mjs';
import { config, reportResult } from './report.mjs';

const cfg = config();
await reportResult(() =>
  clientChecks(cfg, async () => streamDuplex(await Deno.connect({ hostname: '127.0.0.1', port: cfg.port }))),
);
