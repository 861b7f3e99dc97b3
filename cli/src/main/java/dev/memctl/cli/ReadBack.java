package dev.memctl.cli;

/**
 * The last phase of every measurement: discard the whole memory, then only read it. On most
 * kernels a page that is read but never written after a discard is mapped to the kernel's shared
 * zero page: it costs no memory, {@code PAGEMAP_SCAN} does not count it, but {@code mincore} does.
 * On kernels whose reads of fresh memory allocate pages (the Linux provider's {@code read-fault}
 * probe), the read makes the memory resident again and every method counts it.
 *
 * @param discardNanos wall time of discarding the whole memory
 * @param afterDiscard right after that discard
 * @param readNanos wall time of reading a word of every host page (a read fault each, if discarded)
 * @param afterRead after that
 * @param readsZero whether every byte read zero
 */
record ReadBack(long discardNanos, Snapshot afterDiscard, long readNanos, Snapshot afterRead, boolean readsZero) {}
