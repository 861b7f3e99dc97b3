package dev.memctl;

import java.util.Objects;

/**
 * A WebAssembly trap raised by a memory operation. The message uses the specification's words;
 * {@link #kind()} is for code. An operation that traps has changed nothing.
 */
public final class Trap extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why an operation trapped. */
    public enum Kind {
        /** An access or range that is not entirely inside {@code [0, byteSize)}. */
        OUT_OF_BOUNDS("out of bounds memory access"),
        /** A {@code memory.discard} whose address or length is not a multiple of 64 KiB. */
        UNALIGNED("unaligned"),
        /** An atomic access whose address is not a multiple of its width (threads proposal). */
        UNALIGNED_ATOMIC("unaligned atomic"),
        /** {@code memory.atomic.wait32/64} on a memory that is not shared (threads proposal). */
        EXPECTED_SHARED_MEMORY("expected shared memory"),
        /**
         * A load or store (or a bulk operation or discard) in bounds that touches a page whose
         * {@link Access} forbids it: a page of a static no-access or read-only region, or in a
         * virtual memory a page that is unmapped or protected (memory-control proposal). The
         * proposal names no words; these are memctl's.
         */
        PROTECTED("protected memory access"),
        /**
         * {@code memory.map}, {@code memory.unmap} or {@code memory.protect} (or {@link
         * LinearMemory#mapFile}) refused: an empty range, a map over pages already mapped, a protect
         * over unmapped pages, or an access the mapping cannot give (memory-control proposal,
         * virtual mode). Words are memctl's.
         */
        INVALID_MAPPING("invalid memory mapping");

        private final String specText;

        Kind(String specText) {
            this.specText = specText;
        }

        /**
         * The words the WebAssembly specification (or the proposal's prototype) uses.
         *
         * @return the text every trap of this kind's message starts with, e.g. {@code out of
         *     bounds memory access}
         */
        public String specText() {
            return specText;
        }
    }

    /** Why the operation trapped: {@link #kind()}. */
    private final Kind kind;

    /**
     * A trap whose message is the kind's {@linkplain Kind#specText() words}, then {@code ": "}
     * and {@code detail}. A memory makes its traps itself, with the access in {@code detail}.
     *
     * @param kind why the operation trapped
     * @param detail what was accessed, appended to the specification's words; null or empty for
     *     the words alone
     * @throws NullPointerException if {@code kind} is null
     */
    public Trap(Kind kind, String detail) {
        super(kind.specText() + (detail == null || detail.isEmpty() ? "" : ": " + detail), null, false, true);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Why the operation trapped.
     *
     * @return the kind, for code to switch on; the message is for people
     */
    public Kind kind() {
        return kind;
    }

    static Trap outOfBounds(long address, long length, long byteSize) {
        return new Trap(
                Kind.OUT_OF_BOUNDS,
                "address " + Long.toUnsignedString(address) + " + length " + Long.toUnsignedString(length)
                        + " exceeds the memory size of " + byteSize + " bytes");
    }

    static Trap unaligned(long address, long length) {
        return new Trap(
                Kind.UNALIGNED,
                "discard address " + Long.toUnsignedString(address) + " and length " + Long.toUnsignedString(length)
                        + " must be multiples of " + MemoryType.PAGE_SIZE);
    }

    static Trap unalignedAtomic(long address, int width) {
        return new Trap(
                Kind.UNALIGNED_ATOMIC,
                "address " + Long.toUnsignedString(address) + " of a " + width
                        + "-byte atomic access is not a multiple of " + width);
    }

    static Trap protectedAccess(long address, long length, boolean store, String why) {
        return new Trap(
                Kind.PROTECTED,
                (store ? "store of " : "load of ") + Long.toUnsignedString(length) + " bytes at "
                        + Long.toUnsignedString(address) + ": " + why);
    }

    static Trap invalidMapping(String detail) {
        return new Trap(Kind.INVALID_MAPPING, detail);
    }

    static Trap expectedSharedMemory(String operation) {
        return new Trap(Kind.EXPECTED_SHARED_MEMORY, operation + " on a memory that is not shared");
    }
}
