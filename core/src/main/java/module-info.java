/**
 * WebAssembly-style linear memories backed by reserved virtual address space.
 *
 * <p>{@link dev.memctl.LinearMemory} is the entry point; {@link dev.memctl.spi} is the contract
 * each operating-system provider implements.
 */
module dev.memctl.core {
    requires org.slf4j;
    requires jdk.jfr;

    exports dev.memctl;
    exports dev.memctl.spi;

    uses dev.memctl.spi.MemoryProvider;
}
