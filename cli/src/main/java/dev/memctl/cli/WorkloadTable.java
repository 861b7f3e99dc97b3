package dev.memctl.cli;

import java.util.List;
import java.util.OptionalLong;

/**
 * The default output of {@code memctl measure --workload}: one row per policy with the figures
 * of its timeline (the samples themselves are in the JSON, the CSV and the chart), then findings
 * in plain words. docs/measuring.md explains every column.
 */
final class WorkloadTable {

    private WorkloadTable() {}

    static String render(WorkloadReport report) {
        WorkloadReport.Settings s = report.settings();
        StringBuilder out = new StringBuilder();
        out.append("memctl measure --workload: ")
                .append(s.commandLine())
                .append(", ")
                .append(report.machine().date())
                .append('\n');
        out.append("machine: ").append(report.machine().summary()).append('\n');
        out.append("policies: ")
                .append(String.join(", ", s.policies().stream().map(s::describe).toList()))
                .append("; each in a JVM of its own, the process's memory sampled every ")
                .append(Nanos.format(s.intervalNanos()))
                .append('\n');
        TextTable t = new TextTable()
                .left("policy")
                .right("run time")
                .right("RSS\nat start")
                .right("peak\nRSS")
                .right("RSS after\nprogram")
                .right("LazyFree after\nprogram")
                .right("RSS after\nreleaseDeferred")
                .right("samples")
                .left("status");
        for (WorkloadRun r : report.runs()) {
            t.row(
                    r.policy().id(),
                    r.ok() || !r.samples().isEmpty() ? Nanos.format(r.runNanos()) : null,
                    bytes(r.at(WorkloadRun.START, WorkloadRun.Sample::rss)),
                    bytes(r.peakRss()),
                    bytes(r.at(WorkloadRun.EXIT, WorkloadRun.Sample::rss)),
                    bytes(r.at(WorkloadRun.EXIT, WorkloadRun.Sample::lazyFree)),
                    bytes(r.at(WorkloadRun.RELEASE_DEFERRED, WorkloadRun.Sample::rss)),
                    r.samples().isEmpty() ? null : Integer.toString(r.samples().size()),
                    r.status());
        }
        out.append('\n').append(t);
        out.append('\n').append("findings:\n");
        for (String f : findings(report)) {
            out.append("  ").append(f).append('\n');
        }
        return out.toString();
    }

    static List<String> findings(WorkloadReport report) {
        List<String> lines = new java.util.ArrayList<>();
        List<WorkloadRun> ok = report.runs().stream().filter(WorkloadRun::ok).toList();
        if (ok.size() > 1) {
            lines.add(
                    report.sameOutput()
                            ? "the program printed the same under every policy that ran ("
                                    + ok.getFirst().output().size() + " key=value lines)"
                            : "THE PROGRAM'S OUTPUT DIFFERS between policies: a discard changed what it computed");
        }
        for (WorkloadRun r : report.runs()) {
            String name = r.policy().id();
            if (!r.ok()) {
                lines.add(name + ": " + r.status() + ": " + r.reason());
                continue;
            }
            OptionalLong peak = r.peakRss();
            OptionalLong exit = r.at(WorkloadRun.EXIT, WorkloadRun.Sample::rss);
            StringBuilder line = new StringBuilder(name)
                    .append(": ")
                    .append(r.discardCalls())
                    .append(" discards of ")
                    .append(Bytes.format(r.discardedBytes()))
                    .append(" in ")
                    .append(Nanos.format(r.runNanos()));
            if (peak.isPresent() && exit.isPresent()) {
                line.append("; RSS ")
                        .append(Bytes.format(peak.getAsLong()))
                        .append(" at the peak, ")
                        .append(Bytes.format(exit.getAsLong()))
                        .append(" after the program");
            }
            OptionalLong lazy = r.at(WorkloadRun.EXIT, WorkloadRun.Sample::lazyFree);
            if (lazy.isPresent() && lazy.getAsLong() > 0) {
                line.append(", of which ")
                        .append(Bytes.format(lazy.getAsLong()))
                        .append(" LazyFree (the kernel takes it back under memory pressure)");
            }
            r.stats().ifPresent(st -> {
                if (st.deferredBytes() > 0) {
                    line.append("; of ")
                            .append(Bytes.format(st.deferredBytes()))
                            .append(" deferred, ")
                            .append(Bytes.format(st.reusedBytes()))
                            .append(" were written again before they were due (kept, no fault), ")
                            .append(Bytes.format(st.releasedLaterBytes()))
                            .append(" released when due or by releaseDeferred()");
                }
            });
            OptionalLong after = r.at(WorkloadRun.RELEASE_DEFERRED, WorkloadRun.Sample::rss);
            OptionalLong before = r.at(WorkloadRun.END, WorkloadRun.Sample::rss);
            if (r.releasedByReleaseDeferred().isPresent() && after.isPresent()) {
                line.append("; releaseDeferred() released ")
                        .append(Bytes.format(r.releasedByReleaseDeferred().getAsLong()))
                        .append(", RSS then ")
                        .append(Bytes.format(after.getAsLong()));
            } else if (before.isPresent() && r.policy() == WorkloadPolicy.FILL_ZERO) {
                line.append("; the control: zeroed, nothing given back");
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static String bytes(OptionalLong v) {
        return v.isPresent() ? Bytes.format(v.getAsLong()) : null;
    }
}
