/**
 * A sort whose sequence of memory accesses and operations depends only on
 * the length, for sorting secret values (sntrup761's Short_random shuffles a
 * secret by sorting): Batcher's merge-exchange network (Knuth, TAOCP vol. 3,
 * §5.2.2, Algorithm M), which works for any n, with each comparator a
 * branch-free masked min/max: 16,762 comparators for n = 761.
 */

/** Puts min(x[i], x[j]) at i and max at j, with no data-dependent branch or index. */
function compareExchange(x: Uint32Array, i: number, j: number): void {
  const a = x[i] as number;
  const b = x[j] as number;
  // (b - a) / 2^32 is in (-1, 1), exactly; minus 1 it truncates to -1 iff b ≤ a.
  const swap = ((b - a) * 2 ** -32 - 1) | 0;
  const t = (a ^ b) & swap;
  x[i] = a ^ t;
  x[j] = b ^ t;
}

/** Sorts `x` ascending in place, in time independent of its contents. */
export function constantTimeSortUint32(x: Uint32Array): void {
  const n = x.length;
  if (n < 2) return;
  let t = 1;
  while (1 << t < n) t++;
  for (let p = 1 << (t - 1); p > 0; p >>= 1) {
    let q = 1 << (t - 1);
    let r = 0;
    let d = p;
    for (;;) {
      for (let i = 0; i < n - d; i++) if ((i & p) === r) compareExchange(x, i, i + d);
      if (q === p) break;
      d = q - p;
      q >>= 1;
      r = p;
    }
  }
}
