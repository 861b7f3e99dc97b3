package dev.memctl.spi;

/** Access rights of a range of pages. */
public enum Protection {
    /** No access: a guard or a reserved, not yet committed range. */
    NONE,
    /** Read-only. */
    READ,
    /** Read and write: the accessible part of a memory. */
    READ_WRITE
}
