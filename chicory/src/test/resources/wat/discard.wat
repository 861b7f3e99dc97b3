;; A guest that uses memctl.discard: used by MemoryControlTest.
(module
  (import "memctl" "discard" (func $discard (param i32 i32)))
  (memory (export "memory") 4)
  (func (export "discard") (param i32 i32)
    (call $discard (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32)
    (i32.load (local.get 0)))
  (func (export "store") (param i32 i32)
    (i32.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32)
    (memory.grow (local.get 0)))
  ;; Discards, then stores 99 at address 0: a trapping discard must unwind before the store.
  (func (export "discard_then_store") (param i32 i32)
    (call $discard (local.get 0) (local.get 1))
    (i32.store (i32.const 0) (i32.const 99)))
)
