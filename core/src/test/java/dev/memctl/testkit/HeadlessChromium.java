package dev.memctl.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for the tests that look at a page as a browser draws it (cli's {@code
 * ReportBrowserTest}, benchmarks' {@code ChartBrowserTest}): found on the PATH, run once per
 * action ({@code --screenshot=FILE}, {@code --dump-dom}) with a fresh profile.
 *
 * <p>Chromium is Debian's {@code chromium} package (.ci/run installs it). Without it {@link #find}
 * fails, naming the package, unless {@code -Dmemctl.tests.externalTools=skip-missing} (the GitHub
 * matrix), which skips the test with that reason.
 */
public final class HeadlessChromium {

    private static final List<String> NAMES =
            List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    private final String executable;
    private final Path workDir;

    private HeadlessChromium(String executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /**
     * Chromium on the PATH, its profiles and error output in {@code workDir}; or a failure (a skip
     * with skip-missing) naming the package and {@code subject}, what the test looks at.
     */
    public static HeadlessChromium find(Path workDir, String subject) {
        String path = System.getenv().getOrDefault("PATH", "");
        Optional<Path> found = NAMES.stream()
                .flatMap(name -> Stream.of(path.split(java.io.File.pathSeparator))
                        .filter(d -> !d.isEmpty())
                        .map(d -> Path.of(d, name)))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isPresent()) {
            return new HeadlessChromium(found.get().toString(), workDir);
        }
        String message = "no chromium (nor chromium-browser, google-chrome) on the PATH for the headless browser"
                + " test of " + subject + "; install the Debian package: apt-get install chromium";
        if ("skip-missing".equals(System.getProperty("memctl.tests.externalTools"))) {
            Assumptions.abort(message + " (skipped: memctl.tests.externalTools=skip-missing)");
        }
        return fail(message);
    }

    /**
     * Runs Chromium on {@code file} in a window of {@code width} x {@code height} with {@code
     * action} and any {@code flags} before it; returns its standard output. Fails if it does not
     * finish in 60 s or exits with an error, showing its error output.
     */
    public String browse(String action, Path file, int width, int height, String... flags) throws IOException {
        Path profile = Files.createTempDirectory(workDir, "profile");
        Path stderr = workDir.resolve("chromium-stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                executable,
                "--headless",
                "--disable-gpu",
                "--no-sandbox",
                "--no-first-run",
                "--disable-dev-shm-usage"));
        command.addAll(List.of(flags));
        command.add("--user-data-dir=" + profile);
        command.add("--window-size=" + width + "," + height);
        command.add(action);
        command.add(file.toUri().toString());
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(executable + " " + action + " did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (p.exitValue() != 0) {
            fail(executable + " " + action + " exited with " + p.exitValue() + ":\n" + Files.readString(stderr));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
