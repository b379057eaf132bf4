// How a script run by the harness hands back what it saw: one line with a
// marker and JSON on stdout. Works the same in Deno, Bun and Node.

const env = (name) => (typeof Deno !== 'undefined' ? Deno.env.get(name) : process.env[name]);

/** The JSON configuration the harness passed in `SSHKIT_CONFIG`. */
export function config() {
  const text = env('SSHKIT_CONFIG');
  if (!text) throw new Error('SSHKIT_CONFIG is not set');
  return JSON.parse(text);
}

export function report(marker, value) {
  console.log(`${marker} ${JSON.stringify(value)}`);
}

/** Runs `main`, reports its result as `SSHKIT_RESULT`, and exits non-zero on an error. */
export async function reportResult(main) {
  try {
    report('SSHKIT_RESULT', await main());
  } catch (e) {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    if (typeof Deno !== 'undefined') Deno.exit(1);
    else process.exit(1);
  }
}
