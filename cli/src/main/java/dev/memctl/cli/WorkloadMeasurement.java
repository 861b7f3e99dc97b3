package dev.memctl.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs {@code memctl measure --workload}: the program once per policy, each in a child JVM of its
 * own ({@link WorkloadChild}), one after the other.
 *
 * <p><b>Why a JVM per policy.</b> RSS is the whole process's. In one JVM every run after the
 * first would start with the heap the previous runs grew (G1 gives it back late, if at all), the
 * JIT's code and the interpreter already compiled, so the policies would start from different
 * baselines and run at different speeds, and the order of the runs would decide part of the
 * result. A fresh JVM gives each policy the same start; it costs a JVM start-up per policy (about
 * half a second here), which is not part of the timeline. The child gets a small fixed heap,
 * pre-touched ({@link #HEAP_OPTIONS}), so the heap's first touches do not show up as the
 * workload's memory.
 */
final class WorkloadMeasurement {

    /**
     * The children's heap: small, fixed and touched at start-up, so heap growth does not move RSS
     * during the run (the program's memory is native and outside the heap); serial GC, whose
     * threads do not compete with the interpreter for the cores.
     */
    static final List<String> HEAP_OPTIONS =
            List.of("-Xms64m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-Xss4m");

    private static final String CHILD = WorkloadChild.class.getName();

    /** Told when a run starts, for a progress line. */
    interface Listener {
        void starting(WorkloadPolicy policy, int index, int count);

        Listener NONE = (p, i, n) -> {};
    }

    private final WorkloadReport.Settings settings;
    private final String programSource;
    private final String provider;

    WorkloadMeasurement(WorkloadReport.Settings settings, String programSource, String provider) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.programSource = Objects.requireNonNull(programSource, "programSource");
        this.provider = provider;
    }

    /**
     * Runs every policy of the settings, those the provider cannot serve reported as unsupported
     * with {@code unsupportedReason}'s words.
     */
    List<WorkloadRun> run(java.util.function.Function<WorkloadPolicy, String> unsupportedReason, Listener listener) {
        List<WorkloadRun> runs = new ArrayList<>();
        List<WorkloadPolicy> policies = settings.policies();
        for (int i = 0; i < policies.size(); i++) {
            WorkloadPolicy p = policies.get(i);
            String why = unsupportedReason.apply(p);
            if (why != null) {
                runs.add(WorkloadRun.notRun(p, WorkloadRun.UNSUPPORTED, why));
                continue;
            }
            listener.starting(p, i, policies.size());
            runs.add(runChild(spec(p)));
        }
        return runs;
    }

    WorkloadChild.Spec spec(WorkloadPolicy p) {
        return new WorkloadChild.Spec(
                p,
                settings.decay(),
                settings.maxPendingBytes(),
                settings.intervalNanos(),
                settings.holdNanos(),
                provider,
                programSource,
                settings.arguments());
    }

    /** The command line of a child JVM that runs {@code spec}. */
    static List<String> command(WorkloadChild.Spec spec) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current()
                .info()
                .command()
                .orElseGet(() ->
                        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // The parent's native access and memctl properties (e.g. -Dmemctl.provider), nothing else
        // of its options: a debugger agent or a large heap are not the child's business.
        List<String> parent = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < parent.size(); i++) {
            String a = parent.get(i);
            if (a.startsWith("--enable-native-access=") || a.startsWith("-Dmemctl.")) {
                cmd.add(a);
            } else if (a.equals("--enable-native-access") && i + 1 < parent.size()) {
                cmd.add(a);
                cmd.add(parent.get(++i));
            }
        }
        cmd.addAll(HEAP_OPTIONS);
        Module module = WorkloadChild.class.getModule();
        String modulePath = System.getProperty("jdk.module.path");
        if (module.isNamed() && modulePath != null) {
            cmd.addAll(List.of("-p", modulePath, "-m", module.getName() + "/" + CHILD));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CHILD));
        }
        cmd.add(spec.toJson());
        return cmd;
    }

    /** Runs one child and reads its run; a child that fails is a failed run with its last words. */
    static WorkloadRun runChild(WorkloadChild.Spec spec) {
        File out = null;
        File err = null;
        Process process = null;
        Thread killer = null;
        try {
            out = File.createTempFile("memctl-workload", ".json");
            err = File.createTempFile("memctl-workload", ".err");
            process = new ProcessBuilder(command(spec))
                    .redirectOutput(out)
                    .redirectError(err)
                    .start();
            Process started = process;
            killer = new Thread(started::destroyForcibly, "memctl-workload-child-killer");
            Runtime.getRuntime().addShutdownHook(killer); // Ctrl-C must not leave a child running
            int status = process.waitFor();
            String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
            if (status != 0 || stdout.isBlank()) {
                return WorkloadRun.notRun(
                        spec.policy(),
                        WorkloadRun.FAILED,
                        "the child JVM exited with status " + status + lastLines(stderr));
            }
            return WorkloadJson.parseRun(stdout);
        } catch (IOException | IllegalArgumentException e) {
            return WorkloadRun.notRun(spec.policy(), WorkloadRun.FAILED, "cannot run the child JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
            return WorkloadRun.notRun(spec.policy(), WorkloadRun.FAILED, "interrupted");
        } finally {
            if (killer != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(killer);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
            }
            delete(out);
            delete(err);
        }
    }

    private static String lastLines(String stderr) {
        List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        return ": " + String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    private static void delete(File f) {
        if (f != null && !f.delete() && f.exists()) {
            f.deleteOnExit();
        }
    }

    /** A progress line per run on {@code err}. */
    static Listener progress(PrintWriter err, String program) {
        return (p, i, n) -> {
            err.println("memctl measure: running " + program + " under " + p.id() + " (" + (i + 1) + "/" + n + ")");
            err.flush();
        };
    }
}
