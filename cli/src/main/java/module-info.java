/**
 * The {@code memctl} command line: {@code memctl measure} runs every discard strategy of this OS
 * over the same scenarios and shows how many bytes really leave the working set, what it costs,
 * and whether the memory reads back as zeros.
 */
module dev.memctl.cli {
    // memctl measure --workload: a WebAssembly program with WASI on NativeChicoryMemory.
    requires com.dylibso.chicory.wasi;
    requires com.google.gson;
    // The OS's figures come through dev.memctl.spi.Instruments; the native modules are on the module
    // path at run time, found by the core's ServiceLoader (service binding resolves them).
    requires dev.memctl.core;
    requires dev.memctl.chicory;
    requires info.picocli;
    requires jdk.management;
    // sun.misc.Unsafe.pageSize(), read reflectively: the host page size without native access (HostPage).
    requires jdk.unsupported;

    // picocli fills the @Option fields reflectively.
    opens dev.memctl.cli to
            info.picocli;
}
