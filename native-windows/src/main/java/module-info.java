/**
 * The Windows memory provider: {@code VirtualAlloc} reservations on 64-bit Windows, with discard by
 * decommit and recommit, by zeroing and {@code VirtualUnlock}, or by {@code DiscardVirtualMemory}.
 *
 * <p>Only {@link dev.memctl.windows} is exported; the C bindings stay inside the module.
 */
module dev.memctl.windows {
    requires dev.memctl.core;
    requires org.slf4j;

    exports dev.memctl.windows;

    provides dev.memctl.spi.MemoryProvider with
            dev.memctl.windows.WindowsMemoryProvider;
}
