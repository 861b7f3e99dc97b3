package dev.memctl.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The CSV of {@code memctl measure --workload --format csv}: one row per sample of every run, in
 * run order and time order; a run with no samples (unsupported, or failed before it started) gets
 * one row with its status and reason. Same names and units as the JSON.
 */
final class WorkloadCsv {

    static final List<String> HEADER =
            List.of("policy", "status", "nanos", "event", "rssBytes", "lazyFreeBytes", "memoryBytes", "reason");

    private WorkloadCsv() {}

    static String render(WorkloadReport report) {
        Csv csv = new Csv().row(HEADER);
        for (WorkloadRun r : report.runs()) {
            for (WorkloadRun.Sample s : r.samples()) {
                csv.row(List.of(
                        r.policy().id(),
                        r.status(),
                        s.nanos(),
                        s.event() == null ? "" : s.event(),
                        s.rss(),
                        s.lazyFree(),
                        s.memoryBytes(),
                        r.reason() == null ? "" : r.reason()));
            }
            if (r.samples().isEmpty()) {
                List<Object> row = new ArrayList<>(List.of(r.policy().id(), r.status()));
                while (row.size() < HEADER.size() - 1) {
                    row.add("");
                }
                row.add(r.reason() == null ? "" : r.reason());
                csv.row(row);
            }
        }
        return csv.toString();
    }
}
