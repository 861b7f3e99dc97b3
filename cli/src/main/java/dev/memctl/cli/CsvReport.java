package dev.memctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The {@code --format csv} output: one row per step of every strategy and scenario, then one
 * {@code read-back} row per measurement (there, "touched" means "after reading every byte" and
 * {@code touchNanos} is the time of that read); an unsupported or failed measurement gets a row
 * with its reason. Same units and names as the JSON; the {@linkplain ProcessFigure process figures}
 * only some systems have get their columns (after {@code processAnonHugeAfterBytes}) only where
 * they were measured.
 */
final class CsvReport {

    /** The header of a report without {@linkplain ProcessFigure process figures} beyond RSS. */
    static final List<String> HEADER = List.of(
            "scenario",
            "strategy",
            "status",
            "step",
            "discardedBytes",
            "rangeCount",
            "residentBeforeBytes",
            "residentAfterBytes",
            "residentTouchedBytes",
            "residentMincoreBeforeBytes",
            "residentMincoreAfterBytes",
            "residentMincoreTouchedBytes",
            "processRssBeforeBytes",
            "processRssAfterBytes",
            "processRssTouchedBytes",
            "processAnonBeforeBytes",
            "processAnonAfterBytes",
            "processAnonHugeBeforeBytes",
            "processAnonHugeAfterBytes",
            "discardNanos",
            "touchNanos",
            "readsZero",
            "othersIntact",
            "verdict",
            "reason");

    /** Where the columns of the process figures go: after {@code processAnonHugeAfterBytes}. */
    private static final int FIGURES_AT = HEADER.indexOf("discardNanos");

    private CsvReport() {}

    /** {@link #HEADER} with the columns of {@code figures}. */
    static List<String> header(List<ProcessFigure> figures) {
        List<String> header = new ArrayList<>(HEADER);
        header.addAll(
                FIGURES_AT,
                figures.stream()
                        .flatMap(f -> Stream.of(f.member("Before"), f.member("After")))
                        .toList());
        return List.copyOf(header);
    }

    static String render(Report report) {
        List<ProcessFigure> figures = ProcessFigure.in(report);
        List<String> header = header(figures);
        Csv csv = new Csv().row(header);
        OptionalLong none = OptionalLong.empty();
        for (Result r : report.results()) {
            String verdict = r.verdict().id();
            for (StepResult s : r.steps()) {
                List<Object> row = new ArrayList<>(List.of(
                        r.scenario().id(),
                        r.strategy().name(),
                        r.status().id(),
                        s.name(),
                        s.discardedBytes(),
                        s.rangeCount(),
                        s.before().resident(),
                        s.after().resident(),
                        s.touched().resident(),
                        s.before().residentMincore(),
                        s.after().residentMincore(),
                        s.touched().residentMincore(),
                        s.before().process().rss(),
                        s.after().process().rss(),
                        s.touched().process().rss(),
                        s.before().process().anonymous(),
                        s.after().process().anonymous(),
                        s.before().process().anonHuge(),
                        s.after().process().anonHuge(),
                        s.discardNanos(),
                        s.touchNanos(),
                        s.readsZero(),
                        s.othersIntact(),
                        verdict,
                        ""));
                row.addAll(
                        FIGURES_AT,
                        figures.stream()
                                .flatMap(f -> Stream.of(f.of(s.before()), f.of(s.after())))
                                .toList());
                csv.row(row);
            }
            ReadBack b = r.readBack();
            if (b != null) {
                Snapshot d = b.afterDiscard();
                Snapshot read = b.afterRead();
                List<Object> row = new ArrayList<>(List.of(
                        r.scenario().id(),
                        r.strategy().name(),
                        r.status().id(),
                        "read-back",
                        r.sizeBytes(),
                        1,
                        none,
                        d.resident(),
                        read.resident(),
                        none,
                        d.residentMincore(),
                        read.residentMincore(),
                        none,
                        d.process().rss(),
                        read.process().rss(),
                        none,
                        d.process().anonymous(),
                        none,
                        d.process().anonHuge(),
                        b.discardNanos(),
                        b.readNanos(),
                        b.readsZero(),
                        "",
                        verdict,
                        ""));
                row.addAll(
                        FIGURES_AT,
                        figures.stream()
                                .flatMap(f -> Stream.<Object>of(none, f.of(d)))
                                .toList());
                csv.row(row);
            }
            if (r.status() != Result.Status.OK) {
                List<Object> row = new ArrayList<>(List.of(
                        r.scenario().id(), r.strategy().name(), r.status().id()));
                while (row.size() < header.size() - 2) {
                    row.add("");
                }
                row.add(verdict);
                row.add(r.reason());
                csv.row(row);
            }
        }
        return csv.toString();
    }
}
