/*
 * baseline: the C side of memctl's benchmark table. It times, on the same machine and in the same
 * run as the JMH suite, what a C program does for the operations memctl is compared with:
 *
 *   discard_one_call          madvise(MADV_DONTNEED) of --discard-bytes resident bytes, one call  (row 1)
 *   discard_64k_calls         the same in 64 KiB calls                                            (row 2)
 *   scattered_{batched,each}_{idle,busy}
 *                             --ranges 64 KiB ranges (every other 64 KiB) with process_madvise in
 *                             batches of IOV_MAX, or one madvise each; with a second thread
 *                             spinning ("busy") or not                                            (row 3)
 *   seq_getlong               sum of every uint64_t of --bytes                                   (row 4, context)
 *   random_int_rmw            p[a] += 1 at --addresses random int addresses in --bytes           (row 5, context)
 *   memset / memmove          of --bytes, resident, memmove into the other half of 2 x --bytes   (row 6)
 *   mincore / pagemap_scan    of --resident-bytes fully resident bytes; pagemap_scan is the ioctl
 *                             on an open /proc/self/pagemap, pagemap_scan_open adds open+close   (row 9)
 *
 * Output, on stdout: lines starting with '#' are facts (key=value); then a CSV header and one
 * line per measurement: name,unit,samples,mean,median,min,max,stdev with times in nanoseconds
 * per operation. A line "skipped,<name>,<reason>" replaces a measurement the kernel cannot do.
 * Exit status 0, or 1 with a message on stderr when a call fails.
 *
 * Memory is made resident the way the Java benchmarks do it: one 8-byte write per 4 KiB page.
 * Build: gcc -O2 -pthread -o baseline baseline.c (benchmarks/run.sh does it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define WASM_PAGE 65536UL
#define HOST_PAGE 4096UL

/* <linux/fs.h> of Linux 6.7+; Debian 12's headers predate it. */
#ifndef PAGEMAP_SCAN
struct page_region {
    uint64_t start;
    uint64_t end;
    uint64_t categories;
};
struct pm_scan_arg {
    uint64_t size;
    uint64_t flags;
    uint64_t start;
    uint64_t end;
    uint64_t walk_end;
    uint64_t vec;
    uint64_t vec_len;
    uint64_t max_pages;
    uint64_t category_inverted;
    uint64_t category_mask;
    uint64_t category_anyof_mask;
    uint64_t return_mask;
};
#define PAGEMAP_SCAN _IOWR('f', 16, struct pm_scan_arg)
#define PAGE_IS_PRESENT (1 << 3)
#define PAGE_IS_PFNZERO (1 << 5)
#endif

/* <linux/pidfd.h> of Linux 6.14+. */
#ifndef PIDFD_SELF
#define PIDFD_SELF (-10000)
#endif

static size_t discard_bytes = 1UL << 30;
static size_t ranges = 8192;
static size_t bytes = 256UL << 20;
static size_t addresses = 16384;
static size_t resident_bytes = 1UL << 30;
static int reps = 10;
static int fast_reps = 50;

static void die(const char *what) {
    fprintf(stderr, "baseline: %s failed: errno %d (%s)\n", what, errno, strerror(errno));
    exit(1);
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int compare_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Prints one CSV line for n samples (nanoseconds per operation). */
static void report(const char *name, double *ns, int n) {
    double sum = 0, var = 0;
    for (int i = 0; i < n; i++) {
        sum += ns[i];
    }
    double mean = sum / n;
    for (int i = 0; i < n; i++) {
        var += (ns[i] - mean) * (ns[i] - mean);
    }
    qsort(ns, (size_t)n, sizeof ns[0], compare_double);
    double median = n % 2 ? ns[n / 2] : (ns[n / 2 - 1] + ns[n / 2]) / 2;
    printf("%s,ns,%d,%.1f,%.1f,%.1f,%.1f,%.1f\n", name, n, mean, median, ns[0], ns[n - 1],
           n > 1 ? sqrt(var / (n - 1)) : 0.0);
    fflush(stdout);
}

static uint8_t *map(size_t length) {
    void *p = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        die("mmap");
    }
    return p;
}

static void touch(uint8_t *p, size_t length) {
    for (size_t a = 0; a < length; a += HOST_PAGE) {
        *(volatile uint64_t *)(p + a) = a * 0x9E3779B97F4A7C15u + 1;
    }
}

/* The machine's TLB shootdowns so far (the "TLB:" line of /proc/interrupts, all CPUs), or -1. */
static long tlb_count(void) {
    FILE *f = fopen("/proc/interrupts", "r");
    if (f == NULL) {
        return -1;
    }
    char line[4096];
    long sum = -1;
    while (fgets(line, sizeof line, f) != NULL) {
        char *p = line;
        while (*p == ' ') {
            p++;
        }
        if (strncmp(p, "TLB:", 4) == 0) {
            sum = 0;
            p += 4;
            for (;;) {
                char *end;
                long v = strtol(p, &end, 10);
                if (end == p) {
                    break;
                }
                sum += v;
                p = end;
            }
            break;
        }
    }
    fclose(f);
    return sum;
}

static long tlb_total;
static long tlb_before;

static void tlb_start(void) {
    tlb_before = tlb_count();
}

static void tlb_stop(void) {
    long after = tlb_count();
    if (tlb_before >= 0 && after >= 0) {
        tlb_total += after - tlb_before;
    }
}

/* Prints the mean TLB shootdowns per invocation of the last measurement, as a fact. */
static void tlb_report(const char *name, int invocations) {
    printf("# tlb_shootdowns_%s=%.1f per invocation (%d invocations, warm-up included)\n", name,
           (double)tlb_total / invocations, invocations);
    tlb_total = 0;
}

/* ---- a second thread that keeps the other CPU in this address space ---------------------- */

static volatile int spinning;
static pthread_t spinner;

static void *spin(void *arg) {
    (void)arg;
    while (spinning) {
    }
    return NULL;
}

static void busy(int on) {
    if (on) {
        spinning = 1;
        if (pthread_create(&spinner, NULL, spin, NULL) != 0) {
            die("pthread_create");
        }
    } else {
        spinning = 0;
        pthread_join(spinner, NULL);
    }
}

/* ---- rows 1 and 2 -------------------------------------------------------------------------- */

static void discard_rows(void) {
    uint8_t *p = map(discard_bytes);
    double *ns = calloc((size_t)reps, sizeof *ns);
    for (int r = -1; r < reps; r++) { /* r = -1: warm-up, not recorded */
        touch(p, discard_bytes);
        tlb_start();
        uint64_t t0 = now_ns();
        if (madvise(p, discard_bytes, MADV_DONTNEED) != 0) {
            die("madvise(MADV_DONTNEED)");
        }
        uint64_t t1 = now_ns();
        tlb_stop();
        if (r >= 0) {
            ns[r] = (double)(t1 - t0);
        }
    }
    report("discard_one_call", ns, reps);
    tlb_report("discard_one_call", reps + 1);
    for (int r = -1; r < reps; r++) {
        touch(p, discard_bytes);
        tlb_start();
        uint64_t t0 = now_ns();
        for (size_t a = 0; a < discard_bytes; a += WASM_PAGE) {
            if (madvise(p + a, WASM_PAGE, MADV_DONTNEED) != 0) {
                die("madvise(MADV_DONTNEED)");
            }
        }
        uint64_t t1 = now_ns();
        tlb_stop();
        if (r >= 0) {
            ns[r] = (double)(t1 - t0);
        }
    }
    report("discard_64k_calls", ns, reps);
    tlb_report("discard_64k_calls", reps + 1);
    free(ns);
    munmap(p, discard_bytes);
}

/* ---- row 3 --------------------------------------------------------------------------------- */

static int pidfd = -1;

/* Finds a pidfd for this process that process_madvise(MADV_DONTNEED) accepts, or -1 and why. */
static int find_pidfd(uint8_t *p, const char **how, int *err) {
    struct iovec iov = {p, WASM_PAGE};
    if (syscall(SYS_process_madvise, PIDFD_SELF, &iov, 1, MADV_DONTNEED, 0) == (long)WASM_PAGE) {
        *how = "PIDFD_SELF";
        return PIDFD_SELF;
    }
    int fd = (int)syscall(SYS_pidfd_open, getpid(), 0);
    if (fd >= 0 && syscall(SYS_process_madvise, fd, &iov, 1, MADV_DONTNEED, 0) == (long)WASM_PAGE) {
        *how = "pidfd_open";
        return fd;
    }
    *err = errno;
    if (fd >= 0) {
        close(fd);
    }
    return -1;
}

static void scattered_rows(void) {
    size_t length = 2 * ranges * WASM_PAGE;
    uint8_t *p = map(length);
    struct iovec *iov = calloc(ranges, sizeof *iov);
    for (size_t i = 0; i < ranges; i++) {
        iov[i].iov_base = p + 2 * i * WASM_PAGE;
        iov[i].iov_len = WASM_PAGE;
    }
    const char *how = NULL;
    int err = 0;
    touch(p, WASM_PAGE);
    pidfd = find_pidfd(p, &how, &err);
    if (pidfd == -1) {
        printf("# process_madvise=unsupported errno=%d (%s)\n", err, strerror(err));
    } else {
        printf("# process_madvise=%s\n", how);
    }
    double *ns = calloc((size_t)reps, sizeof *ns);
    for (int with_busy = 0; with_busy <= 1; with_busy++) {
        if (with_busy) {
            busy(1);
        }
        for (int batched = 1; batched >= 0; batched--) {
            char name[64];
            snprintf(name, sizeof name, "scattered_%s_%s", batched ? "batched" : "each", with_busy ? "busy" : "idle");
            if (batched && pidfd == -1) {
                printf("skipped,%s,process_madvise(MADV_DONTNEED) on this process is not supported\n", name);
                continue;
            }
            for (int r = -1; r < reps; r++) {
                for (size_t i = 0; i < ranges; i++) {
                    touch(iov[i].iov_base, WASM_PAGE);
                }
                tlb_start();
                uint64_t t0 = now_ns();
                if (batched) {
                    for (size_t i = 0; i < ranges; i += IOV_MAX) {
                        size_t n = ranges - i < IOV_MAX ? ranges - i : IOV_MAX;
                        long done = syscall(SYS_process_madvise, pidfd, iov + i, n, MADV_DONTNEED, 0);
                        if (done != (long)(n * WASM_PAGE)) {
                            die("process_madvise(MADV_DONTNEED)");
                        }
                    }
                } else {
                    for (size_t i = 0; i < ranges; i++) {
                        if (madvise(iov[i].iov_base, WASM_PAGE, MADV_DONTNEED) != 0) {
                            die("madvise(MADV_DONTNEED)");
                        }
                    }
                }
                uint64_t t1 = now_ns();
                tlb_stop();
                if (r >= 0) {
                    ns[r] = (double)(t1 - t0);
                }
            }
            report(name, ns, reps);
            tlb_report(name, reps + 1);
        }
        if (with_busy) {
            busy(0);
        }
    }
    free(ns);
    free(iov);
    munmap(p, length);
}

/* ---- rows 4 to 6 --------------------------------------------------------------------------- */

static volatile uint64_t sink;

static void access_rows(void) {
    uint8_t *p = map(2 * bytes);
    for (size_t a = 0; a < 2 * bytes; a += 8) {
        *(uint64_t *)(p + a) = a * 0x9E3779B97F4A7C15u + 1;
    }
    double *ns = calloc((size_t)fast_reps, sizeof *ns);

    for (int r = -2; r < reps; r++) {
        uint64_t t0 = now_ns();
        uint64_t sum = 0;
        for (size_t a = 0; a < bytes; a += 8) {
            sum += *(const uint64_t *)(p + a);
        }
        sink = sum;
        uint64_t t1 = now_ns();
        if (r >= 0) {
            ns[r] = (double)(t1 - t0);
        }
    }
    report("seq_getlong", ns, reps);

    uint32_t *addr = calloc(addresses, sizeof *addr);
    uint64_t x = 42;
    for (size_t i = 0; i < addresses; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        addr[i] = (uint32_t)((x % (bytes / 4)) * 4);
    }
    for (int r = -10; r < fast_reps; r++) {
        uint64_t t0 = now_ns();
        for (size_t i = 0; i < addresses; i++) {
            uint32_t v;
            memcpy(&v, p + addr[i], 4);
            v++;
            memcpy(p + addr[i], &v, 4);
        }
        __asm__ volatile("" ::: "memory");
        uint64_t t1 = now_ns();
        if (r >= 0) {
            ns[r] = (double)(t1 - t0);
        }
    }
    report("random_int_rmw", ns, fast_reps);
    free(addr);

    for (int r = -2; r < reps; r++) {
        uint64_t t0 = now_ns();
        memset(p, 0x5A, bytes);
        __asm__ volatile("" ::: "memory");
        uint64_t t1 = now_ns();
        if (r >= 0) {
            ns[r] = (double)(t1 - t0);
        }
    }
    report("memset", ns, reps);

    for (int r = -2; r < reps; r++) {
        uint64_t t0 = now_ns();
        memmove(p + bytes, p, bytes);
        __asm__ volatile("" ::: "memory");
        uint64_t t1 = now_ns();
        if (r >= 0) {
            ns[r] = (double)(t1 - t0);
        }
    }
    report("memmove", ns, reps);
    sink = p[bytes + 12345 % bytes];
    free(ns);
    munmap(p, 2 * bytes);
}

/* ---- row 9 --------------------------------------------------------------------------------- */

static size_t scan_present(int fd, uint8_t *p, size_t length, struct page_region *regions, size_t n) {
    size_t present = 0;
    uint64_t start = (uint64_t)(uintptr_t)p, end = start + length;
    while (start < end) {
        struct pm_scan_arg arg = {
            .size = sizeof arg,
            .start = start,
            .end = end,
            .vec = (uint64_t)(uintptr_t)regions,
            .vec_len = n,
            .category_inverted = PAGE_IS_PFNZERO,
            .category_mask = PAGE_IS_PRESENT | PAGE_IS_PFNZERO,
            .return_mask = PAGE_IS_PRESENT,
        };
        long got = ioctl(fd, PAGEMAP_SCAN, &arg);
        if (got < 0) {
            die("ioctl(PAGEMAP_SCAN)");
        }
        for (long i = 0; i < got; i++) {
            present += regions[i].end - regions[i].start;
        }
        uint64_t next = arg.walk_end;
        if (got > 0 && regions[got - 1].end > next) {
            next = regions[got - 1].end; /* 6.18 can report a stale walk_end */
        }
        if (next <= start) {
            break;
        }
        start = next;
    }
    return present;
}

static void resident_rows(void) {
    uint8_t *p = map(resident_bytes);
    touch(p, resident_bytes);
    size_t pages = resident_bytes / HOST_PAGE;
    unsigned char *vec = malloc(pages);
    double *ns = calloc((size_t)fast_reps, sizeof *ns);
    for (int r = -10; r < fast_reps; r++) {
        uint64_t t0 = now_ns();
        if (mincore(p, resident_bytes, vec) != 0) {
            die("mincore");
        }
        size_t present = 0;
        for (size_t i = 0; i < pages; i++) {
            present += vec[i] & 1;
        }
        uint64_t t1 = now_ns();
        if (present != pages) {
            fprintf(stderr, "baseline: mincore found %zu of %zu pages resident\n", present, pages);
            exit(1);
        }
        if (r >= 0) {
            ns[r] = (double)(t1 - t0);
        }
    }
    report("mincore", ns, fast_reps);

    struct page_region regions[512];
    int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        die("open(/proc/self/pagemap)");
    }
    struct pm_scan_arg probe = {.size = sizeof probe};
    if (ioctl(fd, PAGEMAP_SCAN, &probe) < 0 && (errno == ENOTTY || errno == EINVAL)) {
        printf("skipped,pagemap_scan,PAGEMAP_SCAN needs Linux 6.7: errno %d (%s)\n", errno, strerror(errno));
        printf("skipped,pagemap_scan_open,PAGEMAP_SCAN needs Linux 6.7\n");
    } else {
        for (int r = -10; r < fast_reps; r++) {
            uint64_t t0 = now_ns();
            size_t present = scan_present(fd, p, resident_bytes, regions, 512);
            uint64_t t1 = now_ns();
            if (present != resident_bytes) {
                fprintf(stderr, "baseline: PAGEMAP_SCAN found %zu of %zu bytes resident\n", present, resident_bytes);
                exit(1);
            }
            if (r >= 0) {
                ns[r] = (double)(t1 - t0);
            }
        }
        report("pagemap_scan", ns, fast_reps);
        for (int r = -10; r < fast_reps; r++) {
            uint64_t t0 = now_ns();
            int f = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
            if (f < 0) {
                die("open(/proc/self/pagemap)");
            }
            size_t present = scan_present(f, p, resident_bytes, regions, 512);
            close(f);
            uint64_t t1 = now_ns();
            if (present != resident_bytes) {
                exit(1);
            }
            if (r >= 0) {
                ns[r] = (double)(t1 - t0);
            }
        }
        report("pagemap_scan_open", ns, fast_reps);
    }
    close(fd);
    free(ns);
    free(vec);
    munmap(p, resident_bytes);
}

/* ---- main ---------------------------------------------------------------------------------- */

static size_t size_arg(const char *name, const char *value, size_t unit) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    if (errno != 0 || *end != '\0' || v == 0 || v % unit != 0) {
        fprintf(stderr, "baseline: %s must be a positive multiple of %zu: %s\n", name, unit, value);
        exit(2);
    }
    return (size_t)v;
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : "";
        if (strcmp(a, "--discard-bytes") == 0) {
            discard_bytes = size_arg(a, v, WASM_PAGE), i++;
        } else if (strcmp(a, "--ranges") == 0) {
            ranges = size_arg(a, v, 1), i++;
        } else if (strcmp(a, "--bytes") == 0) {
            bytes = size_arg(a, v, WASM_PAGE), i++;
        } else if (strcmp(a, "--addresses") == 0) {
            addresses = size_arg(a, v, 1), i++;
        } else if (strcmp(a, "--resident-bytes") == 0) {
            resident_bytes = size_arg(a, v, WASM_PAGE), i++;
        } else if (strcmp(a, "--reps") == 0) {
            reps = (int)size_arg(a, v, 1), i++;
            fast_reps = reps * 5;
        } else {
            fprintf(stderr,
                    "usage: baseline [--discard-bytes N] [--ranges N] [--bytes N] [--addresses N]"
                    " [--resident-bytes N] [--reps N]\n");
            return 2;
        }
    }
    if (sysconf(_SC_PAGESIZE) != (long)HOST_PAGE) {
        fprintf(stderr, "baseline: assumes 4 KiB pages, found %ld\n", sysconf(_SC_PAGESIZE));
        return 1;
    }
    printf("# discard_bytes=%zu\n# ranges=%zu\n# bytes=%zu\n# addresses=%zu\n# resident_bytes=%zu\n# reps=%d\n",
           discard_bytes, ranges, bytes, addresses, resident_bytes, reps);
    printf("name,unit,samples,mean,median,min,max,stdev\n");
    discard_rows();
    scattered_rows();
    access_rows();
    resident_rows();
    return 0;
}
