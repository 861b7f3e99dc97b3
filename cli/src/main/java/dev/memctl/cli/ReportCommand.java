package dev.memctl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code memctl report RUN.json...}: the JSON of several {@code memctl measure} runs (other
 * machines, operating systems, kernels, strategies, sizes) as one self-contained HTML page
 * ({@link ReportPage}). Reads every file first and refuses the lot, naming the file, if one cannot
 * be read or is not a scenario run's JSON (exit 2); exit 1 if the page cannot be written.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Combines the JSON of several 'memctl measure --format json' runs (other machines, operating systems,"
                    + " kernels, strategies or sizes) into one self-contained HTML page: each run's machine, a table"
                    + " with a column per run and a row per scenario and strategy, and the runs' charts side by"
                    + " side. See docs/measuring.md."
        },
        footer = {
            "",
            "Exit status: 0 success, 1 the page could not be written, 2 bad input (a file that cannot be read or"
                    + " is not the JSON of memctl measure).",
            "Example: memctl report linux.json macos.json windows.json --out report.html"
        })
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "RUN.json",
            converter = ReportCommand.PathConverter.class,
            description = "The output of 'memctl measure --format json', one file per run; the page shows them in"
                    + " this order.")
    List<Path> files = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "FILE.html",
            defaultValue = "report.html",
            converter = ReportCommand.PathConverter.class,
            description = "Where to write the page (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("report.html");

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String name =
                out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".html") || name.endsWith(".htm"))) {
            throw usage("--out " + out + ": the file name must end in .html");
        }
        if (Files.isDirectory(out)) {
            throw usage("--out " + out + " is a directory");
        }
        List<ReportPage.Run> runs = new ArrayList<>();
        for (Path file : files) {
            runs.add(new ReportPage.Run(String.valueOf(file.getFileName()), read(file)));
        }
        String page = ReportPage.render(runs);
        try {
            Files.writeString(out, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("memctl report: cannot write the page to " + out + ": " + e);
            err.flush();
            return 1;
        }
        return 0;
    }

    private Report read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw usage(file + " is not UTF-8 text, so not the JSON of 'memctl measure --format json'");
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException
                    ? "no such file"
                    : e instanceof AccessDeniedException ? "permission denied" : e.toString();
            throw usage("cannot read " + file + ": " + why);
        }
        try {
            return JsonReportReader.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(file + " is " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Parses a path without picocli's default message, which names the Java exception. */
    static final class PathConverter implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new TypeConversionException(
                        "'" + value.replace("\0", "\\0") + "' is not a valid path here (" + e.getReason() + ")");
            }
        }
    }
}
