// `--tuned`: the same benchmark with the runtime settings of the umbrella
// README's "Tuning" section, so both tables come from one script. The settings
// are process-wide (allocator and garbage collector), which is why the library
// leaves them to applications: the bench re-runs itself as a child with them.
import { spawnSync } from 'node:child_process';

/** glibc keeps freed heap memory instead of returning it to the kernel after each GC. */
export const TUNED_ENV = { MALLOC_TRIM_THRESHOLD_: '33554432', MALLOC_TOP_PAD_: '8388608' };
/** A 1 MiB young generation is collected often enough that buffers never pile up into mark-compacts. */
export const TUNED_NODE_FLAGS = ['--max-semi-space-size=1'];

const MARK = 'SSHKIT_BENCH_TUNED';

/** True in the child that runs with the tuned settings. */
export const tuned = process.env[MARK] === '1';

/**
 * With `--tuned` on the command line, runs this script again with the tuned
 * settings and exits with its status; otherwise returns and the run goes on.
 */
export function reexecIfTuned() {
  if (tuned || !process.argv.includes('--tuned')) return;
  const child = spawnSync(process.execPath, [...TUNED_NODE_FLAGS, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ...TUNED_ENV, [MARK]: '1' },
  });
  process.exit(child.status ?? 1);
}

/** One line saying which runtime settings the Node rows ran with. */
export function runtimeNote() {
  if (!tuned) return 'Node rows: default runtime settings.';
  const env = Object.entries(TUNED_ENV)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `Node rows: tuned runtime (\`${env} node ${TUNED_NODE_FLAGS.join(' ')}\`).`;
}
