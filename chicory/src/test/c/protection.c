/*
 * protection: uses each memctl protection import from C; ProtectionImportsTest builds it and runs
 * one operation per instance (argv[1]), on the memory that operation needs, and checks what it
 * printed and how it trapped. Every line is "key=value"; a line printed right before an access
 * that must trap says what is about to happen, so that a test sees how far the program got.
 *
 * Built with -Wl,--global-base=131072: page 0 and page 1 hold nothing of the program, so that a
 * memory with static protection can make page 0 no-access and page 1 read-only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memctl.h"

#define PAGE MEMCTL_PAGE_SIZE

/* Two pages of .bss, page aligned: inside the memory's initial pages. */
static unsigned char buffer[2 * PAGE] __attribute__((aligned(65536)));

static void say(const char *key, long value) {
    printf("%s=%ld\n", key, value);
    fflush(stdout);
}

/* A pointer the compiler cannot prove anything about. */
__attribute__((noinline)) static volatile unsigned char *at(uintptr_t address) {
    return (volatile unsigned char *)address;
}

int main(int argc, char **argv) {
    const char *op = argc > 1 ? argv[1] : "";
    unsigned char *page = buffer;
    if (strcmp(op, "protect") == 0) {
        /* Virtual memory: read-only, a load works, a store traps. */
        page[10] = 7;
        say("protected_at", (long)(uintptr_t)memctl_protect(page + 10, 1, MEMCTL_ACCESS_READ));
        say("page", (long)(uintptr_t)page);
        say("read", at((uintptr_t)page + 10)[0]);
        say("storing", 1);
        at((uintptr_t)page + 10)[0] = 8; /* traps */
        say("stored", 1);
    } else if (strcmp(op, "protect_none") == 0) {
        memctl_protect(page, PAGE, MEMCTL_ACCESS_NONE);
        say("loading", 1);
        say("read", at((uintptr_t)page)[0]); /* traps */
    } else if (strcmp(op, "map") == 0) {
        /* Virtual memory: pages grown are unmapped; map one, use it, unmap it, map it again. */
        uintptr_t grown = (uintptr_t)__builtin_wasm_memory_grow(0, 1) * PAGE;
        say("grown", (long)grown);
        uintptr_t mapped = (uintptr_t)memctl_map((void *)(grown + 100), 10, MEMCTL_ACCESS_READ_WRITE);
        say("mapped", (long)mapped);
        at(mapped + 100)[0] = 42;
        say("read", at(mapped + 100)[0]);
        memctl_unmap((void *)mapped, PAGE);
        memctl_map((void *)mapped, PAGE, MEMCTL_ACCESS_READ_WRITE);
        say("read_after_remap", at(mapped + 100)[0]);
        memctl_unmap((void *)mapped, PAGE);
        say("loading", 1);
        say("read_unmapped", at(mapped + 100)[0]); /* traps */
    } else if (strcmp(op, "map_twice") == 0) {
        uintptr_t grown = (uintptr_t)__builtin_wasm_memory_grow(0, 1) * PAGE;
        memctl_map((void *)grown, PAGE, MEMCTL_ACCESS_READ);
        say("mapping", 1);
        memctl_map((void *)grown, PAGE, MEMCTL_ACCESS_READ_WRITE); /* traps */
        say("mapped", 1);
    } else if (strcmp(op, "bad_access") == 0) {
        say("protecting", 1);
        memctl_protect(page, PAGE, 7); /* traps, changing nothing */
        say("protected", 1);
    } else if (strcmp(op, "map_bad_access") == 0) {
        uintptr_t grown = (uintptr_t)__builtin_wasm_memory_grow(0, 1) * PAGE;
        say("grown", (long)grown);
        memctl_map((void *)grown, PAGE, -1); /* traps, changing nothing */
        say("mapped", 1);
    } else if (strcmp(op, "protect_empty") == 0) {
        say("protecting", 1);
        memctl_protect(page, 0, MEMCTL_ACCESS_READ); /* traps */
    } else if (strcmp(op, "map_file") == 0 || strcmp(op, "map_file_shared") == 0) {
        /* File 0, granted by the host: two pages, byte i of page p is (p * 16 + i) & 0xff. */
        int shared = strcmp(op, "map_file_shared") == 0;
        uintptr_t grown = (uintptr_t)__builtin_wasm_memory_grow(0, 2) * PAGE;
        say("grown", (long)grown);
        uintptr_t mapped = (uintptr_t)memctl_map_file(
                (void *)grown, 2 * PAGE, 0, PAGE, shared ? MEMCTL_MAP_SHARED : MEMCTL_MAP_PRIVATE);
        say("mapped", (long)mapped);
        say("byte0", at(mapped)[0]);
        say("byte5", at(mapped + 5)[0]);
        say("byte_page1", at(mapped + PAGE)[0]);
        at(mapped)[0] = 0xAB;
        say("after_store", at(mapped)[0]);
        memctl_unmap((void *)mapped, 2 * PAGE); /* a shared range is synced to the file here */
        say("unmapped", 1);
    } else if (strcmp(op, "map_file_unknown") == 0) {
        uintptr_t grown = (uintptr_t)__builtin_wasm_memory_grow(0, 1) * PAGE;
        say("mapping", 1);
        memctl_map_file((void *)grown, PAGE, 9, 0, MEMCTL_MAP_PRIVATE); /* traps */
    } else if (strcmp(op, "map_file_unaligned") == 0) {
        uintptr_t grown = (uintptr_t)__builtin_wasm_memory_grow(0, 1) * PAGE;
        say("grown", (long)grown);
        memctl_map_file((void *)grown, PAGE, 0, 4096, MEMCTL_MAP_PRIVATE); /* traps */
    } else if (strcmp(op, "map_file_bad_mode") == 0) {
        uintptr_t grown = (uintptr_t)__builtin_wasm_memory_grow(0, 1) * PAGE;
        say("grown", (long)grown);
        memctl_map_file((void *)grown, PAGE, 0, 0, 2); /* traps */
    } else if (strcmp(op, "seal") == 0) {
        /* Static protection, page 0 no-access, page 1 read-only, not sealed by the embedder:
         * fill the read-only page, seal it, read it, then a store traps. */
        volatile unsigned char *ro = at(PAGE);
        for (unsigned i = 0; i < 16; i++) {
            ro[i] = (unsigned char)(i * 3);
        }
        memctl_seal_read_only();
        memctl_seal_read_only(); /* idempotent */
        long sum = 0;
        for (unsigned i = 0; i < 16; i++) {
            sum += ro[i];
        }
        say("sum", sum);
        say("storing", 1);
        ro[0] = 1; /* traps */
        say("stored", 1);
    } else if (strcmp(op, "seal_plain") == 0) {
        say("sealing", 1);
        memctl_seal_read_only(); /* traps: no static protection */
    } else {
        printf("unknown operation '%s'\n", op);
        return 2;
    }
    return 0;
}
