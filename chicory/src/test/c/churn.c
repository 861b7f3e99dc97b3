/*
 * churn: allocates and writes a few hundred MiB in rounds through a page-run allocator that hands
 * every freed block back to the host with memctl.discard, then prints what it did.
 *
 * Built by ChurnProgramTest for wasm32-wasi (see there for the flags), and committed built as
 * memctl measure --workload's default program (cli/src/main/resources/dev/memctl/cli/churn.wasm;
 * rebuild it with cli/src/main/wasm/build-churn.sh after a change here). Arguments, both optional:
 * the rounds (default ROUNDS) and the MiB allocated and written per round (default ROUND_BYTES).
 * Output, one "key=value" a
 * line: rounds, written_bytes, discarded_bytes, discard_calls, final_discarded_bytes (the bytes
 * freed after the "before-final-free" checkpoint), nonzero_words (words of freshly allocated
 * blocks that were not zero: must be 0, since fresh memory and discarded memory read as zero),
 * checksum.
 *
 * Allocator: blocks are runs of whole 64 KiB wasm pages, so every block is page aligned and at
 * least 64 KiB, as memory.discard requires. Free runs sit in a sorted, coalesced table; allocation
 * is first fit, and grows the memory when nothing fits. Freeing discards the run first, so a run on
 * the free list holds no physical memory and reads as zero.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((import_module("memctl"), import_name("discard")))
void memctl_discard(void *address, size_t length);

/* Test hook: lets the host measure the memory between phases. */
__attribute__((import_module("churn"), import_name("checkpoint")))
void churn_checkpoint(int phase);

#define PAGE 65536u
#define MAX_RUNS 4096

#ifndef ROUNDS
#define ROUNDS 8
#endif
#ifndef ROUND_BYTES
#define ROUND_BYTES (64u << 20) /* allocated and written per round */
#endif
#ifndef MAX_BLOCK_PAGES
#define MAX_BLOCK_PAGES 48 /* 3 MiB */
#endif
#define MAX_LIVE 4096

struct run {
    uint32_t page;
    uint32_t pages;
};

static struct run free_runs[MAX_RUNS];
static int free_count;
static uint64_t discarded_bytes;
static uint64_t discard_calls;

static void *pages_alloc(uint32_t pages) {
    for (int i = 0; i < free_count; i++) {
        if (free_runs[i].pages >= pages) {
            uint32_t page = free_runs[i].page;
            free_runs[i].page += pages;
            free_runs[i].pages -= pages;
            if (free_runs[i].pages == 0) {
                memmove(&free_runs[i], &free_runs[i + 1], (size_t)(free_count - i - 1) * sizeof free_runs[0]);
                free_count--;
            }
            return (void *)(uintptr_t)((uintptr_t)page * PAGE);
        }
    }
    size_t old = __builtin_wasm_memory_grow(0, pages);
    if (old == (size_t)-1) {
        return NULL;
    }
    return (void *)(uintptr_t)(old * PAGE);
}

static void pages_free(void *block, uint32_t pages) {
    uint32_t page = (uint32_t)((uintptr_t)block / PAGE);
    memctl_discard(block, (size_t)pages * PAGE);
    discarded_bytes += (uint64_t)pages * PAGE;
    discard_calls++;
    int i = 0;
    while (i < free_count && free_runs[i].page < page) {
        i++;
    }
    if (i > 0 && free_runs[i - 1].page + free_runs[i - 1].pages == page) {
        free_runs[i - 1].pages += pages;
        if (i < free_count && free_runs[i - 1].page + free_runs[i - 1].pages == free_runs[i].page) {
            free_runs[i - 1].pages += free_runs[i].pages;
            memmove(&free_runs[i], &free_runs[i + 1], (size_t)(free_count - i - 1) * sizeof free_runs[0]);
            free_count--;
        }
        return;
    }
    if (i < free_count && page + pages == free_runs[i].page) {
        free_runs[i].page = page;
        free_runs[i].pages += pages;
        return;
    }
    if (free_count == MAX_RUNS) {
        return; /* table full: leak the run (never happens at these sizes) */
    }
    memmove(&free_runs[i + 1], &free_runs[i], (size_t)(free_count - i) * sizeof free_runs[0]);
    free_runs[i].page = page;
    free_runs[i].pages = pages;
    free_count++;
}

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t next_random(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 32);
}

struct block {
    uint8_t *data;
    uint32_t pages;
};

static struct block live[MAX_LIVE];
static int live_count;

/* argv[i] as a whole number from 1 to max, or fallback when absent; -1 when it is not one. */
static long argument(int argc, char **argv, int i, long fallback, long max) {
    if (i >= argc) {
        return fallback;
    }
    char *end;
    long v = strtol(argv[i], &end, 10);
    if (*argv[i] == '\0' || *end != '\0' || v < 1 || v > max) {
        return -1;
    }
    return v;
}

int main(int argc, char **argv) {
    long rounds_arg = argument(argc, argv, 1, ROUNDS, 1000000);
    long round_mib = argument(argc, argv, 2, (long)(ROUND_BYTES >> 20), 2048);
    if (rounds_arg < 0 || round_mib < 0 || argc > 3) {
        fprintf(stderr, "usage: churn [ROUNDS (1-1000000) [MIB_PER_ROUND (1-2048)]]\n");
        return 2;
    }
    const int rounds = (int)rounds_arg;
    const uint64_t round_bytes = (uint64_t)round_mib << 20;
    uint64_t written = 0;
    uint64_t nonzero = 0;
    uint64_t checksum = 0xCBF29CE484222325u;
    uint64_t final_discarded = 0;

    for (int round = 0; round < rounds; round++) {
        int first = live_count;
        uint64_t bytes = 0;
        while (bytes < round_bytes && live_count < MAX_LIVE) {
            uint32_t pages = 1 + next_random() % MAX_BLOCK_PAGES;
            uint8_t *data = pages_alloc(pages);
            if (data == NULL) {
                printf("error=out of memory in round %d after %llu bytes\n", round, (unsigned long long)bytes);
                return 1;
            }
            size_t size = (size_t)pages * PAGE;
            /* Fresh memory and discarded memory both read as zero. */
            for (size_t off = 0; off < size; off += 4096) {
                if (*(uint32_t *)(data + off) != 0) {
                    nonzero++;
                }
            }
            memset(data, (int)(0x11 * (round + 1)), size);
            for (size_t off = 0; off < size; off += 4096) {
                *(uint32_t *)(data + off) = next_random();
            }
            live[live_count].data = data;
            live[live_count].pages = pages;
            live_count++;
            bytes += size;
        }
        written += bytes;
        for (int i = first; i < live_count; i++) {
            size_t size = (size_t)live[i].pages * PAGE;
            for (size_t off = 0; off < size; off += 4096) {
                checksum = (checksum ^ *(uint32_t *)(live[i].data + off)) * 0x100000001B3u;
                checksum = (checksum ^ live[i].data[off + 4095]) * 0x100000001B3u;
            }
        }
        if (round == rounds - 1) {
            churn_checkpoint(1);
        }
        /* Free seven blocks in eight; in the last round free everything but the first blocks. */
        uint64_t before = discarded_bytes;
        int kept = 0;
        for (int i = 0; i < live_count; i++) {
            int keep = round == rounds - 1 ? i < 4 : (next_random() & 7) == 0;
            if (keep) {
                live[kept++] = live[i];
            } else {
                pages_free(live[i].data, live[i].pages);
            }
        }
        live_count = kept;
        if (round == rounds - 1) {
            final_discarded = discarded_bytes - before;
            churn_checkpoint(2);
        }
    }
    for (int i = 0; i < live_count; i++) {
        checksum = (checksum ^ live[i].data[live[i].pages * PAGE / 2]) * 0x100000001B3u;
    }

    printf("rounds=%d\n", rounds);
    printf("written_bytes=%llu\n", (unsigned long long)written);
    printf("discarded_bytes=%llu\n", (unsigned long long)discarded_bytes);
    printf("discard_calls=%llu\n", (unsigned long long)discard_calls);
    printf("final_discarded_bytes=%llu\n", (unsigned long long)final_discarded);
    printf("memory_pages=%llu\n", (unsigned long long)__builtin_wasm_memory_size(0));
    printf("nonzero_words=%llu\n", (unsigned long long)nonzero);
    printf("checksum=%016llx\n", (unsigned long long)checksum);
    return 0;
}
