package dev.memctl.benchmarks;

import dev.memctl.LinearMemory;
import dev.memctl.MapMode;
import dev.memctl.MemoryType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Getting a file's bytes into a memory: {@link FileChannel#read} of the whole file into a memory
 * against {@link LinearMemory#mapFile} of it into a virtual memory (docs/performance.md,
 * "Protection and mapping"). The file is in the page cache (every benchmark reads it whole once in
 * setup), so this measures the copy or the mapping and its page faults, not the disk.
 *
 * <ul>
 *   <li>{@link #channelRead}: {@code FileChannel.read} straight into the memory's bytes ({@code
 *       segment().asByteBuffer()}: one copy, from the page cache to the memory) of a memory whose
 *       pages are resident already (the same memory every time).
 *   <li>{@link #channelReadFresh}: the same into a memory created for it, and closed after: the
 *       first write of each page is in the time, as when a file is loaded into a new instance.
 *   <li>{@link #mapTouch}: {@code mapFile(0, file, 0, length, PRIVATE)}, one load per 4 KiB page
 *       (every page is then mapped and readable), {@code unmap}.
 *   <li>{@link #channelReadSum} and {@link #mapSum}: the same as {@link #channelRead} and {@link
 *       #mapTouch}, each followed by a sum of every long of the file through the memory's loads.
 * </ul>
 *
 * <p>The file is {@code -p file=PATH} (random bytes, a multiple of 64 KiB; keep it out of the
 * repository), or, with the default empty parameter, a file of {@code bytes} random bytes that
 * each fork writes to the temporary directory and deletes at its end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx256m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
public class MapFileBenchmark {

    @Param("")
    public String file;

    @Param("1073741824")
    public long bytes;

    private Path path;
    private boolean created;
    private long length;
    private MemoryType type;
    private LinearMemory target;
    private LinearMemory virtual;

    @Setup
    public void setUp() throws IOException {
        Peers.linkNativeCalls();
        if (file.isEmpty()) {
            path = Files.createTempFile("memctl-mapfile-", ".bin");
            created = true;
            writeRandom(path, bytes);
        } else {
            path = Path.of(file);
        }
        length = Files.size(path);
        type = MemoryType.of(Peers.wasmPages(length), Peers.wasmPages(length));
        target = LinearMemory.create(type);
        virtual = LinearMemory.create(type.asVirtual());
        read(target); // the file into the page cache, and the target's pages resident
    }

    @TearDown
    public void tearDown() throws IOException {
        target.close();
        virtual.close();
        if (created) {
            Files.delete(path);
        }
    }

    private static void writeRandom(Path path, long bytes) throws IOException {
        SplittableRandom rng = new SplittableRandom(11);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(path)) {
            for (long done = 0; done < bytes; done += chunk.length) {
                for (int i = 0; i < chunk.length; i += Long.BYTES) {
                    long v = rng.nextLong();
                    for (int b = 0; b < Long.BYTES; b++) {
                        chunk[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - done));
            }
        }
    }

    /** Reads the whole file into {@code m}'s bytes from address 0. */
    private void read(LinearMemory m) throws IOException {
        ByteBuffer into = m.segment().asSlice(0, length).asByteBuffer();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (into.hasRemaining()) {
                if (channel.read(into) < 0) {
                    throw new IOException(path + " ended at " + into.position() + " of " + length + " bytes");
                }
            }
        }
    }

    private long sum(LinearMemory m) {
        long sum = 0;
        for (long a = 0; a < length; a += Long.BYTES) {
            sum += m.getLong(a);
        }
        return sum;
    }

    private long touch(LinearMemory m) {
        long sum = 0;
        for (long a = 0; a < length; a += Peers.HOST_PAGE) {
            sum += m.getLong(a);
        }
        return sum;
    }

    @Benchmark
    public long channelRead() throws IOException {
        read(target);
        return target.getLong(length - Long.BYTES);
    }

    @Benchmark
    public long channelReadFresh() throws IOException {
        try (LinearMemory m = LinearMemory.create(type)) {
            read(m);
            return m.getLong(length - Long.BYTES);
        }
    }

    @Benchmark
    public long mapTouch() {
        virtual.mapFile(0, path, 0, length, MapMode.PRIVATE);
        try {
            return touch(virtual);
        } finally {
            virtual.unmap(0, length);
        }
    }

    @Benchmark
    public long channelReadSum() throws IOException {
        read(target);
        return sum(target);
    }

    @Benchmark
    public long mapSum() {
        virtual.mapFile(0, path, 0, length, MapMode.PRIVATE);
        try {
            return sum(virtual);
        } finally {
            virtual.unmap(0, length);
        }
    }
}
