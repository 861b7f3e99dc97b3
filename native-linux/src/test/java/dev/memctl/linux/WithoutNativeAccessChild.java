package dev.memctl.linux;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryType;

/**
 * The child JVM of {@link WithoutNativeAccessTest}: what a new program does first. Creates a
 * memory with the default configuration and prints {@code MEMORY provider}; an exception is left
 * to the JVM, which prints it as a user would see it.
 */
public final class WithoutNativeAccessChild {

    private WithoutNativeAccessChild() {}

    public static void main(String[] args) {
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(1, 1))) {
            memory.setInt(0, 42);
            System.out.println("MEMORY " + memory.provider().name() + " " + memory.getInt(0));
        }
    }
}
