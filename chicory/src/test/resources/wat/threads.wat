;; Atomics on a shared memory, for NativeChicoryMemoryTest: several instances import the same
;; memory and run in their own threads.
(module
  (import "env" "memory" (memory 1 2 shared))
  ;; adds 1 to the counter at 0, n times
  (func (export "add") (param $n i32)
    (loop $again
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $again (local.get $n))))
  (func (export "count") (result i32)
    (i32.atomic.load (i32.const 0)))
  ;; waits on the int at 8 while it is $expected, for $timeout ns (negative: for ever)
  (func (export "wait") (param $expected i32) (param $timeout i64) (result i32)
    (memory.atomic.wait32 (i32.const 8) (local.get $expected) (local.get $timeout)))
  ;; stores $value at 8, then wakes up to $count waiters there
  (func (export "signal") (param $value i32) (param $count i32) (result i32)
    (i32.atomic.store (i32.const 8) (local.get $value))
    (memory.atomic.notify (i32.const 8) (local.get $count))))
