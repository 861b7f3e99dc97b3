/*
 * access: loads and stores over a static array and nothing else: no growth, no discard. Row 10's
 * control program, built for wasm32-wasi by benchmarks/run.sh: under Chicory's interpreter it
 * times the memory's access path (i32.load / i32.store through Chicory's Memory interface) on
 * memory that is resident after the first pass, where churn.c also pays for growing memory and
 * for faulting discarded pages back in.
 *
 * Prints "checksum=<hex>", the same on every memory.
 */
#include <stdint.h>
#include <stdio.h>

#ifndef WORDS
#define WORDS (1u << 20) /* 4 MiB of 32-bit words */
#endif
#ifndef PASSES
#define PASSES 4
#endif

static uint32_t words[WORDS];

int main(void) {
    uint32_t sum = 0;
    for (uint32_t pass = 0; pass < PASSES; pass++) {
        for (uint32_t i = 0; i < WORDS; i++) {
            uint32_t v = words[i] * 2654435761u + pass + i;
            words[i] = v;
            sum += v >> 7;
        }
    }
    printf("checksum=%08x\n", (unsigned)sum);
    return 0;
}
