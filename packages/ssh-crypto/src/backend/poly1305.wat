;; Poly1305 (RFC 8439 §2.5) for the node backend, hand-written WebAssembly.
;; Assemble: wat2wasm src/backend/poly1305.wat -o /tmp/p.wasm, then embed the
;; bytes in poly1305-wasm.ts (see the comment there).
;;
;; Radix 2^26: h and r in five 26-bit limbs held in i64 locals, so every
;; product is a native 64-bit multiply (h_i < 2^27, 5 * r_i < 2^29, a column
;; of five products < 2^59). Memory layout (the caller fills it):
;;   [0, 32)   one-time key r || s
;;   [32, 48)  tag output
;;   [64, ...) message; when its length is not a multiple of 16 the caller
;;             appends 0x01 and zeros up to the next 16-byte boundary
(module
  (memory (export "memory") 1)

  ;; $full: bytes of whole blocks at 64 (multiple of 16)
  ;; $partial: 1 if one padded final block follows them (no 2^128 bit), else 0
  (func (export "poly1305") (param $full i32) (param $partial i32)
    (local $r0 i64) (local $r1 i64) (local $r2 i64) (local $r3 i64) (local $r4 i64)
    (local $s1 i64) (local $s2 i64) (local $s3 i64) (local $s4 i64)
    (local $h0 i64) (local $h1 i64) (local $h2 i64) (local $h3 i64) (local $h4 i64)
    (local $d0 i64) (local $d1 i64) (local $d2 i64) (local $d3 i64) (local $d4 i64)
    (local $c i64) (local $p i32) (local $end i32) (local $hibit i64)
    (local $g0 i64) (local $g1 i64) (local $g2 i64) (local $g3 i64) (local $g4 i64)
    (local $mask i64) (local $f i64)

    ;; r, clamped, in 26-bit limbs
    (local.set $r0 (i64.and (i64.load32_u (i32.const 0)) (i64.const 0x3ffffff)))
    (local.set $r1 (i64.and (i64.shr_u (i64.load32_u (i32.const 3)) (i64.const 2)) (i64.const 0x3ffff03)))
    (local.set $r2 (i64.and (i64.shr_u (i64.load32_u (i32.const 6)) (i64.const 4)) (i64.const 0x3ffc0ff)))
    (local.set $r3 (i64.and (i64.shr_u (i64.load32_u (i32.const 9)) (i64.const 6)) (i64.const 0x3f03fff)))
    (local.set $r4 (i64.and (i64.shr_u (i64.load32_u (i32.const 12)) (i64.const 8)) (i64.const 0x00fffff)))
    (local.set $s1 (i64.mul (local.get $r1) (i64.const 5)))
    (local.set $s2 (i64.mul (local.get $r2) (i64.const 5)))
    (local.set $s3 (i64.mul (local.get $r3) (i64.const 5)))
    (local.set $s4 (i64.mul (local.get $r4) (i64.const 5)))

    (local.set $p (i32.const 64))
    (local.set $end (i32.add (i32.const 64) (i32.add (local.get $full) (i32.shl (local.get $partial) (i32.const 4)))))
    (local.set $hibit (i64.const 0x1000000))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        ;; the padded final block carries no 2^128 bit
        (if (i32.ge_u (local.get $p) (i32.add (i32.const 64) (local.get $full)))
          (then (local.set $hibit (i64.const 0))))
        ;; h += m
        (local.set $h0 (i64.add (local.get $h0)
          (i64.and (i64.load32_u (local.get $p)) (i64.const 0x3ffffff))))
        (local.set $h1 (i64.add (local.get $h1)
          (i64.and (i64.shr_u (i64.load32_u offset=3 (local.get $p)) (i64.const 2)) (i64.const 0x3ffffff))))
        (local.set $h2 (i64.add (local.get $h2)
          (i64.and (i64.shr_u (i64.load32_u offset=6 (local.get $p)) (i64.const 4)) (i64.const 0x3ffffff))))
        (local.set $h3 (i64.add (local.get $h3)
          (i64.and (i64.shr_u (i64.load32_u offset=9 (local.get $p)) (i64.const 6)) (i64.const 0x3ffffff))))
        (local.set $h4 (i64.add (local.get $h4)
          (i64.or (i64.shr_u (i64.load32_u offset=12 (local.get $p)) (i64.const 8)) (local.get $hibit))))
        ;; d = h * r mod 2^130 - 5 (columns past limb 4 wrap with factor 5)
        (local.set $d0 (i64.add (i64.add (i64.add (i64.add
          (i64.mul (local.get $h0) (local.get $r0)) (i64.mul (local.get $h1) (local.get $s4)))
          (i64.mul (local.get $h2) (local.get $s3))) (i64.mul (local.get $h3) (local.get $s2)))
          (i64.mul (local.get $h4) (local.get $s1))))
        (local.set $d1 (i64.add (i64.add (i64.add (i64.add
          (i64.mul (local.get $h0) (local.get $r1)) (i64.mul (local.get $h1) (local.get $r0)))
          (i64.mul (local.get $h2) (local.get $s4))) (i64.mul (local.get $h3) (local.get $s3)))
          (i64.mul (local.get $h4) (local.get $s2))))
        (local.set $d2 (i64.add (i64.add (i64.add (i64.add
          (i64.mul (local.get $h0) (local.get $r2)) (i64.mul (local.get $h1) (local.get $r1)))
          (i64.mul (local.get $h2) (local.get $r0))) (i64.mul (local.get $h3) (local.get $s4)))
          (i64.mul (local.get $h4) (local.get $s3))))
        (local.set $d3 (i64.add (i64.add (i64.add (i64.add
          (i64.mul (local.get $h0) (local.get $r3)) (i64.mul (local.get $h1) (local.get $r2)))
          (i64.mul (local.get $h2) (local.get $r1))) (i64.mul (local.get $h3) (local.get $r0)))
          (i64.mul (local.get $h4) (local.get $s4))))
        (local.set $d4 (i64.add (i64.add (i64.add (i64.add
          (i64.mul (local.get $h0) (local.get $r4)) (i64.mul (local.get $h1) (local.get $r3)))
          (i64.mul (local.get $h2) (local.get $r2))) (i64.mul (local.get $h3) (local.get $r1)))
          (i64.mul (local.get $h4) (local.get $r0))))
        ;; carry
        (local.set $c (i64.shr_u (local.get $d0) (i64.const 26)))
        (local.set $h0 (i64.and (local.get $d0) (i64.const 0x3ffffff)))
        (local.set $d1 (i64.add (local.get $d1) (local.get $c)))
        (local.set $c (i64.shr_u (local.get $d1) (i64.const 26)))
        (local.set $h1 (i64.and (local.get $d1) (i64.const 0x3ffffff)))
        (local.set $d2 (i64.add (local.get $d2) (local.get $c)))
        (local.set $c (i64.shr_u (local.get $d2) (i64.const 26)))
        (local.set $h2 (i64.and (local.get $d2) (i64.const 0x3ffffff)))
        (local.set $d3 (i64.add (local.get $d3) (local.get $c)))
        (local.set $c (i64.shr_u (local.get $d3) (i64.const 26)))
        (local.set $h3 (i64.and (local.get $d3) (i64.const 0x3ffffff)))
        (local.set $d4 (i64.add (local.get $d4) (local.get $c)))
        (local.set $c (i64.shr_u (local.get $d4) (i64.const 26)))
        (local.set $h4 (i64.and (local.get $d4) (i64.const 0x3ffffff)))
        (local.set $h0 (i64.add (local.get $h0) (i64.mul (local.get $c) (i64.const 5))))
        (local.set $c (i64.shr_u (local.get $h0) (i64.const 26)))
        (local.set $h0 (i64.and (local.get $h0) (i64.const 0x3ffffff)))
        (local.set $h1 (i64.add (local.get $h1) (local.get $c)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $blocks)))

    ;; full carry
    (local.set $c (i64.shr_u (local.get $h1) (i64.const 26)))
    (local.set $h1 (i64.and (local.get $h1) (i64.const 0x3ffffff)))
    (local.set $h2 (i64.add (local.get $h2) (local.get $c)))
    (local.set $c (i64.shr_u (local.get $h2) (i64.const 26)))
    (local.set $h2 (i64.and (local.get $h2) (i64.const 0x3ffffff)))
    (local.set $h3 (i64.add (local.get $h3) (local.get $c)))
    (local.set $c (i64.shr_u (local.get $h3) (i64.const 26)))
    (local.set $h3 (i64.and (local.get $h3) (i64.const 0x3ffffff)))
    (local.set $h4 (i64.add (local.get $h4) (local.get $c)))
    (local.set $c (i64.shr_u (local.get $h4) (i64.const 26)))
    (local.set $h4 (i64.and (local.get $h4) (i64.const 0x3ffffff)))
    (local.set $h0 (i64.add (local.get $h0) (i64.mul (local.get $c) (i64.const 5))))
    (local.set $c (i64.shr_u (local.get $h0) (i64.const 26)))
    (local.set $h0 (i64.and (local.get $h0) (i64.const 0x3ffffff)))
    (local.set $h1 (i64.add (local.get $h1) (local.get $c)))

    ;; g = h + 5 - 2^130; take g when it is not negative (h >= p), by mask
    (local.set $g0 (i64.add (local.get $h0) (i64.const 5)))
    (local.set $c (i64.shr_u (local.get $g0) (i64.const 26)))
    (local.set $g0 (i64.and (local.get $g0) (i64.const 0x3ffffff)))
    (local.set $g1 (i64.add (local.get $h1) (local.get $c)))
    (local.set $c (i64.shr_u (local.get $g1) (i64.const 26)))
    (local.set $g1 (i64.and (local.get $g1) (i64.const 0x3ffffff)))
    (local.set $g2 (i64.add (local.get $h2) (local.get $c)))
    (local.set $c (i64.shr_u (local.get $g2) (i64.const 26)))
    (local.set $g2 (i64.and (local.get $g2) (i64.const 0x3ffffff)))
    (local.set $g3 (i64.add (local.get $h3) (local.get $c)))
    (local.set $c (i64.shr_u (local.get $g3) (i64.const 26)))
    (local.set $g3 (i64.and (local.get $g3) (i64.const 0x3ffffff)))
    (local.set $g4 (i64.sub (i64.add (local.get $h4) (local.get $c)) (i64.const 0x4000000)))
    ;; mask = all ones when g4 >= 0
    (local.set $mask (i64.sub (i64.shr_u (local.get $g4) (i64.const 63)) (i64.const 1)))
    (local.set $h0 (i64.or (i64.and (local.get $g0) (local.get $mask))
      (i64.and (local.get $h0) (i64.xor (local.get $mask) (i64.const -1)))))
    (local.set $h1 (i64.or (i64.and (local.get $g1) (local.get $mask))
      (i64.and (local.get $h1) (i64.xor (local.get $mask) (i64.const -1)))))
    (local.set $h2 (i64.or (i64.and (local.get $g2) (local.get $mask))
      (i64.and (local.get $h2) (i64.xor (local.get $mask) (i64.const -1)))))
    (local.set $h3 (i64.or (i64.and (local.get $g3) (local.get $mask))
      (i64.and (local.get $h3) (i64.xor (local.get $mask) (i64.const -1)))))
    (local.set $h4 (i64.or (i64.and (local.get $g4) (local.get $mask))
      (i64.and (local.get $h4) (i64.xor (local.get $mask) (i64.const -1)))))

    ;; h mod 2^128 as four 32-bit words, plus s, with carries
    (local.set $d0 (i64.and (i64.or (local.get $h0) (i64.shl (local.get $h1) (i64.const 26))) (i64.const 0xffffffff)))
    (local.set $d1 (i64.and (i64.or (i64.shr_u (local.get $h1) (i64.const 6)) (i64.shl (local.get $h2) (i64.const 20))) (i64.const 0xffffffff)))
    (local.set $d2 (i64.and (i64.or (i64.shr_u (local.get $h2) (i64.const 12)) (i64.shl (local.get $h3) (i64.const 14))) (i64.const 0xffffffff)))
    (local.set $d3 (i64.and (i64.or (i64.shr_u (local.get $h3) (i64.const 18)) (i64.shl (local.get $h4) (i64.const 8))) (i64.const 0xffffffff)))
    (local.set $f (i64.add (local.get $d0) (i64.load32_u (i32.const 16))))
    (i64.store32 (i32.const 32) (local.get $f))
    (local.set $f (i64.add (i64.add (local.get $d1) (i64.load32_u (i32.const 20))) (i64.shr_u (local.get $f) (i64.const 32))))
    (i64.store32 (i32.const 36) (local.get $f))
    (local.set $f (i64.add (i64.add (local.get $d2) (i64.load32_u (i32.const 24))) (i64.shr_u (local.get $f) (i64.const 32))))
    (i64.store32 (i32.const 40) (local.get $f))
    (local.set $f (i64.add (i64.add (local.get $d3) (i64.load32_u (i32.const 28))) (i64.shr_u (local.get $f) (i64.const 32))))
    (i64.store32 (i32.const 44) (local.get $f)))
)
