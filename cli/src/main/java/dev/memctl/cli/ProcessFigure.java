package dev.memctl.cli;

import dev.memctl.spi.Instruments.ProcessMemory;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Figures of the whole process that only some operating systems report, beside the RSS that every
 * report has: a report gets their columns and members only where it measured them, so the output
 * on the other systems keeps its shape.
 */
enum ProcessFigure {

    /** macOS {@code phys_footprint}: drops after {@code madv-free-reusable}, unlike RSS. */
    FOOTPRINT("processFootprint", ProcessMemory::footprint),
    /** Windows {@code PrivateUsage}: the commit charge, which no discard of a memory lowers. */
    COMMIT_CHARGE("processCommitCharge", ProcessMemory::commitCharge);

    private final String member;
    private final Function<ProcessMemory, OptionalLong> value;

    ProcessFigure(String member, Function<ProcessMemory, OptionalLong> value) {
        this.member = member;
        this.value = value;
    }

    /** The JSON member (and CSV column) for this figure at {@code when}, e.g. {@code processFootprintAfterBytes}. */
    String member(String when) {
        return member + when + "Bytes";
    }

    /** This figure in {@code s}, or empty. */
    OptionalLong of(Snapshot s) {
        return value.apply(s.process());
    }

    /** The figures that some snapshot of {@code report} has, in this order. */
    static List<ProcessFigure> in(Report report) {
        return Arrays.stream(values())
                .filter(f -> snapshots(report).anyMatch(s -> f.of(s).isPresent()))
                .toList();
    }

    private static Stream<Snapshot> snapshots(Report report) {
        return report.results().stream()
                .flatMap(r -> Stream.concat(
                        r.steps().stream().flatMap(s -> Stream.of(s.before(), s.after(), s.touched())),
                        r.readBack() == null
                                ? Stream.empty()
                                : Stream.of(
                                        r.readBack().afterDiscard(),
                                        r.readBack().afterRead())));
    }
}
