package dev.memctl.linux;

/**
 * What reading a never-written page of private anonymous memory does on this kernel. Kernels
 * differ: most map the kernel's one shared zero page (no memory used), but some (seen on Linux
 * 6.18.44 guests on 2026-12-02) allocate a real zeroed page, exactly as a write would. Which one
 * a machine does is found by {@link ReadFaultProbe}, never assumed.
 *
 * <p>It matters after a discard: reading the discarded range back makes it resident again on an
 * {@link #ALLOCATES} kernel, and costs nothing on a {@link #ZERO_PAGE} one.
 */
public enum ReadFault {
    /** The read maps the shared zero page: the process's RSS does not grow, PAGEMAP_SCAN reports {@code PAGE_IS_PFNZERO}. */
    ZERO_PAGE("map the shared zero page"),
    /** The read allocates a zeroed page of its own: RSS grows by a page per page read. */
    ALLOCATES("allocate pages"),
    /** The probe could not tell (its evidence says why). */
    UNKNOWN("do what the probe could not tell");

    private final String description;

    ReadFault(String description) {
        this.description = description;
    }

    /**
     * {@return what reads do, in a few words that follow "reads": {@code map the shared zero page},
     * {@code allocate pages}, {@code do what the probe could not tell}}
     */
    public String description() {
        return description;
    }
}
