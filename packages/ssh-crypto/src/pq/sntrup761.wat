;; sntrup761's hot loops (./sntrup761-wasm.ts drives them):
;;
;; - fg and vr, the two inner loops of the Rq divstep (./sntrup761-recip.ts),
;;   two coefficients per f64x2 operation. Coefficients are integers in
;;   (-q, q) held in doubles, exactly as in the JavaScript loops, and every
;;   operation is the same IEEE double operation (WebAssembly never fuses
;;   multiply-adds), so both give identical results. The caller computes the
;;   swap factor m (0 or 1), the multiple c and the bounds, which depend only
;;   on the step number.
;; - mul, the convolution of two polynomials with 16-bit coefficients, eight
;;   products per i32x4.dot_i16x8_s.
;;
;; Memory (byte offsets): f at 0, g at 8192, v at 16392 with v[-1] at 16384
;; (kept 0), r at 24576; 1024 doubles each, so the last pair of a loop may run
;; one coefficient past its bound into a slot that is dead or zero. mul's a
;; at 32784 and b reversed at 34832, each with at least 8 zeros on both
;; sides; its output (int32) at 36864. Loop counts depend only on p.
;;
;; Build: wat2wasm src/pq/sntrup761.wat -o sntrup761.wasm && base64 -w0 sntrup761.wasm
(module
  (memory (export "memory") 1)

  ;; Each loop ends with x mod q in (-q, q) as x - q trunc(x qinv), qinv
  ;; being 1/q rounded up (written out: Node 20 does not inline calls).

  ;; f, g: for i = 1 .. last, d = m (g_i - f_i), f_i += d,
  ;; g_(i-1) = reduce(g_i - d - c f_i); then g_last = 0.
  (func (export "fg") (param $m f64) (param $c f64) (param $qinv f64) (param $last i32)
    (local $at i32) (local $end i32)
    (local $f v128) (local $g v128) (local $d v128) (local $x v128)
    (local $vm v128) (local $vc v128) (local $vq v128) (local $vqinv v128)
    (local.set $vm (f64x2.splat (local.get $m)))
    (local.set $vc (f64x2.splat (local.get $c)))
    (local.set $vq (f64x2.splat (f64.const 4591)))
    (local.set $vqinv (f64x2.splat (local.get $qinv)))
    (local.set $at (i32.const 8))
    (local.set $end (i32.shl (local.get $last) (i32.const 3)))
    (block $done
      (loop $pair
        (br_if $done (i32.gt_u (local.get $at) (local.get $end)))
        (local.set $f (v128.load (local.get $at)))
        (local.set $g (v128.load offset=8192 (local.get $at)))
        (local.set $d (f64x2.mul (local.get $vm) (f64x2.sub (local.get $g) (local.get $f))))
        (local.set $f (f64x2.add (local.get $f) (local.get $d)))
        (v128.store (local.get $at) (local.get $f))
        (local.set $x
          (f64x2.sub (f64x2.sub (local.get $g) (local.get $d)) (f64x2.mul (local.get $vc) (local.get $f))))
        (v128.store offset=8184 (local.get $at)
          (f64x2.sub (local.get $x)
            (f64x2.mul (local.get $vq) (f64x2.trunc (f64x2.mul (local.get $x) (local.get $vqinv))))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $pair)))
    (f64.store offset=8192 (local.get $end) (f64.const 0)))

  ;; v, r: for i = last .. 0 (top-down, so v_(i-1) is read before it is
  ;; overwritten), d = m (r_i - v_(i-1)), v_i = v_(i-1) + d,
  ;; r_i = reduce(r_i - d - c v_i).
  (func (export "vr") (param $m f64) (param $c f64) (param $qinv f64) (param $last i32)
    (local $at i32)
    (local $v v128) (local $r v128) (local $d v128) (local $x v128)
    (local $vm v128) (local $vc v128) (local $vq v128) (local $vqinv v128)
    (local.set $vm (f64x2.splat (local.get $m)))
    (local.set $vc (f64x2.splat (local.get $c)))
    (local.set $vq (f64x2.splat (f64.const 4591)))
    (local.set $vqinv (f64x2.splat (local.get $qinv)))
    ;; Pairs (k, k + 1) from k = (last | 1) - 1 down to 0; $at = 8k.
    (local.set $at (i32.shl (i32.sub (i32.or (local.get $last) (i32.const 1)) (i32.const 1)) (i32.const 3)))
    (block $done
      (loop $pair
        (br_if $done (i32.lt_s (local.get $at) (i32.const 0)))
        (local.set $v (v128.load offset=16384 (local.get $at)))
        (local.set $r (v128.load offset=24576 (local.get $at)))
        (local.set $d (f64x2.mul (local.get $vm) (f64x2.sub (local.get $r) (local.get $v))))
        (local.set $v (f64x2.add (local.get $v) (local.get $d)))
        (v128.store offset=16392 (local.get $at) (local.get $v))
        (local.set $x
          (f64x2.sub (f64x2.sub (local.get $r) (local.get $d)) (f64x2.mul (local.get $vc) (local.get $v))))
        (v128.store offset=24576 (local.get $at)
          (f64x2.sub (local.get $x)
            (f64x2.mul (local.get $vq) (f64x2.trunc (f64x2.mul (local.get $x) (local.get $vqinv))))))
        (local.set $at (i32.sub (local.get $at) (i32.const 16)))
        (br $pair))))

  ;; out_k = sum_i a_i b_(k-i) for k = 0 .. 2p - 2 (p = 761). With rb the
  ;; reversal of b, b_(k-i) = rb_(i + p - 1 - k): both run upwards in i, eight
  ;; at a time from i = max(0, k - p + 1) rounded down to a multiple of 8 to
  ;; min(k, p - 1) and past it; the terms outside the window meet zeros.
  (func (export "mul")
    (local $k i32) (local $at i32) (local $end i32) (local $shift i32) (local $acc v128)
    (loop $output
      ;; at = &a[max(0, k - 760) & ~7], end = &a[min(k, 760)], shift = &rb[i + 760 - k] - &a[i]
      (local.set $at
        (i32.add (i32.const 32784)
          (i32.shl
            (i32.and
              (select (i32.sub (local.get $k) (i32.const 760)) (i32.const 0)
                (i32.gt_s (local.get $k) (i32.const 760)))
              (i32.const -8))
            (i32.const 1))))
      (local.set $end
        (i32.add (i32.const 32784)
          (i32.shl
            (select (local.get $k) (i32.const 760) (i32.lt_s (local.get $k) (i32.const 760)))
            (i32.const 1))))
      (local.set $shift
        (i32.add (i32.const 2048) (i32.shl (i32.sub (i32.const 760) (local.get $k)) (i32.const 1))))
      (local.set $acc (v128.const i32x4 0 0 0 0))
      (block $done
        (loop $eight
          (br_if $done (i32.gt_u (local.get $at) (local.get $end)))
          (local.set $acc
            (i32x4.add (local.get $acc)
              (i32x4.dot_i16x8_s
                (v128.load (local.get $at))
                (v128.load (i32.add (local.get $at) (local.get $shift))))))
          (local.set $at (i32.add (local.get $at) (i32.const 16)))
          (br $eight)))
      (i32.store offset=36864 (i32.shl (local.get $k) (i32.const 2))
        (i32.add
          (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
          (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $output (i32.lt_u (local.get $k) (i32.const 1521)))))
)
