package dev.memctl.testkit;

import dev.memctl.LinearMemory;
import dev.memctl.MapMode;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.SharedMemoryObject;

/**
 * The child JVM of {@link MappedMemoryContract}: {@code <provider> <name> <pages>} opens the shared
 * memory object {@code name}, maps it shared into a virtual memory of its own, prints {@code CHILD
 * READ <hex>} with the long at address 0, stores {@link #CHILD_VALUE} at address 64 KiB, forces
 * it and exits 0.
 */
public final class MappedMemoryChild {

    static final long CHILD_VALUE = 0x5EED_CAFE_0000_0042L;

    private MappedMemoryChild() {}

    public static void main(String[] args) {
        MemoryConfig config = MemoryConfig.builder().provider(args[0]).build();
        long pages = Long.parseLong(args[2]);
        try (SharedMemoryObject object = SharedMemoryObject.open(args[1], config);
                LinearMemory m = LinearMemory.create(MemoryType.of(pages, pages).asVirtual(), config)) {
            m.mapFile(0, object, 0, pages * MemoryType.PAGE_SIZE, MapMode.SHARED);
            System.out.println("CHILD READ " + Long.toHexString(m.getLong(0)));
            m.setLong(MemoryType.PAGE_SIZE, CHILD_VALUE);
            m.force(0, m.byteSize());
        }
        System.out.println("CHILD DONE");
    }
}
