package dev.memctl.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What Linux says about this process's memory in {@code /proc} and {@code /sys}: the resident set
 * from {@code /proc/self/statm}, the breakdown in {@code /proc/self/smaps_rollup}, the
 * transparent huge page mode, and the system's event counters in {@code /proc/vmstat} (how many
 * huge pages were split, or queued to be).
 *
 * <p>Parsing is kept apart from reading: each {@code parse...} method is a pure function of the
 * file's text (tested on fixtures), each {@code read...} method reads the real file and hands it
 * to the parser.
 */
public final class ProcMemoryInfo {

    /** The process's memory counters. */
    public static final Path STATM = Path.of("/proc/self/statm");
    /** The process's summed per-mapping counters (Linux 4.14+). */
    public static final Path SMAPS_ROLLUP = Path.of("/proc/self/smaps_rollup");
    /** The transparent huge page policy for anonymous memory. */
    public static final Path THP_ENABLED = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    /** Whether page faults stall to assemble huge pages. */
    public static final Path THP_DEFRAG = Path.of("/sys/kernel/mm/transparent_hugepage/defrag");
    /** The kernel's event counters, system-wide. */
    public static final Path VMSTAT = Path.of("/proc/vmstat");
    /** The process's counters per mapping. */
    public static final Path SMAPS = Path.of("/proc/self/smaps");
    /** Whether the kernel may map its huge zero page on read faults in THP-backed memory. */
    public static final Path THP_USE_ZERO_PAGE = Path.of("/sys/kernel/mm/transparent_hugepage/use_zero_page");

    private ProcMemoryInfo() {}

    /**
     * The seven fields of {@code /proc/PID/statm}, in pages (see proc(5)). {@code libPages} and
     * {@code dirtyPages} are always 0 since Linux 2.6.
     *
     * @param sizePages the virtual size of the process ({@code VmSize})
     * @param residentPages the resident set ({@code VmRSS}): anonymous, file-backed and shared
     *     memory pages in RAM
     * @param sharedPages the resident pages backed by a file or shared memory ({@code RssFile +
     *     RssShmem})
     * @param textPages the program's code ({@code VmExe})
     * @param libPages unused, always 0
     * @param dataPages data and stack ({@code VmData + VmStk})
     * @param dirtyPages unused, always 0
     */
    public record Statm(
            long sizePages,
            long residentPages,
            long sharedPages,
            long textPages,
            long libPages,
            long dataPages,
            long dirtyPages) {

        /**
         * The resident set size in bytes, for pages of {@code pageSize} bytes.
         *
         * @param pageSize the kernel's page size in bytes (4096 on x86_64; see {@code
         *     sysconf(_SC_PAGESIZE)}), not the 64 KiB wasm page
         * @return {@link #residentPages()} times {@code pageSize}
         * @throws ArithmeticException if the product overflows a long
         */
        public long residentBytes(long pageSize) {
            return Math.multiplyExact(residentPages, pageSize);
        }
    }

    /**
     * Parses the text of {@code /proc/PID/statm}: seven decimal numbers separated by spaces.
     *
     * @param text the file's contents; surrounding white space is ignored
     * @return the seven fields
     * @throws IllegalArgumentException if the text is not seven non-negative decimal numbers
     */
    public static Statm parseStatm(String text) {
        String[] f = text.strip().split("\\s+");
        if (f.length != 7) {
            throw new IllegalArgumentException("statm has " + f.length + " fields, expected 7: '" + text.strip() + "'");
        }
        long[] v = new long[7];
        for (int i = 0; i < 7; i++) {
            v[i] = parseCount(f[i], "statm field " + (i + 1));
        }
        return new Statm(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }

    /**
     * Reads and parses {@link #STATM}.
     *
     * @return this process's counters now
     * @throws IOException if the file cannot be read (no {@code /proc})
     * @throws IllegalArgumentException if the file is not in statm's format
     */
    public static Statm readStatm() throws IOException {
        return parseStatm(Files.readString(STATM));
    }

    /**
     * The fields of {@code /proc/PID/smaps_rollup} (or of one mapping in {@code smaps}), in bytes,
     * in file order: {@code Rss}, {@code Pss}, {@code Anonymous}, {@code AnonHugePages},
     * {@code LazyFree}, {@code Swap}, ... Fields the running kernel does not print are absent.
     *
     * @param bytes each field's value in bytes (the file's {@code kB} times 1024)
     */
    public record SmapsRollup(Map<String, Long> bytes) {

        /**
         * Keeps an unmodifiable copy of {@code bytes}, in its iteration order.
         *
         * @throws NullPointerException if {@code bytes} is null or holds a null name or value
         */
        public SmapsRollup {
            bytes = Collections.unmodifiableMap(new LinkedHashMap<>(bytes));
        }

        /**
         * The field called {@code name}, in bytes, or empty when the kernel does not print it.
         *
         * @param name the field's name as the file spells it, without the colon: {@code Rss},
         *     {@code Private_Dirty}, ...
         * @return the field's value in bytes, or empty
         */
        public OptionalLong get(String name) {
            Long v = bytes.get(name);
            return v == null ? OptionalLong.empty() : OptionalLong.of(v);
        }

        /**
         * {@return the resident set size ({@code Rss}) in bytes, or empty if the kernel does not
         * print it}
         */
        public OptionalLong rss() {
            return get("Rss");
        }

        /**
         * {@return the proportional set size ({@code Pss}) in bytes, or empty if the kernel does not
         * print it} Shared pages are divided among the processes that map them.
         */
        public OptionalLong pss() {
            return get("Pss");
        }

        /**
         * {@return the anonymous memory ({@code Anonymous}) in bytes, or empty if the kernel does
         * not print it} That is private memory such as linear memories and the Java heap.
         */
        public OptionalLong anonymous() {
            return get("Anonymous");
        }

        /**
         * {@return the anonymous memory backed by transparent huge pages ({@code AnonHugePages}) in
         * bytes, or empty if the kernel does not print it}
         */
        public OptionalLong anonHugePages() {
            return get("AnonHugePages");
        }

        /**
         * {@return the memory marked {@code MADV_FREE} and not yet reclaimed ({@code LazyFree}) in
         * bytes, or empty if the kernel does not print it (before Linux 4.12)}
         */
        public OptionalLong lazyFree() {
            return get("LazyFree");
        }

        /**
         * {@return the swapped-out anonymous memory ({@code Swap}) in bytes, or empty if the kernel
         * does not print it}
         */
        public OptionalLong swap() {
            return get("Swap");
        }
    }

    /**
     * Parses the text of {@code /proc/PID/smaps_rollup}: an address-range header line, then lines
     * {@code Name:   value kB}. Lines of any other shape (the header, {@code VmFlags}) are skipped.
     *
     * @param text the file's contents
     * @return the {@code kB} fields, in bytes, in file order
     * @throws IllegalArgumentException if a {@code kB} line has a malformed number, or there is
     *     no field at all
     */
    public static SmapsRollup parseSmapsRollup(String text) {
        Map<String, Long> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] value = line.substring(colon + 1).strip().split("\\s+");
            if (value.length != 2 || !value[1].equals("kB")) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            fields.put(name, Math.multiplyExact(parseCount(value[0], name), 1024L));
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("no 'Name: N kB' field in smaps_rollup text");
        }
        return new SmapsRollup(fields);
    }

    /**
     * Reads and parses {@link #SMAPS_ROLLUP}.
     *
     * @return this process's summed counters now
     * @throws IOException if the file cannot be read (no {@code /proc}, or a kernel before 4.14)
     * @throws IllegalArgumentException if the file has a malformed number or no field
     */
    public static SmapsRollup readSmapsRollup() throws IOException {
        return parseSmapsRollup(Files.readString(SMAPS_ROLLUP));
    }

    /**
     * Parses the block of {@code /proc/PID/smaps} for the mapping that spans exactly {@code
     * [start, end)}: its header line ({@code 7f3a00000000-7f3a00010000 rw-p ...}) and the {@code
     * Name: N kB} lines up to the next header. The mapping must be bounded by mappings of other
     * permissions (or holes), or the kernel may have merged it with a neighbour and it will not be
     * found.
     *
     * @param text the file's contents
     * @param start the mapping's first address (unsigned)
     * @param end the address after the mapping's last byte (unsigned)
     * @return the block's fields, or empty when no mapping spans exactly that range
     * @throws IllegalArgumentException if the block has a malformed number
     */
    public static Optional<SmapsRollup> parseSmapsOf(String text, long start, long end) {
        String header = Long.toHexString(start) + "-" + Long.toHexString(end) + " ";
        int from = text.startsWith(header) ? 0 : text.indexOf("\n" + header);
        if (from < 0) {
            return Optional.empty();
        }
        StringBuilder block = new StringBuilder();
        String[] lines = text.substring(from).strip().split("\n");
        for (int i = 1; i < lines.length && !isSmapsHeader(lines[i]); i++) {
            block.append(lines[i]).append('\n');
        }
        return block.isEmpty() ? Optional.empty() : Optional.of(parseSmapsRollup(block.toString()));
    }

    /**
     * Sums the field {@code name} ({@code LazyFree}, {@code Rss}, ...) over every mapping in the
     * text of {@code /proc/PID/smaps} that overlaps {@code [start, end)}, in bytes. A mapping that
     * reaches outside the range counts whole: smaps does not split a mapping's figures.
     *
     * @param text the file's contents
     * @param start the range's first address (unsigned)
     * @param end the address after the range (unsigned)
     * @param name the field's name without the colon; only {@code kB} fields count
     * @return the sum, or empty when no overlapping mapping prints the field
     * @throws IllegalArgumentException if an overlapping mapping's field is malformed
     */
    public static OptionalLong sumSmapsField(String text, long start, long end, String name) {
        long sum = 0;
        boolean found = false;
        boolean inRange = false;
        String prefix = name + ":";
        for (String line : text.split("\n")) {
            if (isSmapsHeader(line)) {
                int dash = line.indexOf('-');
                long from = Long.parseUnsignedLong(line.substring(0, dash), 16);
                long to = Long.parseUnsignedLong(line.substring(dash + 1, line.indexOf(' ')), 16);
                inRange = Long.compareUnsigned(from, end) < 0 && Long.compareUnsigned(start, to) < 0;
            } else if (inRange && line.startsWith(prefix)) {
                OptionalLong v = parseSmapsRollup(line + "\n").get(name);
                if (v.isPresent()) {
                    sum += v.getAsLong();
                    found = true;
                }
            }
        }
        return found ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    /** Whether {@code line} starts a mapping's block in smaps: {@code hex-hex } then permissions. */
    private static boolean isSmapsHeader(String line) {
        int dash = line.indexOf('-');
        int space = line.indexOf(' ');
        if (dash <= 0 || space <= dash + 1) {
            return false;
        }
        for (int i = 0; i < space; i++) {
            char c = line.charAt(i);
            if (i != dash && Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads {@link #SMAPS} and parses the block of the mapping spanning exactly {@code [start,
     * end)}, as {@link #parseSmapsOf}.
     *
     * @param start the mapping's first address (unsigned)
     * @param end the address after the mapping's last byte (unsigned)
     * @return the block's fields, or empty when no mapping spans exactly that range
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the block has a malformed number
     */
    public static Optional<SmapsRollup> readSmapsOf(long start, long end) throws IOException {
        return parseSmapsOf(Files.readString(SMAPS), start, end);
    }

    /**
     * Parses the text of {@code /proc/vmstat}: one {@code name value} pair per line, e.g. {@code
     * thp_deferred_split_page 612}. The counters are system-wide and only grow (some, like {@code
     * nr_free_pages}, are levels instead); a difference over a short interval in which only this
     * process splits huge pages is this process's count. Lines of another shape are skipped.
     *
     * @param text the file's contents
     * @return each counter by name, in file order
     * @throws IllegalArgumentException if a value is not a number, or there is no pair at all
     */
    public static Map<String, Long> parseVmstat(String text) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length != 2) {
                continue;
            }
            counters.put(f[0], parseCount(f[1], f[0]));
        }
        if (counters.isEmpty()) {
            throw new IllegalArgumentException("no 'name value' line in vmstat text");
        }
        return Collections.unmodifiableMap(counters);
    }

    /**
     * Reads and parses {@link #VMSTAT}.
     *
     * @return each counter by name, in file order, as the kernel counts them now
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the file is not in vmstat's format
     */
    public static Map<String, Long> readVmstat() throws IOException {
        return parseVmstat(Files.readString(VMSTAT));
    }

    /**
     * Parses a sysfs choice file such as {@code always [madvise] never}: returns the word in
     * brackets, the active choice.
     *
     * @param text the file's contents
     * @return the word in the first brackets, e.g. {@code madvise}
     * @throws IllegalArgumentException if no word is in brackets
     */
    public static String parseSelectedChoice(String text) {
        int open = text.indexOf('[');
        int close = open < 0 ? -1 : text.indexOf(']', open);
        if (close <= open + 1) {
            throw new IllegalArgumentException("no [selected] choice in '" + text.strip() + "'");
        }
        return text.substring(open + 1, close);
    }

    /**
     * The transparent huge page mode for anonymous memory: {@code always}, {@code madvise} or
     * {@code never}; empty when the kernel has no THP support or the file cannot be read.
     *
     * @return the selected word of {@link #THP_ENABLED}, or empty
     */
    public static Optional<String> transparentHugePagesEnabled() {
        return readChoice(THP_ENABLED);
    }

    /**
     * The THP defrag policy: {@code always}, {@code defer}, {@code defer+madvise}, {@code madvise}
     * or {@code never}; empty when unknown.
     *
     * @return the selected word of {@link #THP_DEFRAG}, or empty
     */
    public static Optional<String> transparentHugePagesDefrag() {
        return readChoice(THP_DEFRAG);
    }

    /**
     * Whether the kernel maps its huge zero page on read faults in THP-backed memory ({@code
     * use_zero_page} is 1); empty when unknown.
     *
     * @return whether {@link #THP_USE_ZERO_PAGE} reads 1 (true) or 0 (false); empty if it cannot
     *     be read or holds anything else
     */
    public static Optional<Boolean> transparentHugePagesUseZeroPage() {
        try {
            String v = Files.readString(THP_USE_ZERO_PAGE).strip();
            return v.equals("1") ? Optional.of(true) : v.equals("0") ? Optional.of(false) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> readChoice(Path file) {
        try {
            return Optional.of(parseSelectedChoice(Files.readString(file)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static long parseCount(String s, String what) {
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw new NumberFormatException("negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a count: '" + s + "'", e);
        }
    }
}
