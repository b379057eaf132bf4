// Bun: the web entry's client over Bun's own WebSocket, through the harness's relay.
import { webSocketDuplex } from '@sshkit/ssh/web';
import { clientChecks } from './client-checks.mjs';
import { config, reportResult } from './report.mjs';

const cfg = config();
await reportResult(() => clientChecks(cfg, () => webSocketDuplex(new WebSocket(cfg.relayUrl))));
