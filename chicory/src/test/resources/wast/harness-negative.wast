;; Harness self-test: every assertion here is wrong, so the runner must report each one as
;; failed. This proves that a pass means something.

(module
  (memory 1)
  (func (export "one") (result i32) (i32.const 1))
  (func (export "float") (result f32) (f32.const 1.0))
  (func (export "quiet-nan") (result f64) (f64.const nan:0x4000000000000))
  (func (export "ok"))
  (func (export "oob") (result i32) (i32.load (i32.const 65536)))
)
(assert_return (invoke "one") (i32.const 2))
(assert_return (invoke "float") (f32.const nan:canonical))
(assert_return (invoke "quiet-nan") (f64.const nan:canonical))
(assert_trap (invoke "ok") "out of bounds memory access")
(assert_trap (invoke "oob") "integer divide by zero")
(assert_exhaustion (invoke "ok") "call stack exhausted")
(assert_invalid (module (func)) "type mismatch")
(assert_malformed (module binary "\00asm\01\00\00\00") "unexpected end")
(assert_unlinkable (module) "unknown import")
(assert_trap (module (memory 1) (data (i32.const 0) "ok")) "out of bounds memory access")
