package dev.memctl.cli;

import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.PlatformFact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --format json} output: a top-level {@code machine} object, the {@code settings}, and
 * a {@code results} array with one element per strategy and scenario. Byte counts end in {@code
 * Bytes}, times in {@code Nanos}; a value the OS cannot measure is {@code null}, except the
 * {@linkplain ProcessFigure process figures} only some systems have, whose members appear only
 * where they were measured. docs/measuring.md explains every member.
 */
final class JsonReport {

    private JsonReport() {}

    static String render(Report report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("machine", machine(report.machine()));
        Measurement.Plan plan = report.plan();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("sizeBytes", plan.sizeBytes());
        settings.put("scenarios", plan.scenarios().stream().map(Scenario::id).toList());
        settings.put("strategies", plan.strategies().stream().map(s -> s.name()).toList());
        settings.put("rounds", plan.rounds());
        root.put("settings", settings);
        List<ProcessFigure> figures = ProcessFigure.in(report);
        List<Object> results = new ArrayList<>();
        for (Result r : report.results()) {
            results.add(result(r, figures));
        }
        root.put("results", results);
        return Json.write(root);
    }

    private static Map<String, Object> machine(Machine m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("os", m.os());
        o.put("arch", m.arch());
        o.put("kernel", m.kernel());
        o.put("cpus", m.cpus());
        o.put("pageSizeBytes", m.pageSizeBytes() < 0 ? null : m.pageSizeBytes());
        o.put("providerPageSizeBytes", m.providerPageSizeBytes());
        o.put("physicalMemoryBytes", m.physicalMemoryBytes() < 0 ? null : m.physicalMemoryBytes());
        o.put("thpMode", m.thpMode());
        o.put("jdk", m.jdk());
        o.put("provider", m.provider());
        o.put("residentMethod", m.residentMethod());
        o.put("residentMethodReason", m.residentMethodReason());
        List<Object> facts = new ArrayList<>();
        for (PlatformFact f : m.facts()) {
            Map<String, Object> fact = new LinkedHashMap<>();
            fact.put("name", f.name());
            fact.put("finding", f.finding());
            fact.put("evidence", f.evidence());
            facts.add(fact);
        }
        o.put("probed", facts);
        o.put("date", m.date().toString());
        return o;
    }

    /** One result; {@code figures} are the process figures beyond RSS that the report has. */
    private static Map<String, Object> result(Result r, List<ProcessFigure> figures) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("strategy", r.strategy().name());
        o.put("scenario", r.scenario().id());
        o.put("status", r.status().id());
        o.put("reason", r.reason());
        o.put("mechanism", r.strategy().mechanism());
        o.put("batched", r.strategy().batched());
        o.put("declaredBehavior", behavior(r.strategy().behavior()));
        o.put("observedBehavior", r.observedBehavior().map(JsonReport::behavior).orElse(null));
        o.put("verdict", r.verdict().id());
        o.put("validDiscard", r.status() == Result.Status.OK ? r.verdict().validDiscard() : null);
        o.put("sizeBytes", r.sizeBytes());
        o.put("discardedBytes", r.discardedBytes());
        o.put("rangeCount", r.rangeCount());
        o.put("residentBeforeBytes", r.before(Snapshot::resident));
        o.put("residentAfterBytes", r.after(Snapshot::resident));
        o.put("residentMincoreBeforeBytes", r.before(Snapshot::residentMincore));
        o.put("residentMincoreAfterBytes", r.after(Snapshot::residentMincore));
        o.put("releasedBytes", r.releasedBytes());
        o.put("releasedFraction", r.releasedFraction());
        o.put("processRssBeforeBytes", r.before(s -> s.process().rss()));
        o.put("processRssAfterBytes", r.after(s -> s.process().rss()));
        o.put("processAnonBeforeBytes", r.before(s -> s.process().anonymous()));
        o.put("processAnonAfterBytes", r.after(s -> s.process().anonymous()));
        o.put("processAnonHugeBeforeBytes", r.before(s -> s.process().anonHuge()));
        o.put("processAnonHugeAfterBytes", r.after(s -> s.process().anonHuge()));
        o.put("processLazyFreeAfterBytes", r.after(s -> s.process().lazyFree()));
        for (ProcessFigure f : figures) {
            o.put(f.member("Before"), r.before(f::of));
            o.put(f.member("After"), r.after(f::of));
        }
        o.put("discardNanos", r.status() == Result.Status.UNSUPPORTED ? null : r.discardNanos());
        o.put("touchNanos", r.status() == Result.Status.UNSUPPORTED ? null : r.touchNanos());
        o.put("readsZero", r.status() == Result.Status.OK ? r.readsZero() : null);
        o.put("othersIntact", r.status() == Result.Status.OK ? r.othersIntact() : null);
        List<Object> steps = new ArrayList<>();
        for (StepResult s : r.steps()) {
            steps.add(step(s, figures));
        }
        o.put("steps", steps);
        o.put("readBack", r.readBack() == null ? null : readBack(r.readBack(), figures));
        return o;
    }

    private static Map<String, Object> step(StepResult s, List<ProcessFigure> figures) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("step", s.name());
        o.put("discardedBytes", s.discardedBytes());
        o.put("rangeCount", s.rangeCount());
        o.put("residentBeforeBytes", s.before().resident());
        o.put("residentAfterBytes", s.after().resident());
        o.put("residentTouchedBytes", s.touched().resident());
        o.put("residentMincoreBeforeBytes", s.before().residentMincore());
        o.put("residentMincoreAfterBytes", s.after().residentMincore());
        o.put("residentMincoreTouchedBytes", s.touched().residentMincore());
        o.put("releasedFraction", s.releasedFraction());
        putProcess(o, "Before", s.before(), figures);
        putProcess(o, "After", s.after(), figures);
        putProcess(o, "Touched", s.touched(), figures);
        o.put("hugePagesQueuedForSplit", s.hugePagesQueuedForSplit());
        o.put("hugePagesSplit", s.hugePagesSplit());
        o.put("discardNanos", s.discardNanos());
        o.put("touchNanos", s.touchNanos());
        o.put("readsZero", s.readsZero());
        o.put("othersIntact", s.othersIntact());
        return o;
    }

    private static Map<String, Object> readBack(ReadBack b, List<ProcessFigure> figures) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("discardNanos", b.discardNanos());
        o.put("residentAfterDiscardBytes", b.afterDiscard().resident());
        o.put("residentMincoreAfterDiscardBytes", b.afterDiscard().residentMincore());
        o.put("readNanos", b.readNanos());
        o.put("residentAfterReadBytes", b.afterRead().resident());
        o.put("residentMincoreAfterReadBytes", b.afterRead().residentMincore());
        o.put("processRssAfterReadBytes", b.afterRead().process().rss());
        for (ProcessFigure f : figures) {
            o.put(f.member("AfterRead"), f.of(b.afterRead()));
        }
        o.put("readsZero", b.readsZero());
        return o;
    }

    private static void putProcess(Map<String, Object> o, String when, Snapshot s, List<ProcessFigure> figures) {
        o.put("processRss" + when + "Bytes", s.process().rss());
        o.put("processAnon" + when + "Bytes", s.process().anonymous());
        o.put("processAnonHuge" + when + "Bytes", s.process().anonHuge());
        o.put("processLazyFree" + when + "Bytes", s.process().lazyFree());
        for (ProcessFigure f : figures) {
            o.put(f.member(when), f.of(s));
        }
    }

    static String behavior(DiscardBehavior b) {
        return b.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
