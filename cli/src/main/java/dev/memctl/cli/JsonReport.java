package dev.memctl.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.PlatformFact;
import java.util.List;

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
        JsonObject root = new JsonObject();
        root.add("machine", machine(report.machine()));
        Measurement.Plan plan = report.plan();
        JsonObject settings = new JsonObject();
        settings.addProperty("sizeBytes", plan.sizeBytes());
        settings.add(
                "scenarios", strings(plan.scenarios().stream().map(Scenario::id).toList()));
        settings.add(
                "strategies",
                strings(plan.strategies().stream().map(s -> s.name()).toList()));
        settings.addProperty("rounds", plan.rounds());
        root.add("settings", settings);
        List<ProcessFigure> figures = ProcessFigure.in(report);
        JsonArray results = new JsonArray();
        for (Result r : report.results()) {
            results.add(result(r, figures));
        }
        root.add("results", results);
        return Json.write(root);
    }

    static JsonObject machine(Machine m) {
        JsonObject o = new JsonObject();
        o.addProperty("os", m.os());
        o.addProperty("arch", m.arch());
        o.addProperty("kernel", m.kernel());
        o.addProperty("cpus", m.cpus());
        o.addProperty("pageSizeBytes", m.pageSizeBytes() < 0 ? null : m.pageSizeBytes());
        o.addProperty("providerPageSizeBytes", m.providerPageSizeBytes());
        o.addProperty("physicalMemoryBytes", m.physicalMemoryBytes() < 0 ? null : m.physicalMemoryBytes());
        o.addProperty("thpMode", m.thpMode());
        o.addProperty("jdk", m.jdk());
        o.addProperty("provider", m.provider());
        o.addProperty("residentMethod", m.residentMethod());
        o.addProperty("residentMethodReason", m.residentMethodReason());
        JsonArray facts = new JsonArray();
        for (PlatformFact f : m.facts()) {
            JsonObject fact = new JsonObject();
            fact.addProperty("name", f.name());
            fact.addProperty("finding", f.finding());
            fact.addProperty("evidence", f.evidence());
            facts.add(fact);
        }
        o.add("probed", facts);
        o.addProperty("date", m.date().toString());
        return o;
    }

    /** One result; {@code figures} are the process figures beyond RSS that the report has. */
    private static JsonObject result(Result r, List<ProcessFigure> figures) {
        JsonObject o = new JsonObject();
        o.addProperty("strategy", r.strategy().name());
        o.addProperty("scenario", r.scenario().id());
        o.addProperty("status", r.status().id());
        o.addProperty("reason", r.reason());
        o.addProperty("mechanism", r.strategy().mechanism());
        o.addProperty("batched", r.strategy().batched());
        o.addProperty("declaredBehavior", behavior(r.strategy().behavior()));
        o.addProperty(
                "observedBehavior",
                r.observedBehavior().map(JsonReport::behavior).orElse(null));
        o.addProperty("verdict", r.verdict().id());
        o.addProperty(
                "validDiscard", r.status() == Result.Status.OK ? r.verdict().validDiscard() : null);
        o.addProperty("sizeBytes", r.sizeBytes());
        o.addProperty("discardedBytes", r.discardedBytes());
        o.addProperty("rangeCount", r.rangeCount());
        o.add("residentBeforeBytes", Json.number(r.before(Snapshot::resident)));
        o.add("residentAfterBytes", Json.number(r.after(Snapshot::resident)));
        o.add("residentMincoreBeforeBytes", Json.number(r.before(Snapshot::residentMincore)));
        o.add("residentMincoreAfterBytes", Json.number(r.after(Snapshot::residentMincore)));
        o.add("releasedBytes", Json.number(r.releasedBytes()));
        o.add("releasedFraction", Json.number(r.releasedFraction()));
        o.add("processRssBeforeBytes", Json.number(r.before(s -> s.process().rss())));
        o.add("processRssAfterBytes", Json.number(r.after(s -> s.process().rss())));
        o.add("processAnonBeforeBytes", Json.number(r.before(s -> s.process().anonymous())));
        o.add("processAnonAfterBytes", Json.number(r.after(s -> s.process().anonymous())));
        o.add(
                "processAnonHugeBeforeBytes",
                Json.number(r.before(s -> s.process().anonHuge())));
        o.add("processAnonHugeAfterBytes", Json.number(r.after(s -> s.process().anonHuge())));
        o.add("processLazyFreeAfterBytes", Json.number(r.after(s -> s.process().lazyFree())));
        for (ProcessFigure f : figures) {
            o.add(f.member("Before"), Json.number(r.before(f::of)));
            o.add(f.member("After"), Json.number(r.after(f::of)));
        }
        o.addProperty("discardNanos", r.status() == Result.Status.UNSUPPORTED ? null : r.discardNanos());
        o.addProperty("touchNanos", r.status() == Result.Status.UNSUPPORTED ? null : r.touchNanos());
        o.addProperty("readsZero", r.status() == Result.Status.OK ? r.readsZero() : null);
        o.addProperty("othersIntact", r.status() == Result.Status.OK ? r.othersIntact() : null);
        JsonArray steps = new JsonArray();
        for (StepResult s : r.steps()) {
            steps.add(step(s, figures));
        }
        o.add("steps", steps);
        o.add("readBack", r.readBack() == null ? JsonNull.INSTANCE : readBack(r.readBack(), figures));
        return o;
    }

    private static JsonObject step(StepResult s, List<ProcessFigure> figures) {
        JsonObject o = new JsonObject();
        o.addProperty("step", s.name());
        o.addProperty("discardedBytes", s.discardedBytes());
        o.addProperty("rangeCount", s.rangeCount());
        o.add("residentBeforeBytes", Json.number(s.before().resident()));
        o.add("residentAfterBytes", Json.number(s.after().resident()));
        o.add("residentTouchedBytes", Json.number(s.touched().resident()));
        o.add("residentMincoreBeforeBytes", Json.number(s.before().residentMincore()));
        o.add("residentMincoreAfterBytes", Json.number(s.after().residentMincore()));
        o.add("residentMincoreTouchedBytes", Json.number(s.touched().residentMincore()));
        o.add("releasedFraction", Json.number(s.releasedFraction()));
        putProcess(o, "Before", s.before(), figures);
        putProcess(o, "After", s.after(), figures);
        putProcess(o, "Touched", s.touched(), figures);
        o.add("hugePagesQueuedForSplit", Json.number(s.hugePagesQueuedForSplit()));
        o.add("hugePagesSplit", Json.number(s.hugePagesSplit()));
        o.addProperty("discardNanos", s.discardNanos());
        o.addProperty("touchNanos", s.touchNanos());
        o.addProperty("readsZero", s.readsZero());
        o.addProperty("othersIntact", s.othersIntact());
        return o;
    }

    private static JsonObject readBack(ReadBack b, List<ProcessFigure> figures) {
        JsonObject o = new JsonObject();
        o.addProperty("discardNanos", b.discardNanos());
        o.add("residentAfterDiscardBytes", Json.number(b.afterDiscard().resident()));
        o.add("residentMincoreAfterDiscardBytes", Json.number(b.afterDiscard().residentMincore()));
        o.addProperty("readNanos", b.readNanos());
        o.add("residentAfterReadBytes", Json.number(b.afterRead().resident()));
        o.add("residentMincoreAfterReadBytes", Json.number(b.afterRead().residentMincore()));
        o.add("processRssAfterReadBytes", Json.number(b.afterRead().process().rss()));
        for (ProcessFigure f : figures) {
            o.add(f.member("AfterRead"), Json.number(f.of(b.afterRead())));
        }
        o.addProperty("readsZero", b.readsZero());
        return o;
    }

    private static void putProcess(JsonObject o, String when, Snapshot s, List<ProcessFigure> figures) {
        o.add("processRss" + when + "Bytes", Json.number(s.process().rss()));
        o.add("processAnon" + when + "Bytes", Json.number(s.process().anonymous()));
        o.add("processAnonHuge" + when + "Bytes", Json.number(s.process().anonHuge()));
        o.add("processLazyFree" + when + "Bytes", Json.number(s.process().lazyFree()));
        for (ProcessFigure f : figures) {
            o.add(f.member(when), Json.number(f.of(s)));
        }
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    static String behavior(DiscardBehavior b) {
        return b.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
