;; UMAC L1 (RFC 4418 §4.2: NH over 1024-byte chunks plus the chunk's bit
;; length, mod 2^64) for every chunk and every iteration, hand-written
;; WebAssembly: native 32x32->64 multiplies. Assemble with
;; `wat2wasm src/mac/umac-nh.wat` and embed the bytes in umac-nh.ts.
;;
;; Memory (the caller fills it):
;;   [$key, ...)  NH key words as little-endian u32 (converted from the KDF's big-endian)
;;   [$msg, ...)  message, zero-padded to a multiple of 32 bytes (at least 32)
;;   [$out, ...)  results: u64 little-endian at ((it * chunks) + c) * 8
(module
  (memory (export "memory") 1)

  (func (export "l1") (param $key i32) (param $msg i32) (param $len i32) (param $iters i32) (param $out i32)
    (local $chunks i32) (local $c i32) (local $it i32) (local $start i32) (local $clen i32)
    (local $p i32) (local $end i32) (local $k i32) (local $y i64)
    ;; chunks = max(1, ceil(len / 1024))
    (local.set $chunks (i32.shr_u (i32.add (local.get $len) (i32.const 1023)) (i32.const 10)))
    (if (i32.eqz (local.get $chunks)) (then (local.set $chunks (i32.const 1))))
    (local.set $it (i32.const 0))
    (loop $iterations
      (local.set $c (i32.const 0))
      (loop $chunk
        (local.set $start (i32.shl (local.get $c) (i32.const 10)))
        ;; this chunk's real length, and the padded end (multiple of 32, at least 32)
        (local.set $clen (i32.sub (local.get $len) (local.get $start)))
        (if (i32.gt_u (local.get $clen) (i32.const 1024)) (then (local.set $clen (i32.const 1024))))
        (local.set $end (i32.and (i32.add (local.get $clen) (i32.const 31)) (i32.const -32)))
        (if (i32.eqz (local.get $end)) (then (local.set $end (i32.const 32))))
        (local.set $p (i32.add (local.get $msg) (local.get $start)))
        (local.set $end (i32.add (local.get $p) (local.get $end)))
        (local.set $k (i32.add (local.get $key) (i32.shl (local.get $it) (i32.const 4))))
        ;; y = bit length
        (local.set $y (i64.extend_i32_u (i32.shl (local.get $clen) (i32.const 3))))
        (loop $words
          (local.set $y (i64.add (local.get $y)
            (i64.mul
              (i64.extend_i32_u (i32.add (i32.load (local.get $p)) (i32.load (local.get $k))))
              (i64.extend_i32_u (i32.add (i32.load offset=16 (local.get $p)) (i32.load offset=16 (local.get $k)))))))
          (local.set $y (i64.add (local.get $y)
            (i64.mul
              (i64.extend_i32_u (i32.add (i32.load offset=4 (local.get $p)) (i32.load offset=4 (local.get $k))))
              (i64.extend_i32_u (i32.add (i32.load offset=20 (local.get $p)) (i32.load offset=20 (local.get $k)))))))
          (local.set $y (i64.add (local.get $y)
            (i64.mul
              (i64.extend_i32_u (i32.add (i32.load offset=8 (local.get $p)) (i32.load offset=8 (local.get $k))))
              (i64.extend_i32_u (i32.add (i32.load offset=24 (local.get $p)) (i32.load offset=24 (local.get $k)))))))
          (local.set $y (i64.add (local.get $y)
            (i64.mul
              (i64.extend_i32_u (i32.add (i32.load offset=12 (local.get $p)) (i32.load offset=12 (local.get $k))))
              (i64.extend_i32_u (i32.add (i32.load offset=28 (local.get $p)) (i32.load offset=28 (local.get $k)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 32)))
          (local.set $k (i32.add (local.get $k) (i32.const 32)))
          (br_if $words (i32.lt_u (local.get $p) (local.get $end))))
        (i64.store
          (i32.add (local.get $out)
            (i32.shl (i32.add (i32.mul (local.get $it) (local.get $chunks)) (local.get $c)) (i32.const 3)))
          (local.get $y))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br_if $chunk (i32.lt_u (local.get $c) (local.get $chunks))))
      (local.set $it (i32.add (local.get $it) (i32.const 1)))
      (br_if $iterations (i32.lt_u (local.get $it) (local.get $iters)))))
)
