package dev.memctl.cli;

import dev.memctl.spi.PlatformFact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The default output: per scenario, a table with one row per strategy (and one per step where a
 * scenario has several), the read-back table that shows the zero-page trap, and findings in
 * plain words. docs/measuring.md explains every column.
 */
final class TableReport {

    private TableReport() {}

    static String render(Report report) {
        Machine m = report.machine();
        StringBuilder out = new StringBuilder();
        out.append("memctl measure: ")
                .append(Bytes.formatExact(report.plan().sizeBytes()))
                .append(" memory, ")
                .append(m.date())
                .append('\n');
        out.append("machine: ").append(m.summary()).append('\n');
        // The resident-bytes fact is the next line's "because".
        List<PlatformFact> facts = m.facts().stream()
                .filter(f -> !f.name().equals("resident-bytes"))
                .toList();
        if (!facts.isEmpty()) {
            out.append("probed:").append('\n');
            int width = facts.stream().mapToInt(f -> f.name().length()).max().orElse(0);
            for (PlatformFact f : facts) {
                out.append("  ")
                        .append(f.name())
                        .append(" ".repeat(width - f.name().length()))
                        .append("  ")
                        .append(f.finding())
                        .append(" (")
                        .append(f.evidence())
                        .append(")\n");
            }
        }
        out.append("resident bytes of the memory by ")
                .append(m.residentMethod())
                .append(", because ")
                .append(m.residentMethodReason())
                .append(hasMincore(report) ? "; mincore shown where it differs" : "")
                .append('\n');
        for (Scenario scenario : report.plan().scenarios()) {
            List<Result> results = report.results().stream()
                    .filter(r -> r.scenario() == scenario)
                    .toList();
            out.append('\n')
                    .append(scenario.id())
                    .append(": ")
                    .append(scenario.description())
                    .append('\n');
            out.append(mainTable(results, m.pageSizeBytes()));
            out.append('\n')
                    .append("read-back: discard everything, then only read it")
                    .append('\n');
            out.append(readBackTable(results));
        }
        List<String> findings = findings(report);
        if (!findings.isEmpty()) {
            out.append('\n').append("findings:").append('\n');
            for (String f : findings) {
                out.append(f).append('\n');
            }
        }
        return out.toString();
    }

    private static boolean hasMincore(Report report) {
        return report.results().stream()
                .flatMap(r -> r.steps().stream())
                .anyMatch(s -> s.after().residentMincore().isPresent());
    }

    private static String mainTable(List<Result> results, long pageSize) {
        boolean multiStep = results.stream().anyMatch(r -> r.steps().size() > 1);
        boolean differ = results.stream()
                .flatMap(r -> r.steps().stream())
                .anyMatch(s -> s.before().methodsDiffer() || s.after().methodsDiffer());
        // Huge pages only matter where some were in use; elsewhere the column would be all zeros.
        boolean huge = results.stream()
                .flatMap(r -> r.steps().stream())
                .anyMatch(s -> s.before().process().anonHuge().orElse(0) > 0);
        // Footprint (macOS) and commit charge (Windows) columns stay empty, and so hidden, elsewhere.
        TextTable t = new TextTable()
                .left("strategy")
                .left("step")
                .right("discarded")
                .right("resident\nbefore")
                .right("resident\nafter")
                .right("mincore\nafter")
                .right("released")
                .right("RSS\nbefore")
                .right("RSS\nafter")
                .right("footprint\nbefore")
                .right("footprint\nafter")
                .right("commit\nbefore")
                .right("commit\nafter")
                .right("THP\nafter")
                .right("discard")
                .right("per\npage")
                .right("touch\nagain")
                .right("reads\nzero")
                .left("verdict");
        for (Result r : results) {
            if (r.status() == Result.Status.UNSUPPORTED
                    || (r.status() == Result.Status.FAILED && r.steps().isEmpty())) {
                t.row(
                        r.strategy().name(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        r.verdict().text());
                continue;
            }
            t.row(
                    r.strategy().name(),
                    multiStep ? "total" : null,
                    Bytes.format(r.discardedBytes()),
                    bytes(r.before(Snapshot::resident)),
                    bytes(r.after(Snapshot::resident)),
                    differ ? bytes(r.after(Snapshot::residentMincore)) : null,
                    percent(r.releasedFraction()),
                    bytes(r.before(s -> s.process().rss())),
                    bytes(r.after(s -> s.process().rss())),
                    bytes(r.before(ProcessFigure.FOOTPRINT::of)),
                    bytes(r.after(ProcessFigure.FOOTPRINT::of)),
                    bytes(r.before(ProcessFigure.COMMIT_CHARGE::of)),
                    bytes(r.after(ProcessFigure.COMMIT_CHARGE::of)),
                    huge ? bytes(r.after(s -> s.process().anonHuge())) : null,
                    Nanos.format(r.discardNanos()),
                    perPage(r.discardNanos(), r.discardedBytes(), pageSize),
                    Nanos.format(r.touchNanos()),
                    yesNo(r.readsZero(), r.status()),
                    r.verdict().text());
            if (multiStep) {
                for (StepResult s : r.steps()) {
                    t.row(
                            "",
                            s.name(),
                            Bytes.format(s.discardedBytes()),
                            bytes(s.before().resident()),
                            bytes(s.after().resident()),
                            differ ? bytes(s.after().residentMincore()) : null,
                            percent(s.releasedFraction()),
                            bytes(s.before().process().rss()),
                            bytes(s.after().process().rss()),
                            bytes(ProcessFigure.FOOTPRINT.of(s.before())),
                            bytes(ProcessFigure.FOOTPRINT.of(s.after())),
                            bytes(ProcessFigure.COMMIT_CHARGE.of(s.before())),
                            bytes(ProcessFigure.COMMIT_CHARGE.of(s.after())),
                            huge ? bytes(s.after().process().anonHuge()) : null,
                            Nanos.format(s.discardNanos()),
                            perPage(s.discardNanos(), s.discardedBytes(), pageSize),
                            Nanos.format(s.touchNanos()),
                            s.readsZero() ? "yes" : "NO",
                            "");
                }
            }
        }
        return t.toString();
    }

    private static String readBackTable(List<Result> results) {
        TextTable t = new TextTable()
                .left("strategy")
                .right("resident after\ndiscard")
                .right("resident\nafter read")
                .right("mincore\nafter read")
                .right("RSS\nafter read")
                .right("read\ntime")
                .right("reads\nzero");
        for (Result r : results) {
            ReadBack b = r.readBack();
            if (b == null) {
                continue;
            }
            t.row(
                    r.strategy().name(),
                    bytes(b.afterDiscard().resident()),
                    bytes(b.afterRead().resident()),
                    bytes(b.afterRead().residentMincore()),
                    bytes(b.afterRead().process().rss()),
                    Nanos.format(b.readNanos()),
                    b.readsZero() ? "yes" : "NO");
        }
        return t.toString();
    }

    /**
     * Conclusions in plain words: per scenario one line per strategy, then what discards did to
     * huge pages, then (once) the zero-page trap where it showed.
     */
    static List<String> findings(Report report) {
        List<String> out = new ArrayList<>();
        long pageSize = report.machine().pageSizeBytes();
        int width = report.results().stream()
                .mapToInt(r -> r.strategy().name().length())
                .max()
                .orElse(0);
        Set<String> zeroPage = new LinkedHashSet<>();
        OptionalLong zeroPageMincore = OptionalLong.empty();
        OptionalLong zeroPageScan = OptionalLong.empty();
        for (Scenario scenario : report.plan().scenarios()) {
            out.add(scenario.id() + ":");
            Map<String, Map<String, List<String>>> splits = new LinkedHashMap<>();
            for (Result r : report.results()) {
                if (r.scenario() != scenario) {
                    continue;
                }
                String who = "  " + r.strategy().name()
                        + " ".repeat(width - r.strategy().name().length()) + "  ";
                out.add(who + verdictLine(r, pageSize));
                if (r.observedBehavior().isPresent()
                        && r.observedBehavior().get() != r.strategy().behavior()) {
                    out.add(" ".repeat(who.length()) + "UNEXPECTED: declared "
                            + JsonReport.behavior(r.strategy().behavior()) + " but measured "
                            + JsonReport.behavior(r.observedBehavior().get()));
                }
                ReadBack b = r.readBack();
                if (b != null && b.afterRead().methodsDiffer()) {
                    zeroPage.add(r.strategy().name());
                    if (zeroPageMincore.isEmpty()) {
                        zeroPageMincore = b.afterRead().residentMincore();
                        zeroPageScan = b.afterRead().resident();
                    }
                }
                for (StepResult st : r.steps()) {
                    OptionalLong hugeDrop = StepResult.difference(
                            st.before().process().anonHuge(),
                            st.after().process().anonHuge());
                    if (hugeDrop.isPresent() && hugeDrop.getAsLong() > st.discardedBytes()) {
                        OptionalLong queued = st.hugePagesQueuedForSplit();
                        OptionalLong split = st.hugePagesSplit();
                        String what = "broke up " + Bytes.format(hugeDrop.getAsLong()) + " of huge pages"
                                + (queued.isPresent() && split.isPresent()
                                        ? "; " + queued.getAsLong() + " queued for deferred split, " + split.getAsLong()
                                                + " split at once"
                                        : "");
                        splits.computeIfAbsent(
                                        "step '" + st.name() + "' discarded " + Bytes.format(st.discardedBytes())
                                                + " inside huge pages:",
                                        k -> new LinkedHashMap<>())
                                .computeIfAbsent(what, k -> new ArrayList<>())
                                .add(r.strategy().name());
                    }
                }
            }
            splits.forEach((step, effects) -> {
                out.add("  " + step);
                effects.forEach((what, who) -> out.add("    " + String.join(", ", who) + ": " + what));
                out.add("    (a queued huge page keeps all of its 2 MiB allocated until memory pressure splits it,"
                        + " though RSS and PAGEMAP_SCAN no longer count the discarded part)");
            });
        }
        readBackFinding(report).ifPresent(out::add);
        if (!zeroPage.isEmpty()) {
            out.add(
                    "zero page: after a discard and only reads, mincore counted " + bytes(zeroPageMincore)
                            + " resident where PAGEMAP_SCAN counted " + bytes(zeroPageScan) + " ("
                            + String.join(", ", zeroPage)
                            + "): such pages all map the kernel's shared zero page and use no memory; trust PAGEMAP_SCAN and RSS");
        }
        return out;
    }

    /**
     * Where reading a discarded memory back made it resident again (on kernels whose reads of
     * fresh memory allocate pages, as the provider's read-fault probe says), says so, so that a
     * reader does not take the read-back row's full RSS for a discard that failed.
     */
    static Optional<String> readBackFinding(Report report) {
        List<String> who = new ArrayList<>();
        long size = 0;
        long resident = 0;
        for (Result r : report.results()) {
            ReadBack b = r.readBack();
            if (b == null || !r.strategy().behavior().releasesImmediately() || !b.readsZero()) {
                continue;
            }
            OptionalLong afterDiscard = b.afterDiscard().resident();
            OptionalLong afterRead = b.afterRead().resident();
            if (afterDiscard.isPresent()
                    && afterRead.isPresent()
                    && afterRead.getAsLong() - afterDiscard.getAsLong()
                            >= report.plan().sizeBytes() / 2) {
                if (!who.contains(r.strategy().name())) {
                    who.add(r.strategy().name());
                }
                size = report.plan().sizeBytes();
                resident = Math.max(resident, afterRead.getAsLong());
            }
        }
        if (who.isEmpty()) {
            return Optional.empty();
        }
        String why = report.machine()
                .fact("read-fault")
                .map(f -> "on this machine reads of fresh memory " + f.finding().replaceFirst("^reads ", "")
                        + " (probe read-fault: " + f.evidence() + ")")
                .orElse("the reads themselves allocated pages");
        return Optional.of("read-back: only reading the discarded " + Bytes.format(size) + " made "
                + Bytes.format(resident) + " resident again (" + String.join(", ", who) + "): " + why
                + "; memory given back stays given back only until it is read, so its RSS returns to full");
    }

    private static String verdictLine(Result r, long pageSize) {
        return switch (r.verdict()) {
            case UNSUPPORTED -> "unsupported here: " + r.reason();
            case FAILED -> "FAILED: " + r.reason();
            case NOT_ZEROED -> "NOT a valid discard: bytes written before it were still readable afterwards" + kept(r);
            case DAMAGED -> "NOT a valid discard: it changed bytes outside the discarded ranges";
            case RELEASED, PARTLY_RELEASED ->
                "released " + percent(r.releasedFraction()) + " of "
                        + Bytes.format(r.discardedBytes()) + " in " + Nanos.format(r.discardNanos())
                        + Optional.ofNullable(perPage(r.discardNanos(), r.discardedBytes(), pageSize))
                                .map(p -> " (" + p + " per page)")
                                .orElse("")
                        + "; touching it again took " + Nanos.format(r.touchNanos());
            case KEPT_RESIDENT ->
                "zeroed " + Bytes.format(r.discardedBytes()) + " in " + Nanos.format(r.discardNanos())
                        + " and kept it resident: a valid discard that gives nothing back (the control)";
            case ZEROED ->
                "zeroed " + Bytes.format(r.discardedBytes()) + " in " + Nanos.format(r.discardNanos())
                        + "; this provider cannot tell what stayed resident";
        };
    }

    private static String kept(Result r) {
        OptionalDouble f = r.releasedFraction();
        OptionalLong lazy = r.after(s -> s.process().lazyFree());
        return (f.isPresent() ? "; " + percent(OptionalDouble.of(1 - f.getAsDouble())) + " stayed resident" : "")
                + (lazy.orElse(0) > 0
                        ? " (" + Bytes.format(lazy.getAsLong()) + " LazyFree: the kernel takes it"
                                + " back only under memory pressure)"
                        : "");
    }

    static String bytes(OptionalLong b) {
        return b.isPresent() ? Bytes.format(b.getAsLong()) : null;
    }

    static String percent(OptionalDouble f) {
        return f.isPresent() ? String.format(Locale.ROOT, "%.1f%%", 100 * f.getAsDouble()) : null;
    }

    /** The time per host page, or null where there is none or the page size is unknown (-1). */
    static String perPage(long nanos, long bytes, long pageSize) {
        if (pageSize <= 0) {
            return null;
        }
        long pages = bytes / pageSize;
        return pages == 0 ? null : Nanos.format(nanos / pages);
    }

    private static String yesNo(boolean b, Result.Status status) {
        return status != Result.Status.OK ? null : b ? "yes" : "NO";
    }
}
