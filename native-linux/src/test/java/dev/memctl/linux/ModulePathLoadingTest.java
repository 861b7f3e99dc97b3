package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memctl.linux.classpathchild.ProviderLoadingChild;
import dev.memctl.macos.MacosMemoryProvider;
import dev.memctl.spi.Providers;
import dev.memctl.windows.WindowsMemoryProvider;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * All three native modules on the module path of one JVM, as in an application that ships them
 * all: the providers for other operating systems must say so without initialising a binding
 * class (whose initialisers call restricted methods, which the JDK warns about or, with {@code
 * --illegal-native-access=deny}, refuses), so the JVM prints nothing on stderr. The same child
 * shows the default selection's two outcomes with the real providers: without native access it
 * fails naming the flag for the modules, and on an OS no provider is made for it falls back to
 * the portable provider after one WARN line.
 *
 * <p>The probe for "initialised" is HotSpot's {@code -Xlog:class+init=info}, written to a file:
 * one {@code Initializing 'pkg/Class'} line per class initialisation.
 */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class ModulePathLoadingTest {

    static final String PROBE = "-Xlog:class+init=info";

    @TempDir
    Path dir;

    record Child(int exitCode, String stdout, String stderr, String classInit) {

        /** The binding classes the child initialised, as {@code dev/memctl/<os>/bindings/<Class>}. */
        List<String> initialisedBindings(String os) {
            Pattern p = Pattern.compile("Initializing '(dev/memctl/" + os + "/bindings/[^']+)'");
            return classInit
                    .lines()
                    .map(p::matcher)
                    .filter(m -> m.find())
                    .map(m -> m.group(1))
                    .toList();
        }

        String providerLine(String name) {
            return stdout.lines()
                    .filter(l -> l.startsWith("PROVIDER " + name + " "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no provider " + name + " in:\n" + stdout));
        }
    }

    /** The jar or directory each class was loaded from. */
    static String pathOf(Class<?>... classes) {
        return Stream.of(classes)
                .map(c -> {
                    try {
                        return Path.of(c.getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation()
                                        .toURI())
                                .toString();
                    } catch (URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
    }

    Child run(List<String> options) throws IOException, InterruptedException {
        Path log = dir.resolve("class-init.log");
        List<String> command = new ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElseThrow(), PROBE + ":file=" + log));
        if (Runtime.version().feature() >= 24) {
            // Since JDK 24: a restricted call from a module without native access throws instead of warning.
            command.add("--illegal-native-access=deny");
        }
        command.addAll(options);
        command.addAll(List.of(
                "-p",
                pathOf(
                        Providers.class,
                        LinuxMemoryProvider.class,
                        MacosMemoryProvider.class,
                        WindowsMemoryProvider.class,
                        org.slf4j.Logger.class,
                        org.slf4j.simple.SimpleLogger.class),
                "--add-modules",
                "ALL-MODULE-PATH",
                "-cp",
                pathOf(ProviderLoadingChild.class),
                ProviderLoadingChild.class.getName()));
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String stdout = read(p.getInputStream());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        return new Child(p.exitValue(), stdout, stderr.join(), Files.readString(log));
    }

    static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void otherOsProvidersSayWhyWithoutTouchingTheirBindings() throws Exception {
        Child child = run(List.of("--enable-native-access=dev.memctl.core,dev.memctl.linux"));
        String all = "stdout:\n" + child.stdout() + "\nstderr:\n" + child.stderr();
        assertEquals(0, child.exitCode(), all);
        assertEquals("", child.stderr(), "no JDK warning and no logged error: " + all);
        assertTrue(child.providerLine("linux").contains("available=true thisPlatform=true"), all);
        assertTrue(
                child.providerLine("macos")
                        .contains("available=false thisPlatform=false cause=the macos provider runs only on macOS"),
                all);
        assertTrue(
                child.providerLine("windows")
                        .contains("available=false thisPlatform=false cause=the windows provider runs only on Windows"),
                all);
        assertTrue(child.stdout().contains("DEFAULT linux"), all);

        // The probe must see binding classes being initialised, or its silence below proves nothing.
        if (child.initialisedBindings("linux").isEmpty()) {
            fail("the probe " + PROBE + " reported no initialisation of dev.memctl.linux.bindings, which the"
                    + " available linux provider uses: has HotSpot's 'Initializing' line changed? Log starts:\n"
                    + child.classInit().lines().limit(20).collect(Collectors.joining("\n")));
        }
        assertEquals(
                List.of(),
                child.initialisedBindings("macos"),
                "macOS binding classes initialised on Linux (probe: " + PROBE + ")");
        assertEquals(
                List.of(),
                child.initialisedBindings("windows"),
                "Windows binding classes initialised on Linux (probe: " + PROBE + ")");
    }

    @Test
    void withoutNativeAccessTheDefaultSelectionFailsNamingTheModules() throws Exception {
        Child child = run(List.of());
        String all = "stdout:\n" + child.stdout() + "\nstderr:\n" + child.stderr();
        assertEquals(0, child.exitCode(), all);
        assertEquals("", child.stderr(), "no JDK warning: nothing restricted was called. " + all);
        assertTrue(
                child.providerLine("linux")
                        .contains("available=false thisPlatform=true cause=native access is not"
                                + " enabled for module dev.memctl.linux and module dev.memctl.core"),
                all);
        assertTrue(
                child.stdout()
                        .contains("DEFAULT-FAILED memctl cannot use its linux memory provider: native access"
                                + " is not enabled for module dev.memctl.linux and module dev.memctl.core: start java with"
                                + " --enable-native-access=dev.memctl.linux,dev.memctl.core "),
                all);
        assertTrue(
                child.stdout()
                        .contains(
                                "set -Dmemctl.provider=portable or" + " MemoryConfig.builder().provider(\"portable\")"),
                all);
        for (String os : List.of("linux", "macos", "windows")) {
            assertEquals(
                    List.of(),
                    child.initialisedBindings(os),
                    os + " binding classes initialised (probe: " + PROBE + ")");
        }
    }

    /**
     * On an OS no native provider is made for (the JVM told it is FreeBSD: {@code os.name} given on
     * the command line wins over the JDK's own), the portable provider serves after one WARN line,
     * and no provider, the Linux one included, has initialised a binding class.
     */
    @Test
    void onAnotherOsThePortableProviderServesAfterOneWarningLine() throws Exception {
        Child child = run(List.of("-Dos.name=FreeBSD"));
        String all = "stdout:\n" + child.stdout() + "\nstderr:\n" + child.stderr();
        assertEquals(0, child.exitCode(), all);
        assertTrue(
                child.providerLine("linux")
                        .contains("available=false thisPlatform=false cause=the linux provider runs only on Linux"),
                all);
        assertTrue(
                child.providerLine("macos").contains("thisPlatform=false cause=the macos provider runs only on macOS"),
                all);
        assertTrue(
                child.providerLine("windows")
                        .contains("thisPlatform=false cause=the windows provider runs only on Windows"),
                all);
        assertTrue(child.stdout().contains("DEFAULT portable"), all);
        List<String> stderr = child.stderr().lines().toList();
        assertEquals(1, stderr.size(), "one line, no stack trace: " + all);
        assertTrue(
                stderr.getFirst()
                        .startsWith("[main] WARN dev.memctl.spi.Providers - no native memory provider is"
                                + " made for FreeBSD " + System.getProperty("os.arch") + " (found: "),
                all);
        assertTrue(
                stderr.getFirst()
                        .endsWith(
                                "set -Dmemctl.provider=portable or" + " MemoryConfig.builder().provider(\"portable\")"),
                all);
        for (String os : List.of("linux", "macos", "windows")) {
            assertEquals(
                    List.of(),
                    child.initialisedBindings(os),
                    os + " binding classes initialised (probe: " + PROBE + ")");
        }
        assertTrue(
                child.classInit().lines().noneMatch(l -> l.contains("Initializing 'dev/memctl/linux/LinuxCalls'")),
                "LinuxCalls initialised off Linux (probe: " + PROBE + ")");
    }
}
