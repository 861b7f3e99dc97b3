package dev.memctl.benchmarks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run read back from its {@code summary.json} ({@link Report#json}): its environment, every JMH
 * result and C figure, and the checks its table had. Enough to build the run's {@link Report}
 * again with today's rows, for {@code Suite --render}, and to say where today's table differs
 * from the one the run wrote.
 *
 * @param checks the checks of each row as the run saved them, by row id
 */
record SavedRun(
        Map<String, String> env,
        List<Report.Measured> results,
        Baseline c,
        Optional<Report.Portable> portable,
        Map<String, List<SavedCheck>> checks) {

    /** A check as summary.json has it; {@code low} and {@code high} are NaN where it says null. */
    record SavedCheck(String what, double value, double low, double high, String target) {}

    /** The run that {@code json}, a summary.json, describes. */
    static SavedRun parse(String json) {
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        Map<String, String> env = strings(root.getAsJsonObject("environment"));
        List<Report.Measured> results = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("jmh")) {
            results.add(measured(e.getAsJsonObject()));
        }
        Map<String, Baseline.Stat> stats = new LinkedHashMap<>();
        for (JsonElement e : root.getAsJsonArray("c")) {
            JsonObject o = e.getAsJsonObject();
            String name = o.get("name").getAsString();
            stats.put(
                    name,
                    new Baseline.Stat(
                            name,
                            o.get("samples").getAsInt(),
                            number(o, "mean"),
                            number(o, "median"),
                            number(o, "min"),
                            number(o, "max"),
                            number(o, "stdev")));
        }
        Map<String, String> skipped = root.has("cSkipped") ? strings(root.getAsJsonObject("cSkipped")) : Map.of();
        Optional<Report.Portable> portable =
                Optional.ofNullable(env.get("portable")).map(SavedRun::portable);
        Map<String, List<SavedCheck>> checks = new LinkedHashMap<>();
        for (JsonElement e : root.getAsJsonArray("rows")) {
            JsonObject row = e.getAsJsonObject();
            List<SavedCheck> list = new ArrayList<>();
            for (JsonElement k : row.getAsJsonArray("checks")) {
                JsonObject check = k.getAsJsonObject();
                list.add(new SavedCheck(
                        check.get("what").getAsString(),
                        number(check, "value"),
                        number(check, "low"),
                        number(check, "high"),
                        check.get("target").getAsString()));
            }
            checks.put(row.get("id").getAsString(), list);
        }
        return new SavedRun(env, results, new Baseline(Map.of(), stats, skipped), portable, checks);
    }

    /** The run's table as {@link Report} computes it today from the run's figures. */
    Report report() {
        return new Report(results, c, env, portable);
    }

    /**
     * Where {@code rows} (today's table of this run, from {@link #report()}) differ from the
     * checks the run saved: a value or an interval end that is not the same (beyond rounding), a
     * check the run had and today's row lacks or the other way round, and a target that changed
     * since. Empty when today's table says what the run's said.
     */
    List<String> differences(List<Report.Row> rows) {
        List<String> out = new ArrayList<>();
        Map<String, Report.Row> today = new LinkedHashMap<>();
        rows.forEach(r -> today.put(r.id(), r));
        checks.forEach((id, saved) -> {
            List<Report.Check> now = today.containsKey(id) ? today.get(id).checks() : List.of();
            for (int i = 0; i < Math.max(saved.size(), now.size()); i++) {
                if (i >= now.size()) {
                    out.add("row " + id + ": the run's check " + saved.get(i).what() + " is not in today's table");
                    continue;
                }
                if (i >= saved.size()) {
                    out.add("row " + id + ": today's check " + now.get(i).what() + " was not in the run's table");
                    continue;
                }
                SavedCheck s = saved.get(i);
                Report.Check n = now.get(i);
                if (!same(s.value(), n.value()) || !same(s.low(), n.min()) || !same(s.high(), n.max())) {
                    out.add("row " + id + ", " + n.text() + " today, " + Report.num(s.value()) + " ["
                            + Report.num(s.low()) + "–" + Report.num(s.high()) + "] in the run's table");
                }
                if (!s.target().equals(n.target())) {
                    out.add("row " + id + ": target " + s.target() + " in the run's table, " + n.target() + " today");
                }
            }
        });
        return out;
    }

    /** Equal to rounding, where summary.json's null (NaN here) stands for any value that is not finite. */
    private static boolean same(double saved, double now) {
        if (Double.isNaN(saved) || !Double.isFinite(now)) {
            return Double.isNaN(saved) && !Double.isFinite(now);
        }
        return Math.abs(saved - now) <= 1e-9 * Math.max(1, Math.abs(saved));
    }

    private static Report.Measured measured(JsonObject o) {
        String benchmark = o.get("benchmark").getAsString();
        Map<String, String> params = strings(o.getAsJsonObject("params"));
        if (benchmark.equals("ChicoryWorkloadBenchmark.run") && !params.containsKey("engine")) {
            // Runs before commit 7e73c0a (2026-12-02) ran row 10 on Chicory's interpreter only
            // and had no engine parameter.
            params.put("engine", ChicoryWorkloadBenchmark.INTERPRETER);
        }
        Map<String, Report.Figure> figures = new LinkedHashMap<>();
        for (String key : o.keySet()) {
            if (key.startsWith("churn.") && !key.endsWith(".error")) {
                figures.put(key, new Report.Figure(number(o, key), number(o, key + ".error")));
            }
        }
        return new Report.Measured(
                benchmark,
                params,
                number(o, "score"),
                number(o, "error"),
                o.get("unit").getAsString(),
                number(o, "gc.alloc.rate.norm"),
                figures);
    }

    /** The portable mode of a run whose environment says {@code line}: Suite writes "OS: left out ...". */
    private static Report.Portable portable(String line) {
        int end = line.indexOf(": left out");
        return new Report.Portable(end < 0 ? line : line.substring(0, end));
    }

    /** A member as a double: NaN where it is null or absent, as {@link Report#json} writes what is not a number. */
    private static double number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    private static Map<String, String> strings(JsonObject o) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : o.keySet()) {
            m.put(key, o.get(key).getAsString());
        }
        return m;
    }
}
