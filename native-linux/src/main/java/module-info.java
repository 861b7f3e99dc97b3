/**
 * The Linux provider for memctl: reserves, commits, protects and discards linear memories with
 * {@code mmap}, {@code mprotect}, {@code madvise} and {@code process_madvise}, and measures them
 * with {@code PAGEMAP_SCAN}, {@code mincore} and {@code /proc}.
 */
module dev.memctl.linux {
    requires dev.memctl.core;
    requires org.slf4j;

    exports dev.memctl.linux;

    provides dev.memctl.spi.MemoryProvider with
            dev.memctl.linux.LinuxMemoryProvider;
}
