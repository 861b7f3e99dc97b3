package dev.memctl;

import dev.memctl.spi.ImageFile;
import dev.memctl.spi.MemoryProvider;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The initial contents of a memory: segments of bytes at offsets, the rest zeros; typically a
 * WebAssembly module's active data segments. Build one with {@link #builder()}, then create
 * memories from it with {@link LinearMemory#create(MemoryType, MemoryConfig, MemoryImage)} or
 * {@link MemoryPool#acquire(MemoryType, MemoryImage)}.
 *
 * <p>Where the provider can (Linux: {@link MemoryProvider#imagesUnavailableReason()} is empty),
 * the image's pages live once, in a sealed {@code memfd} made the first time a memory of that
 * provider is created from it, and each memory maps them copy-on-write: creating a memory copies
 * nothing, and a page costs memory of its own only once the memory writes it. Elsewhere each
 * memory gets a copy of the segments. Either way a memory reads exactly the image at first, its
 * writes are its own, and a discard gives zeros, image or not.
 *
 * <p>{@linkplain #close() Closing} the image gives back its {@code memfd}; memories made from it
 * keep their contents, but no memory can be made from it any more. An image that is not closed is
 * closed when it becomes unreachable. Immutable apart from that, and thread-safe.
 */
public final class MemoryImage implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    /** One segment: {@code bytes} at {@code offset}. */
    private record Segment(long offset, byte[] bytes) {}

    /** The image files made so far, by provider; what the cleaner closes. */
    private static final class Files implements Runnable {
        final Map<MemoryProvider, ImageFile> byProvider = new IdentityHashMap<>();
        boolean closed;

        @Override
        public synchronized void run() {
            closed = true;
            for (ImageFile f : byProvider.values()) {
                f.close();
            }
            byProvider.clear();
        }
    }

    private final List<Segment> segments;
    private final long dataEnd;
    private final long byteSize;
    private final long dataBytes;
    private final Files files = new Files();
    private final Cleaner.Cleanable cleanable;

    private MemoryImage(List<Segment> segments) {
        this.segments = List.copyOf(segments);
        long end = 0;
        long bytes = 0;
        for (Segment s : segments) {
            end = Math.max(end, s.offset() + s.bytes().length);
            bytes += s.bytes().length;
        }
        this.dataEnd = end;
        this.byteSize = Math.ceilDiv(end, 65536L) * 65536L;
        this.dataBytes = bytes;
        this.cleanable = CLEANER.register(this, files);
    }

    /**
     * A builder of an image with no segments yet.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The bytes of memory the image covers: from 0 to the end of its last segment, rounded up to
     * whole 64 KiB pages. A memory made from it must have at least this many bytes initially.
     *
     * @return the size in bytes, a multiple of 64 KiB; 0 for an image without data
     */
    public long byteSize() {
        return byteSize;
    }

    /**
     * The bytes its segments hold together (overlapping segments count twice).
     *
     * @return the sum of the segments' lengths
     */
    public long dataBytes() {
        return dataBytes;
    }

    /**
     * How many segments it has.
     *
     * @return the number of {@link Builder#segment} calls that built it
     */
    public int segmentCount() {
        return segments.size();
    }

    /**
     * Gives back the image's {@code memfd}s. Memories made from it keep their contents; creating
     * one from it afterwards throws {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "MemoryImage[" + segments.size() + " segments, " + dataBytes + " bytes of data, " + byteSize
                + " bytes of memory]";
    }

    /** Throws unless a memory of {@code type} can hold the image in its initial pages. */
    void checkFits(MemoryType type) {
        long initial = type.minPages() << MemoryType.PAGE_SHIFT;
        if (type.minPages() > (Long.MAX_VALUE >>> MemoryType.PAGE_SHIFT) || byteSize > initial) {
            throw new IllegalArgumentException("an image whose data ends at byte " + dataEnd
                    + " does not fit a memory of " + type.minPages() + " initial pages (" + initial + " bytes)");
        }
        synchronized (files) {
            if (files.closed) {
                throw new IllegalStateException("the memory image is closed");
            }
        }
    }

    /**
     * The image's file for {@code provider}, made on first use: the segments written into a
     * zeroed buffer of {@link #byteSize()} bytes, handed to {@link MemoryProvider#createImage}.
     */
    ImageFile file(MemoryProvider provider) {
        synchronized (files) {
            if (files.closed) {
                throw new IllegalStateException("the memory image is closed");
            }
            ImageFile f = files.byProvider.get(provider);
            if (f == null) {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment contents = arena.allocate(byteSize, 65536);
                    for (Segment s : segments) {
                        MemorySegment.copy(
                                s.bytes(),
                                0,
                                contents,
                                java.lang.foreign.ValueLayout.JAVA_BYTE,
                                s.offset(),
                                s.bytes().length);
                    }
                    f = provider.createImage(contents);
                }
                files.byProvider.put(provider, f);
            }
            return f;
        }
    }

    /** Writes the segments into {@code memory}, in order (a later one overwrites an earlier). */
    void copyInto(LinearMemory memory) {
        for (Segment s : segments) {
            memory.write(s.offset(), s.bytes(), 0, s.bytes().length);
        }
    }

    /** Builds a {@link MemoryImage}. */
    public static final class Builder {
        private final List<Segment> segments = new ArrayList<>();

        private Builder() {}

        /**
         * Adds {@code bytes} (copied now) at {@code offset}. Segments may overlap; a later one wins
         * where they do, as WebAssembly's active data segments are applied in order.
         *
         * @param offset where the segment starts in the memory, in bytes
         * @param bytes the segment's contents; copied, so the array may be reused
         * @return this builder
         * @throws IllegalArgumentException if {@code offset} is negative or the segment ends past
         *     2<sup>46</sup> bytes, the largest reservation memctl makes
         * @throws NullPointerException if {@code bytes} is null
         */
        public Builder segment(long offset, byte[] bytes) {
            Objects.requireNonNull(bytes, "bytes");
            if (offset < 0 || offset > MemoryConfig.MAX_TOTAL_BYTES - bytes.length) {
                throw new IllegalArgumentException(
                        "a segment of " + bytes.length + " bytes at offset " + offset + " is outside [0, 2^46)");
            }
            segments.add(new Segment(offset, bytes.clone()));
            return this;
        }

        /**
         * Makes the image. The builder may go on to build another.
         *
         * @return a new image of the segments added so far, open
         */
        public MemoryImage build() {
            return new MemoryImage(segments);
        }
    }
}
