package dev.memctl.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The C baseline's results: what {@code src/main/c/baseline.c} printed, parsed. Times are
 * nanoseconds per operation.
 *
 * @param facts the {@code # key=value} lines
 * @param stats one entry per measurement, by name
 * @param skipped measurements the machine could not make, with the reason
 */
record Baseline(Map<String, String> facts, Map<String, Stat> stats, Map<String, String> skipped) {

    /** One measurement's statistics over its samples, in nanoseconds. */
    record Stat(String name, int samples, double mean, double median, double min, double max, double stdev) {}

    /** Parses the program's output. */
    static Baseline parse(String output) {
        Map<String, String> facts = new LinkedHashMap<>();
        Map<String, Stat> stats = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("name,")) {
                continue;
            }
            if (line.startsWith("#")) {
                String fact = line.substring(1).strip();
                int eq = fact.indexOf('=');
                if (eq > 0) {
                    facts.put(fact.substring(0, eq), fact.substring(eq + 1));
                }
                continue;
            }
            String[] f = line.split(",", -1);
            if (f[0].equals("skipped") && f.length >= 3) {
                skipped.put(f[1], String.join(",", List.of(f).subList(2, f.length)));
                continue;
            }
            if (f.length != 8 || !f[1].equals("ns")) {
                throw new IllegalArgumentException("not a baseline line: " + line);
            }
            stats.put(
                    f[0],
                    new Stat(
                            f[0],
                            Integer.parseInt(f[2]),
                            Double.parseDouble(f[3]),
                            Double.parseDouble(f[4]),
                            Double.parseDouble(f[5]),
                            Double.parseDouble(f[6]),
                            Double.parseDouble(f[7])));
        }
        return new Baseline(facts, stats, skipped);
    }

    /**
     * Two runs of the same measurements (before and after the JMH suite) as one: each figure is
     * the mean of the two runs' figures, min and max the extremes of both. A measurement missing
     * from one run is taken from the other.
     */
    static Baseline combine(Baseline a, Baseline b) {
        Map<String, Stat> stats = new LinkedHashMap<>(a.stats);
        b.stats.forEach((name, y) -> stats.merge(
                name,
                y,
                (x, z) -> new Stat(
                        name,
                        x.samples + z.samples,
                        (x.mean + z.mean) / 2,
                        (x.median + z.median) / 2,
                        Math.min(x.min, z.min),
                        Math.max(x.max, z.max),
                        Math.sqrt((x.stdev * x.stdev + z.stdev * z.stdev) / 2))));
        Map<String, String> facts = new LinkedHashMap<>(a.facts);
        facts.putAll(b.facts);
        Map<String, String> skipped = new LinkedHashMap<>(a.skipped);
        skipped.putAll(b.skipped);
        skipped.keySet().removeAll(stats.keySet());
        return new Baseline(facts, stats, skipped);
    }

    /** Runs the compiled program with {@code args} and returns what it printed. */
    static String run(Path program, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            if (status != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " exited with status " + status + "; it printed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the C baseline " + program, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the C baseline ran", e);
        }
    }
}
