/**
 * memctl for the Chicory WebAssembly runtime: {@link dev.memctl.chicory.NativeChicoryMemory}, a
 * Chicory memory backed by a memctl linear memory; {@link dev.memctl.chicory.PooledMemoryFactory},
 * such memories from a memory pool, started from each module's image of its data segments; and
 * {@link dev.memctl.chicory.MemoryControl}, the {@code memctl.discard} host function.
 */
module dev.memctl.chicory {
    requires transitive dev.memctl.core;
    requires transitive com.dylibso.chicory.runtime;

    exports dev.memctl.chicory;
}
