package dev.memctl.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.memctl.DiscardStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON of {@code memctl measure --workload --format json}: {@code machine} (as in {@link
 * JsonReport}), {@code settings}, and {@code runs}, one per policy, each with its {@code samples}.
 * A run is also what a child JVM hands its parent ({@link #run}, {@link #parseRun}), so the two
 * cannot drift apart. Byte counts end in {@code Bytes}, times in {@code Nanos}; a figure the OS
 * cannot measure is {@code null}.
 */
final class WorkloadJson {

    private WorkloadJson() {}

    static String render(WorkloadReport report) {
        JsonObject root = new JsonObject();
        root.add("machine", JsonReport.machine(report.machine()));
        WorkloadReport.Settings s = report.settings();
        JsonObject settings = new JsonObject();
        settings.addProperty("program", s.program());
        settings.addProperty("programSha256", s.programSha256());
        JsonArray args = new JsonArray();
        s.arguments().forEach(args::add);
        settings.add("arguments", args);
        JsonArray policies = new JsonArray();
        s.policies().forEach(p -> policies.add(p.id()));
        settings.add("policies", policies);
        settings.addProperty("deferredDecayNanos", s.decay().toNanos());
        settings.addProperty("deferredMaxPendingBytes", s.maxPendingBytes());
        settings.addProperty("intervalNanos", s.intervalNanos());
        settings.addProperty("holdNanos", s.holdNanos());
        settings.addProperty("provider", s.provider());
        root.add("settings", settings);
        JsonArray runs = new JsonArray();
        report.runs().forEach(r -> runs.add(run(r)));
        root.add("runs", runs);
        return Json.write(root);
    }

    /** One run, with the figures a reader wants first and then every sample. */
    static JsonObject run(WorkloadRun r) {
        JsonObject o = new JsonObject();
        o.addProperty("policy", r.policy().id());
        o.addProperty("status", r.status());
        o.addProperty("reason", r.reason());
        o.addProperty("runNanos", r.runNanos());
        o.addProperty("exitCode", r.exitCode());
        o.add("rssStartBytes", Json.number(r.at(WorkloadRun.START, WorkloadRun.Sample::rss)));
        o.add("peakRssBytes", Json.number(r.peakRss()));
        o.add("rssAfterProgramBytes", Json.number(r.at(WorkloadRun.EXIT, WorkloadRun.Sample::rss)));
        o.add("lazyFreeAfterProgramBytes", Json.number(r.at(WorkloadRun.EXIT, WorkloadRun.Sample::lazyFree)));
        o.add("rssAfterReleaseDeferredBytes", Json.number(r.at(WorkloadRun.RELEASE_DEFERRED, WorkloadRun.Sample::rss)));
        o.add("releaseDeferredBytes", Json.number(r.releasedByReleaseDeferred()));
        o.add("memoryResidentDropAtReleaseDeferredBytes", Json.number(r.memoryResidentDrop()));
        o.add("rssEndBytes", Json.number(r.at(WorkloadRun.END, WorkloadRun.Sample::rss)));
        o.addProperty("discardCalls", r.discardCalls());
        o.addProperty("discardedBytes", r.discardedBytes());
        o.add("discardStats", r.stats().map(WorkloadJson::stats).orElse(null));
        JsonObject output = new JsonObject();
        r.output().forEach(output::addProperty);
        o.add("output", output);
        o.addProperty("stderr", r.stderr());
        JsonArray samples = new JsonArray();
        for (WorkloadRun.Sample s : r.samples()) {
            JsonObject so = new JsonObject();
            so.addProperty("nanos", s.nanos());
            so.addProperty("event", s.event());
            so.add("rssBytes", Json.number(s.rss()));
            so.add("lazyFreeBytes", Json.number(s.lazyFree()));
            so.addProperty("memoryBytes", s.memoryBytes());
            samples.add(so);
        }
        o.add("samples", samples);
        return o;
    }

    private static JsonObject stats(DiscardStats s) {
        JsonObject o = new JsonObject();
        o.addProperty("releasedBytes", s.releasedBytes());
        o.addProperty("zeroedBytes", s.zeroedBytes());
        o.addProperty("lazyBytes", s.lazyBytes());
        o.addProperty("deferredBytes", s.deferredBytes());
        o.addProperty("pendingBytes", s.pendingBytes());
        o.addProperty("releasedLaterBytes", s.releasedLaterBytes());
        o.addProperty("reusedBytes", s.reusedBytes());
        o.add("reclaimableBytes", Json.number(s.reclaimableBytes()));
        return o;
    }

    /**
     * The run a child JVM printed with {@link #run}; the derived members are recomputed from the
     * samples, not read.
     *
     * @throws IllegalArgumentException if {@code json} is not such a run
     */
    static WorkloadRun parseRun(String json) {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            List<WorkloadRun.Sample> samples = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("samples")) {
                JsonObject s = e.getAsJsonObject();
                samples.add(new WorkloadRun.Sample(
                        s.get("nanos").getAsLong(),
                        string(s.get("event")),
                        optionalLong(s.get("rssBytes")),
                        optionalLong(s.get("lazyFreeBytes")),
                        s.get("memoryBytes").getAsLong()));
            }
            Map<String, String> output = new LinkedHashMap<>();
            o.getAsJsonObject("output")
                    .entrySet()
                    .forEach(e -> output.put(e.getKey(), e.getValue().getAsString()));
            JsonElement st = o.get("discardStats");
            Optional<DiscardStats> stats =
                    st == null || st.isJsonNull() ? Optional.empty() : Optional.of(parseStats(st.getAsJsonObject()));
            return new WorkloadRun(
                    WorkloadPolicy.byId(o.get("policy").getAsString()),
                    o.get("status").getAsString(),
                    string(o.get("reason")),
                    o.get("runNanos").getAsLong(),
                    o.get("exitCode").getAsInt(),
                    samples,
                    output,
                    o.get("stderr").getAsString(),
                    o.get("discardCalls").getAsLong(),
                    o.get("discardedBytes").getAsLong(),
                    optionalLong(o.get("releaseDeferredBytes")),
                    optionalLong(o.get("memoryResidentDropAtReleaseDeferredBytes")),
                    stats);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a workload run: " + e.getMessage(), e);
        }
    }

    private static DiscardStats parseStats(JsonObject o) {
        return new DiscardStats(
                o.get("releasedBytes").getAsLong(),
                o.get("zeroedBytes").getAsLong(),
                o.get("lazyBytes").getAsLong(),
                o.get("deferredBytes").getAsLong(),
                o.get("pendingBytes").getAsLong(),
                o.get("releasedLaterBytes").getAsLong(),
                o.get("reusedBytes").getAsLong(),
                optionalLong(o.get("reclaimableBytes")));
    }

    private static String string(JsonElement e) {
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static OptionalLong optionalLong(JsonElement e) {
        return e == null || e.isJsonNull() ? OptionalLong.empty() : OptionalLong.of(e.getAsLong());
    }
}
