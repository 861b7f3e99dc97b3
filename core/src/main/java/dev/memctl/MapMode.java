package dev.memctl;

/**
 * How {@link LinearMemory#mapFile} maps a file or shared memory object into a memory.
 */
public enum MapMode {
    /**
     * Copy-on-write: the memory reads the file's bytes until it writes a page; its writes stay in
     * the memory and never reach the file ({@code MAP_PRIVATE}).
     */
    PRIVATE,
    /**
     * The memory's pages are the file's: stores reach the file (durably after {@link
     * LinearMemory#force} or {@link LinearMemory#unmap}), and every other mapping of it, in this
     * process or another, sees them ({@code MAP_SHARED}).
     */
    SHARED
}
