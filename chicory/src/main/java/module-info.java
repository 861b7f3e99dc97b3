/**
 * memctl for the Chicory WebAssembly runtime: {@link dev.memctl.chicory.NativeChicoryMemory}, a
 * Chicory memory backed by a memctl linear memory, and {@link dev.memctl.chicory.MemoryControl},
 * the {@code memctl.discard} host function.
 */
module dev.memctl.chicory {
    requires transitive dev.memctl.core;
    requires transitive com.dylibso.chicory.runtime;

    exports dev.memctl.chicory;
}
