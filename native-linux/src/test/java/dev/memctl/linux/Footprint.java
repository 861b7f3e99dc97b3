package dev.memctl.linux;

import dev.memctl.LinearMemory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a process holds of the address space, as the kernel says: the lines of {@code
 * /proc/self/maps} (one per mapping) and {@code VmSize} from {@code /proc/self/status}.
 *
 * <p>Two footprints are the same when the same addresses are mapped and {@code VmSize} is equal,
 * both without the {@code [heap]} mapping, which only {@code malloc} moves. The number of lines
 * is not compared: the JVM commits metaspace and code cache inside ranges it reserved at start-up,
 * and every commit that is not next to the last one splits a mapping in two. A leaked mapping,
 * however small, maps an address that was not mapped before, and so is found; so is a mapping of
 * the JVM's unmapped by mistake.
 *
 * <p>Threads have stacks too, so {@link #quiescent()} first waits for every closed memory's
 * release and for the {@code memctl-releaser} thread to settle. The child JVMs that compare
 * footprints run with a fixed heap and interpreted, so that nothing else starts or stops.
 *
 * @param maps the lines of {@code /proc/self/maps}
 * @param vmSizeKb {@code VmSize} in KiB
 */
record Footprint(List<String> maps, long vmSizeKb) {

    /** {@code dev.memctl.internal.Releaser.THREAD_NAME}; the core does not export its package. */
    static final String RELEASER_THREAD = "memctl-releaser";

    Footprint {
        maps = List.copyOf(maps);
    }

    /** Parses the text of {@code /proc/PID/maps} and of {@code /proc/PID/status}. */
    static Footprint parse(String mapsText, String statusText) {
        return new Footprint(mapsText.lines().toList(), statusKb(statusText, "VmSize"));
    }

    /** A field of {@code /proc/PID/status} given in kB, e.g. {@code VmSize:  496580 kB}. */
    static long statusKb(String statusText, String field) {
        for (String line : statusText.split("\n")) {
            if (line.startsWith(field + ":")) {
                String[] value = line.substring(field.length() + 1).strip().split("\\s+");
                if (value.length == 2 && value[1].equals("kB")) {
                    return Long.parseLong(value[0]);
                }
            }
        }
        throw new IllegalArgumentException("no '" + field + ": N kB' line in /proc status text");
    }

    /**
     * This process's footprint now. Read line by line: {@code Files.readString} would read the
     * whole file through a temporary direct buffer of its size, which the JDK then keeps for the
     * thread, a mapping of its own once {@code /proc/self/maps} is megabytes long.
     */
    static Footprint now() {
        try {
            return new Footprint(
                    Files.readAllLines(Path.of("/proc/self/maps")),
                    statusKb(String.join("\n", Files.readAllLines(Path.of("/proc/self/status"))), "VmSize"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code VmSize} less the {@code [heap]} mapping, in KiB, without reading all of {@code
     * /proc/self/maps}: for a process that holds tens of thousands of mappings, where a whole
     * footprint takes long to read. Any mapping made or lost changes it.
     */
    static long addressSpaceKb() {
        try (BufferedReader maps = Files.newBufferedReader(Path.of("/proc/self/maps"))) {
            long heap = 0;
            for (String line = maps.readLine(); line != null; line = maps.readLine()) {
                if (line.endsWith(" [heap]")) {
                    long[] r = range(line);
                    heap = (r[1] - r[0]) / 1024;
                    break;
                }
            }
            return statusKb(String.join("\n", Files.readAllLines(Path.of("/proc/self/status"))), "VmSize") - heap;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This process's footprint once every closed memory is released and the releaser thread has
     * settled: ended, if it ends when idle, or waiting for work with no time limit, if it lives as
     * long as the process. Either way its stack is then where it will stay.
     */
    static Footprint quiescent() throws InterruptedException {
        settle();
        return now();
    }

    /** Waits for every closed memory's release and for the releaser thread to settle (see {@link #quiescent()}). */
    static void settle() throws InterruptedException {
        LinearMemory.awaitReleases();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(RELEASER_THREAD)) {
                while (t.isAlive() && t.getState() != Thread.State.WAITING) {
                    t.join(10); // a poll interval, not a deadline: this waits as long as it takes
                }
            }
        }
    }

    int mapCount() {
        return maps.size();
    }

    /** {@code VmSize} less the {@code [heap]} mapping, in KiB. */
    long vmSizeWithoutHeapKb() {
        long heap = 0;
        for (String line : maps) {
            if (line.endsWith(" [heap]")) {
                long[] r = range(line);
                heap += (r[1] - r[0]) / 1024;
            }
        }
        return vmSizeKb - heap;
    }

    /** The mapped ranges, {@code [heap]} left out, adjacent ones joined: {start, end} pairs in address order. */
    List<long[]> mappedRanges() {
        List<long[]> ranges = new ArrayList<>();
        for (String line : maps) {
            if (line.endsWith(" [heap]")) {
                continue;
            }
            long[] r = range(line);
            long[] last = ranges.isEmpty() ? null : ranges.getLast();
            if (last != null && last[1] == r[0]) {
                last[1] = r[1];
            } else {
                ranges.add(r);
            }
        }
        return ranges;
    }

    private static long[] range(String mapsLine) {
        String[] r = mapsLine.substring(0, mapsLine.indexOf(' ')).split("-");
        return new long[] {Long.parseUnsignedLong(r[0], 16), Long.parseUnsignedLong(r[1], 16)};
    }

    /** Whether every byte of {@code [address, address + length)} is in some mapping. */
    boolean covers(long address, long length) {
        long end = address + length;
        for (long[] r : mappedRanges()) {
            if (Long.compareUnsigned(r[0], address) <= 0 && Long.compareUnsigned(end, r[1]) <= 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether one mapping (one line) holds all of {@code [address, address + length)}. */
    boolean oneMapping(long address, long length) {
        for (String line : maps) {
            long[] r = range(line);
            if (Long.compareUnsigned(r[0], address) <= 0 && Long.compareUnsigned(address + length, r[1]) <= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Null when {@code later} maps what this does; otherwise what differs, with the mappings only
     * one of them has, for a failure message.
     */
    String differenceTo(Footprint later) {
        List<String> mine = mappedRanges().stream()
                .map(r -> Long.toHexString(r[0]) + "-" + Long.toHexString(r[1]))
                .toList();
        List<String> theirs = later.mappedRanges().stream()
                .map(r -> Long.toHexString(r[0]) + "-" + Long.toHexString(r[1]))
                .toList();
        if (mine.equals(theirs) && vmSizeWithoutHeapKb() == later.vmSizeWithoutHeapKb()) {
            return null;
        }
        Set<String> before = new HashSet<>(maps);
        Set<String> after = new HashSet<>(later.maps);
        List<String> lines = new ArrayList<>();
        lines.add("mappings " + mapCount() + " -> " + later.mapCount() + ", VmSize without [heap] "
                + vmSizeWithoutHeapKb() + " kB -> " + later.vmSizeWithoutHeapKb() + " kB ("
                + (later.vmSizeWithoutHeapKb() - vmSizeWithoutHeapKb()) + " kB)");
        later.maps.stream().filter(m -> !before.contains(m)).forEach(m -> lines.add("+ " + m));
        maps.stream().filter(m -> !after.contains(m)).forEach(m -> lines.add("- " + m));
        return String.join("\n", lines);
    }
}
