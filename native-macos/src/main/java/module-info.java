/**
 * The macOS memory provider: {@code mmap}/{@code mprotect} reservations on arm64 and x86_64, with
 * discard by an anonymous {@code mmap(MAP_FIXED)} over the range.
 *
 * <p>Only {@link dev.memctl.macos} is exported; the C bindings stay inside the module.
 */
module dev.memctl.macos {
    requires dev.memctl.core;
    requires org.slf4j;

    exports dev.memctl.macos;

    provides dev.memctl.spi.MemoryProvider with
            dev.memctl.macos.MacosMemoryProvider;
}
