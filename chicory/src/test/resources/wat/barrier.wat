;; A counter and a reusable barrier on a shared memory, for ThreadedWasmTest: every thread runs
;; "round" with its own instance of this module, all importing the same memory.
;;
;; Layout (all i32, aligned):
;;   0  counter: incremented by every thread, $adds times per round
;;   4  arrived: threads at the barrier in the current generation
;;   8  generation: how many times the barrier has opened
;;  12  waits: memory.atomic.wait32 calls that returned 0 (woken by a notify)
(module
  (import "env" "memory" (memory 1 1 shared))

  ;; Waits until $parties threads have called it (in this generation), then lets them all go.
  ;; The last to arrive resets the count, bumps the generation and notifies every waiter; the
  ;; others wait while the generation is the one they arrived in. The wait rechecks the value
  ;; under the wait queue's lock, so a notify between the load and the wait is not lost.
  (func $barrier (param $parties i32)
    (local $gen i32)
    (local.set $gen (i32.atomic.load (i32.const 8)))
    (if (i32.eq (i32.add (i32.atomic.rmw.add (i32.const 4) (i32.const 1)) (i32.const 1))
                (local.get $parties))
      (then
        (i32.atomic.store (i32.const 4) (i32.const 0))
        (drop (i32.atomic.rmw.add (i32.const 8) (i32.const 1)))
        (drop (memory.atomic.notify (i32.const 8) (i32.const -1))))
      (else
        (loop $again
          (if (i32.eqz (memory.atomic.wait32 (i32.const 8) (local.get $gen) (i64.const -1)))
            (then (drop (i32.atomic.rmw.add (i32.const 12) (i32.const 1)))))
          (br_if $again (i32.eq (i32.atomic.load (i32.const 8)) (local.get $gen)))))))

  ;; One round: $adds atomic increments of the counter, the barrier, a read of the counter, the
  ;; barrier again. Returns what it read: every thread's adds of this round and the rounds before,
  ;; and none of the next round's (nobody starts them before everyone has read).
  (func (export "round") (param $adds i32) (param $parties i32) (result i32)
    (local $seen i32)
    (loop $add
      (if (local.get $adds)
        (then
          (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
          (local.set $adds (i32.sub (local.get $adds) (i32.const 1)))
          (br $add))))
    (call $barrier (local.get $parties))
    (local.set $seen (i32.atomic.load (i32.const 0)))
    (call $barrier (local.get $parties))
    (local.get $seen))

  (func (export "counter") (result i32) (i32.atomic.load (i32.const 0)))
  (func (export "generation") (result i32) (i32.atomic.load (i32.const 8)))
  (func (export "woken") (result i32) (i32.atomic.load (i32.const 12))))
