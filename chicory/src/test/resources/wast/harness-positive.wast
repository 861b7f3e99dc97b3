;; Harness self-test: the command kinds and value forms that the memory files of the spec suite do
;; not use (get, named modules, register of a named module, NaN patterns, exhaustion, unlinkable,
;; binary malformed). Every command here must pass.

(module $M1
  (global (export "g") i32 (i32.const 42))
  (global (export "g64") i64 (i64.const -1))
  (memory (export "mem") 1)
  (data (i32.const 8) "\2a\00\00\00")
  (func (export "f32.nan") (result f32) (f32.const nan))
  (func (export "f32.arith") (result f32) (f32.const -nan:0x400001))
  (func (export "f64.nan") (result f64) (f64.const -nan))
  (func (export "f64.arith") (result f64) (f64.const nan:0xc000000000001))
  (func (export "f32.bits") (param f32) (result f32) (local.get 0))
  (func $loop (export "loop") (call $loop))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
)
(register "M1" $M1)
(assert_return (get "g") (i32.const 42))
(assert_return (get $M1 "g64") (i64.const -1))
(assert_return (invoke "f32.nan") (f32.const nan:canonical))
(assert_return (invoke "f32.arith") (f32.const nan:arithmetic))
(assert_return (invoke "f64.nan") (f64.const nan:canonical))
(assert_return (invoke "f64.arith") (f64.const nan:arithmetic))
(assert_return (invoke "f32.bits" (f32.const -nan:0x12345)) (f32.const -nan:0x12345))
(assert_exhaustion (invoke "loop") "call stack exhausted")
(assert_trap (invoke "load" (i32.const 65533)) "out of bounds memory access")

(module $M2
  (import "M1" "g" (global i32))
  (import "M1" "mem" (memory 1))
  (func (export "read") (result i32) (i32.load (i32.const 8)))
  (func (export "write") (i32.store (i32.const 8) (i32.const 7)))
)
(assert_return (invoke $M2 "read") (i32.const 42))
(invoke $M2 "write")
(assert_return (invoke $M1 "load" (i32.const 8)) (i32.const 7))

(assert_unlinkable (module (import "M1" "missing" (func))) "unknown import")
(assert_trap (module (memory 1) (data (i32.const 65535) "ab")) "out of bounds memory access")
(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_malformed (module quote "(func") "unexpected end")
